import QuarryBase
import QuarryEngine

/// The second pass over a CSV file: parses each field straight into its column's typed array.
struct CSVColumnBuilder: CSVVisitor {
    let bytes: UnsafeBufferPointer<UInt8>
    let types: [DataType]
    let names: [String]
    /// Columns whose type was given rather than inferred: their values must be checked.
    let strict: [Bool]
    let path: String
    /// The file's column arrays; this builder writes only its own rows of them.
    let out: CSVColumnArrays.Pointers
    /// One dictionary per column (used by string columns): this part's own, merged afterwards.
    let strings: ByteDictionaryBuilders
    /// The row being read, counted from the file's first row.
    var row: Int
    /// The row after this builder's last: the first pass counted them, and writing past it
    /// would overwrite another part's rows.
    let endRow: Int
    private var scratch: [UInt8] = []
    /// String fields wait here to be looked up in batches (see `ByteDictionaryBuilder.codes`).
    private let pending: PendingStrings
    /// Pages already parsed may be let go (see `PageReleaser`).
    var releaser = PageReleaser.none
    var released = 0

    /// A builder for `rows` (counted from the file's first row), written into `out`.
    init(
        bytes: UnsafeBufferPointer<UInt8>, types: [DataType], names: [String], strict: [Bool], path: String,
        out: CSVColumnArrays.Pointers, rows: Range<Int>, strings: ByteDictionaryBuilders? = nil
    ) {
        self.bytes = bytes
        self.types = types
        self.names = names
        self.strict = strict
        self.path = path
        self.out = out
        row = rows.lowerBound
        endRow = rows.upperBound
        self.strings = strings ?? ByteDictionaryBuilders(count: types.count)
        pending = PendingStrings(columns: types.count)
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
            out.ints[column]![row] = x
        case .float:
            guard !escaped, !strict[column] || FieldClassifier.isFloat(bytes, start, end),
                let x = CSVNumbers.parseDouble(bytes, start, end)
            else { throw badValue(column, start, end, line) }
            out.floats[column]![row] = x
        case .bool:
            guard !escaped, let b = CSVNumbers.parseBool(bytes, start, end) else { throw badValue(column, start, end, line) }
            out.bools[column]![row] = b
        case .date:
            guard !escaped, let d = CSVNumbers.parseDate(bytes, start, end) else { throw badValue(column, start, end, line) }
            out.dates[column]![row] = d
        case .timestamp:
            guard !escaped, let t = CSVNumbers.parseTimestamp(bytes, start, end) else { throw badValue(column, start, end, line) }
            out.timestamps[column]![row] = t
        case .string, .null:
            if escaped {
                // Looked up now, after the column's waiting fields, so codes stay in order of first use.
                pending.flush(column, bytes: bytes, strings: strings, out: out)
                scratch.removeAll(keepingCapacity: true)
                var i = start
                while i < end {
                    scratch.append(bytes[i])
                    i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
                }
                out.codes[column]![row] = scratch.withUnsafeBufferPointer { strings.builders[column].code(for: $0, 0, $0.count) }
            } else {
                pending.add(column, start, end, row: row, bytes: bytes, strings: strings, out: out)
            }
        }
        out.validity[column]![row >> 6] |= 1 << UInt64(row & 63)
    }

    mutating func endRow(fields: Int, line: Int) throws(Diagnostic) { row += 1 }

    /// Looks up the string fields still waiting; call once the scan is done, before `strings`
    /// and the codes are read.
    func finish() {
        for column in types.indices { pending.flush(column, bytes: bytes, strings: strings, out: out) }
    }

    mutating func beginRow(offset: Int, line: Int) {
        precondition(row < endRow, "the second pass found more rows than the first counted")
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
}

/// Each string column's fields waiting to be looked up, and their rows: a fixed batch per column.
final class PendingStrings {
    static let batch = 128
    private let ranges: UnsafeMutablePointer<ByteRange>
    private let rows: UnsafeMutablePointer<Int>
    private let counts: UnsafeMutablePointer<Int>
    private let codes: UnsafeMutablePointer<Int32>

    init(columns: Int) {
        ranges = .allocate(capacity: max(1, columns) * Self.batch)
        rows = .allocate(capacity: max(1, columns) * Self.batch)
        counts = .allocate(capacity: max(1, columns))
        counts.initialize(repeating: 0, count: max(1, columns))
        codes = .allocate(capacity: Self.batch)
    }

    deinit {
        ranges.deallocate()
        rows.deallocate()
        counts.deallocate()
        codes.deallocate()
    }

    @inline(__always)
    func add(
        _ column: Int, _ start: Int, _ end: Int, row: Int, bytes: UnsafeBufferPointer<UInt8>, strings: ByteDictionaryBuilders,
        out: CSVColumnArrays.Pointers
    ) {
        let k = counts[column]
        ranges[column * Self.batch + k] = ByteRange(start: start, end: end)
        rows[column * Self.batch + k] = row
        counts[column] = k + 1
        if k + 1 == Self.batch { flush(column, bytes: bytes, strings: strings, out: out) }
    }

    /// Looks up `column`'s waiting fields and writes their codes into their rows.
    func flush(_ column: Int, bytes: UnsafeBufferPointer<UInt8>, strings: ByteDictionaryBuilders, out: CSVColumnArrays.Pointers) {
        let count = counts[column]
        guard count > 0, let target = out.codes[column] else { return }
        let first = column * Self.batch
        strings.builders[column].codes(for: bytes, UnsafeBufferPointer(start: ranges + first, count: count), into: codes)
        for i in 0..<count { target[rows[first + i]] = codes[i] }
        counts[column] = 0
    }
}
