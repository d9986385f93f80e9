/// The second pass over a CSV file: parses each field straight into its column's typed array.
struct CSVColumnBuilder: CSVVisitor {
    let bytes: UnsafeBufferPointer<UInt8>
    let types: [DataType]
    let names: [String]
    /// Columns whose type was given rather than inferred: their values must be checked.
    let strict: [Bool]
    let path: String
    var ints: [[Int64]]
    var floats: [[Double]]
    var bools: [[Bool]]
    var dates: [[Int32]]
    var timestamps: [[Int64]]
    var strings: [ByteDictionaryBuilder]
    var codes: [[Int32]]
    var validity: [Bitmap]
    var row = 0
    private var scratch: [UInt8] = []
    /// Pages already parsed may be let go (see `PageReleaser`).
    var releaser = PageReleaser.none
    var released = 0

    init(bytes: UnsafeBufferPointer<UInt8>, types: [DataType], names: [String], strict: [Bool], rows: Int, path: String) {
        self.bytes = bytes
        self.types = types
        self.names = names
        self.strict = strict
        self.path = path
        func arrays<T>(_ type: DataType, _ zero: T) -> [[T]] {
            types.map { $0 == type ? [T](repeating: zero, count: rows) : [] }
        }
        ints = arrays(.int, 0)
        floats = arrays(.float, 0)
        bools = arrays(.bool, false)
        dates = arrays(.date, 0)
        timestamps = arrays(.timestamp, 0)
        codes = arrays(.string, 0)
        strings = types.map { _ in ByteDictionaryBuilder() }
        validity = types.map { _ in Bitmap(count: rows, value: false) }
    }

    mutating func field(_ column: Int, _ start: Int, _ end: Int, quoted: Bool, escaped: Bool, line: Int) throws(Diagnostic) {
        guard end > start else { return }
        let type = types[column]
        if type != .string, FieldClassifier.isNullWord(bytes, start, end) { return }
        // Inferred types always parse; a value that does not is one a type override asked for.
        switch type {
        case .int:
            // Inferred int columns hold only whole numbers; only an override needs the check.
            guard !escaped,
                let x = strict[column] ? CSVNumbers.parseWholeNumber(bytes, start, end) : CSVNumbers.parseInt(bytes, start, end)
            else { throw badValue(column, start, end, line) }
            ints[column][row] = x
        case .float:
            guard !escaped, !strict[column] || FieldClassifier.numberKinds(bytes, start, end).contains(.float),
                let x = CSVNumbers.parseDouble(bytes, start, end)
            else { throw badValue(column, start, end, line) }
            floats[column][row] = x
        case .bool:
            guard !escaped, let b = CSVNumbers.parseBool(bytes, start, end) else { throw badValue(column, start, end, line) }
            bools[column][row] = b
        case .date:
            guard !escaped, let d = CSVNumbers.parseDate(bytes, start, end) else { throw badValue(column, start, end, line) }
            dates[column][row] = d
        case .timestamp:
            guard !escaped, let t = CSVNumbers.parseTimestamp(bytes, start, end) else { throw badValue(column, start, end, line) }
            timestamps[column][row] = t
        case .string, .null:
            if escaped {
                scratch.removeAll(keepingCapacity: true)
                var i = start
                while i < end {
                    scratch.append(bytes[i])
                    i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
                }
                codes[column][row] = scratch.withUnsafeBufferPointer { strings[column].code(for: $0, 0, $0.count) }
            } else {
                codes[column][row] = strings[column].code(for: bytes, start, end)
            }
        }
        validity[column].set(row)
    }

    mutating func endRow(fields: Int, line: Int) throws(Diagnostic) { row += 1 }

    mutating func beginRow(offset: Int, line: Int) {
        if row & 0xFFFF == 0, row > 0 {
            releaser.release(released, offset)
            released = offset
        }
    }

    func badValue(_ column: Int, _ start: Int, _ end: Int, _ line: Int) -> Diagnostic {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Diagnostic.valueDoesNotFit(
            path, line: line, column: column + 1, name: names[column], value: text, type: types[column])
    }

    /// The finished columns; rows with fewer fields than the header were left null.
    mutating func finish() -> [Column] {
        types.indices.map { i in
            let storage: Column.Storage
            switch types[i] {
            case .int: storage = .int(ints[i])
            case .float: storage = .float(floats[i])
            case .bool: storage = .bool(bools[i])
            case .date: storage = .date(dates[i])
            case .timestamp: storage = .timestamp(timestamps[i])
            case .string, .null: storage = .string(codes: codes[i], dictionary: strings[i].build())
            }
            return Column(storage, validity: validity[i])
        }
    }
}
