import QuarryBase
import QuarryEngine

/// The second pass over a region: parses each value straight into its column's typed array, at
/// the region's own rows; strings are coded into the region's own dictionaries, which the
/// caller absorbs into the first region's.
struct JSONRegionBuilder: JSONVisitor {
    let bytes: UnsafeBufferPointer<UInt8>
    let types: [DataType]
    /// Columns whose type was given rather than inferred: their values must be checked.
    let strict: [Bool]
    /// The file's column arrays; this builder writes only its own rows of them.
    let out: CSVColumnArrays.Pointers
    /// One dictionary per column (used by string columns): this region's own.
    let strings: ByteDictionaryBuilders
    private var keys: JSONKeyTable
    /// The row being read, counted from the file's first row, and the row after the region's last.
    private(set) var row: Int
    let endRow: Int
    /// The first value found that its column's given type does not take: the one in the lowest
    /// column, the earliest there.
    private(set) var failure: JSONFault?
    private var failedColumn = Int.max
    /// String values wait here to be looked up in batches (see `ByteDictionaryBuilder.codes`).
    private let pending: PendingStrings
    private var scratch: [UInt8] = []
    var releaser = PageReleaser.none
    var released = 0

    init(
        bytes: UnsafeBufferPointer<UInt8>, names: [String], types: [DataType], strict: [Bool],
        out: CSVColumnArrays.Pointers, rows: Range<Int>
    ) {
        self.bytes = bytes
        self.types = types
        self.strict = strict
        self.out = out
        keys = JSONKeyTable(names: names)
        row = rows.lowerBound
        endRow = rows.upperBound
        strings = ByteDictionaryBuilders(count: types.count)
        pending = PendingStrings(columns: types.count)
    }

    /// Fills `rows` of `out` from `region` (which the first pass read without fault). Returns
    /// the region's dictionaries, or the first value that does not fit its given type.
    static func build(
        _ region: JSONRegion, names: [String], types: [DataType], strict: [Bool], out: CSVColumnArrays.Pointers,
        rows: Range<Int>, releaser: PageReleaser = .none
    ) -> Result<ByteDictionaryBuilders, JSONFault> {
        out.clear(rows)
        var builder = JSONRegionBuilder(
            bytes: region.bytes, names: names, types: types, strict: strict, out: out, rows: rows)
        builder.releaser = releaser
        builder.released = region.start
        do throws(JSONFault) {
            _ = try region.scan(into: &builder)
        } catch {
            return .failure(error)
        }
        precondition(builder.row == builder.endRow, "the second pass found other rows than the first counted")
        if let failure = builder.failure { return .failure(failure) }
        for column in types.indices {
            builder.pending.flush(column, bytes: region.bytes, strings: builder.strings, out: out)
        }
        return .success(builder.strings)
    }

    @inline(__always)
    mutating func knownKey(at start: Int, member: Int) -> (column: Int, end: Int)? {
        keys.knownKey(bytes, at: start, member: member)
    }

    mutating func column(key start: Int, _ end: Int, escaped: Bool, member: Int) -> Int {
        keys.column(bytes, start, end, escaped: escaped, member: member)
    }

    @inline(__always)
    private mutating func fail(_ column: Int, _ start: Int, _ end: Int) {
        guard column < failedColumn else { return }
        failedColumn = column
        failure = .valueDoesNotFit(column: column, start: start, end: end)
    }

    @inline(__always)
    private func setValid(_ column: Int) {
        out.validity[column]![row >> 6] |= 1 << UInt64(row & 63)
    }

    /// A value kept as its text in a string column.
    @inline(__always)
    private func text(_ column: Int, _ start: Int, _ end: Int) {
        pending.add(column, start, end, row: row, bytes: bytes, strings: strings, out: out)
        setValid(column)
    }

    mutating func string(_ column: Int, _ start: Int, _ end: Int, escaped: Bool) {
        switch types[column] {
        case .string, .null:
            guard escaped else { return text(column, start, end) }
            // Looked up now, after the column's waiting values, so codes stay in order of first use.
            pending.flush(column, bytes: bytes, strings: strings, out: out)
            scratch = Array(JSONParser.decodeString(bytes, start, end).utf8)
            out.codes[column]![row] = scratch.withUnsafeBufferPointer { strings.builders[column].code(for: $0, 0, $0.count) }
        case .date:
            guard !escaped, let d = CSVNumbers.parseDate(bytes, start, end) else { return fail(column, start, end) }
            out.dates[column]![row] = d
        case .timestamp:
            guard !escaped, let t = CSVNumbers.parseTimestamp(bytes, start, end) else { return fail(column, start, end) }
            out.timestamps[column]![row] = t
        case .int:
            guard !escaped, let x = CSVNumbers.parseWholeNumber(bytes, start, end) else { return fail(column, start, end) }
            out.ints[column]![row] = x
        case .float:
            guard !escaped, FieldClassifier.isFloat(bytes, start, end), let x = CSVNumbers.parseDouble(bytes, start, end)
            else { return fail(column, start, end) }
            out.floats[column]![row] = x
        case .bool:
            guard !escaped, let b = CSVNumbers.parseBool(bytes, start, end) else { return fail(column, start, end) }
            out.bools[column]![row] = b
        }
        setValid(column)
    }

    mutating func number(_ column: Int, _ start: Int, _ end: Int, _ shape: JSONNumberShape) {
        switch types[column] {
        case .int:
            // Inferred int columns hold only whole numbers; only a given type needs the check.
            guard
                let x = strict[column]
                    ? CSVNumbers.parseWholeNumber(bytes, start, end) : CSVNumbers.parseInt(bytes, start, end)
            else { return fail(column, start, end) }
            out.ints[column]![row] = x
        case .float:
            guard !strict[column] || FieldClassifier.isFloat(bytes, start, end),
                let x = CSVNumbers.parseDouble(bytes, start, end)
            else { return fail(column, start, end) }
            out.floats[column]![row] = x
        case .string, .null: return text(column, start, end)
        default: return fail(column, start, end)
        }
        setValid(column)
    }

    mutating func bool(_ column: Int, _ value: Bool, _ start: Int, _ end: Int) {
        switch types[column] {
        case .bool: out.bools[column]![row] = value
        case .string, .null: return text(column, start, end)
        default: return fail(column, start, end)
        }
        setValid(column)
    }

    mutating func raw(_ column: Int, _ start: Int, _ end: Int) {
        guard types[column] == .string || types[column] == .null else { return fail(column, start, end) }
        text(column, start, end)
    }

    mutating func endObject(next: Int?) {
        row += 1
        precondition(row <= endRow, "the second pass found more rows than the first counted")
        guard let next, row & 0xFFFF == 0 else { return }
        releaser.release(released, next)
        released = next
    }
}
