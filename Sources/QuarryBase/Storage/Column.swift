/// A typed column: one contiguous array of values plus a validity bitmap.
///
///     ints:   [ 93 | 1110 | 0 (null) | 630 ]      validity: 1 1 0 1
///     strings: codes [ 0 | 1 | 0 ]  dictionary ["Retail", "Media"]
///
/// The slot of a null row holds an unspecified placeholder; always check `validity` first.
public struct Column: Sendable {
    public enum Storage: Sendable {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        /// Days since 1970-01-01.
        case date([Int32])
        /// Microseconds since 1970-01-01 00:00:00 UTC.
        case timestamp([Int64])
        case string(codes: [Int32], dictionary: StringDictionary)
    }

    public var storage: Storage
    /// Nil when every row holds a value.
    public var validity: Bitmap?

    public init(_ storage: Storage, validity: Bitmap? = nil) {
        self.storage = storage
        self.validity = validity.flatMap { $0.setCount == $0.count ? nil : $0 }
    }

    public var type: DataType {
        switch storage {
        case .int: .int
        case .float: .float
        case .bool: .bool
        case .date: .date
        case .timestamp: .timestamp
        case .string: .string
        }
    }

    public var count: Int {
        switch storage {
        case .int(let v): v.count
        case .float(let v): v.count
        case .bool(let v): v.count
        case .date(let v): v.count
        case .timestamp(let v): v.count
        case .string(let codes, _): codes.count
        }
    }

    @inlinable public func isValid(_ row: Int) -> Bool { validity?[row] ?? true }

    public var nullCount: Int { validity.map { $0.count - $0.setCount } ?? 0 }

    /// The value in one row, for output and tests; kernels read the typed arrays instead.
    public func value(at row: Int) -> Value {
        guard isValid(row) else { return .null }
        switch storage {
        case .int(let v): return .int(v[row])
        case .float(let v): return .float(v[row])
        case .bool(let v): return .bool(v[row])
        case .date(let v): return .date(v[row])
        case .timestamp(let v): return .timestamp(v[row])
        case .string(let codes, let dict): return .string(dict.values[Int(codes[row])])
        }
    }

    /// The rows at `indices`, in that order. An index of -1 gives a null row (used by left joins).
    public func gather(_ indices: [Int32]) -> Column {
        func pick<T>(_ values: [T], _ filler: T) -> [T] {
            values.withUnsafeBufferPointer { source in
                indices.map { $0 >= 0 ? source[Int($0)] : filler }
            }
        }
        let storage: Storage =
            switch storage {
            case .int(let v): .int(pick(v, 0))
            case .float(let v): .float(pick(v, 0))
            case .bool(let v): .bool(pick(v, false))
            case .date(let v): .date(pick(v, 0))
            case .timestamp(let v): .timestamp(pick(v, 0))
            case .string(let codes, let dict): .string(codes: pick(codes, 0), dictionary: dict)
            }
        guard validity != nil || indices.contains(where: { $0 < 0 }) else { return Column(storage) }
        return Column(storage, validity: gatherValidity(indices))
    }

    /// The validity of the rows at `indices`, built a 64-bit word at a time.
    private func gatherValidity(_ indices: [Int32]) -> Bitmap {
        let source = validity?.words ?? []
        let wordCount = (indices.count + 63) >> 6
        let words = [UInt64](unsafeUninitializedCapacity: wordCount) { out, initialized in
            indices.withUnsafeBufferPointer { indices in
                source.withUnsafeBufferPointer { source in
                    for w in 0..<wordCount {
                        var bits: UInt64 = 0
                        for i in w << 6..<min(w << 6 + 64, indices.count) {
                            let row = Int(indices[i])
                            let valid = row >= 0 && (source.isEmpty || source[row >> 6] & (1 << UInt64(row & 63)) != 0)
                            bits |= (valid ? 1 : 0) << UInt64(i & 63)
                        }
                        out[w] = bits
                    }
                }
            }
            initialized = wordCount
        }
        return Bitmap(words: words, count: indices.count)
    }

    /// A column of `count` copies of `value`; `null` of no type becomes a null string column.
    public static func constant(_ value: Value, count: Int, type: DataType? = nil) -> Column {
        switch value {
        case .int(let x): return Column(.int(Array(repeating: x, count: count)))
        case .float(let x): return Column(.float(Array(repeating: x, count: count)))
        case .bool(let x): return Column(.bool(Array(repeating: x, count: count)))
        case .date(let x): return Column(.date(Array(repeating: x, count: count)))
        case .timestamp(let x): return Column(.timestamp(Array(repeating: x, count: count)))
        case .string(let s):
            return Column(.string(codes: Array(repeating: 0, count: count), dictionary: StringDictionary([s])))
        case .null:
            return nulls(type ?? .string, count: count)
        }
    }

    /// A column of `count` nulls of the given type.
    public static func nulls(_ type: DataType, count: Int) -> Column {
        let none = Bitmap(count: count, value: false)
        let storage: Storage =
            switch type {
            case .int: .int(Array(repeating: 0, count: count))
            case .float: .float(Array(repeating: 0, count: count))
            case .bool: .bool(Array(repeating: false, count: count))
            case .date: .date(Array(repeating: 0, count: count))
            case .timestamp: .timestamp(Array(repeating: 0, count: count))
            case .string, .null: .string(codes: Array(repeating: 0, count: count), dictionary: StringDictionary([""]))
            }
        var column = Column(storage)
        column.validity = count == 0 ? nil : none
        return column
    }

    /// Builds a column from values of one type (or nulls); used by tests and small results.
    public static func from(_ values: [Value], type: DataType) -> Column {
        var valid = Bitmap(count: values.count, value: true)
        for (i, v) in values.enumerated() where v.isNull { valid.clear(i) }
        let storage: Storage
        switch type {
        case .int: storage = .int(values.map { if case .int(let x) = $0 { x } else { 0 } })
        case .float:
            storage = .float(
                values.map {
                    switch $0 {
                    case .float(let x): x
                    case .int(let x): Double(x)
                    default: 0
                    }
                })
        case .bool: storage = .bool(values.map { if case .bool(let x) = $0 { x } else { false } })
        case .date: storage = .date(values.map { if case .date(let x) = $0 { x } else { 0 } })
        case .timestamp: storage = .timestamp(values.map { if case .timestamp(let x) = $0 { x } else { 0 } })
        case .string, .null:
            var builder = DictionaryBuilder()
            let codes = values.map { if case .string(let s) = $0 { builder.code(for: s) } else { Int32(0) } }
            if builder.values.isEmpty { _ = builder.code(for: "") }
            storage = .string(codes: codes, dictionary: builder.build())
        }
        return Column(storage, validity: valid)
    }
}

extension Column {
    /// The typed arrays, empty when the column has another type.
    public var intValues: [Int64] { if case .int(let v) = storage { v } else { [] } }
    public var floatValues: [Double] { if case .float(let v) = storage { v } else { [] } }
    public var boolValues: [Bool] { if case .bool(let v) = storage { v } else { [] } }
    public var dateValues: [Int32] { if case .date(let v) = storage { v } else { [] } }
    public var timestampValues: [Int64] { if case .timestamp(let v) = storage { v } else { [] } }
}
