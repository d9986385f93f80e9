import QuarryBase
import QuarryEngine

/// Loads JSON (an array of objects) or NDJSON / JSON Lines (one object per line) into a table.
///
/// Keys become columns in the order first seen; a missing key is null. Numbers become int (when
/// every value is whole) or float; strings become string, or date / timestamp when every value
/// reads as one; true/false become bool; nested objects and arrays are kept as JSON text.
enum JSONLoader {
    /// One value as found in the file: its kind and where its bytes are.
    struct Cell {
        enum Kind { case null, bool, number, string, raw }
        var kind: Kind
        var start: Int
        var end: Int
        /// For strings: whether escapes must be decoded.
        var escaped = false
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, lines: Bool, options: LoadOptions) throws(Diagnostic)
        -> Table
    {
        // Every value's place is kept until the columns are typed: up to a few times the text.
        try options.memory.check(
            bytes.count * 4, for: "reading its \(ByteSize.format(bytes.count)) of JSON takes up to four times that",
            file: path)
        var parser = JSONParser(bytes: bytes, path: path)
        var names: [String] = []
        var index: [String: Int] = [:]
        var cells: [[(row: Int32, cell: Cell)]] = []
        var rows = 0
        func addObject(_ members: [(String, Cell)]) {
            for (key, cell) in members {
                let column: Int
                if let known = index[key] {
                    column = known
                } else {
                    column = names.count
                    index[key] = column
                    names.append(key)
                    cells.append([])
                }
                if cell.kind != .null { cells[column].append((Int32(rows), cell)) }
            }
            rows += 1
        }
        parser.skipSpace()
        if lines {
            while !parser.atEnd {
                addObject(try parser.object())
                parser.skipSpace()
            }
        } else {
            try parser.expect(UInt8(ascii: "["), "`[` to start an array of objects")
            parser.skipSpace()
            if parser.peek == UInt8(ascii: "]") {
                parser.position += 1
            } else {
                while true {
                    addObject(try parser.object())
                    parser.skipSpace()
                    if parser.peek == UInt8(ascii: ",") {
                        parser.position += 1
                        continue
                    }
                    try parser.expect(UInt8(ascii: "]"), "`,` or `]` after an object")
                    break
                }
            }
            parser.skipSpace()
            guard parser.atEnd else { throw parser.syntaxError("nothing may follow the array") }
        }
        let chosen = try options.columnTypes(for: names, path: path)
        var columns: [Column] = []
        for (i, name) in names.enumerated() {
            let type = chosen[i] ?? inferType(cells[i], bytes)
            columns.append(try build(cells[i], rows: rows, type: type, name: name, column: i, bytes: bytes, path: path))
        }
        return Table(names: names, columns: columns, rowCount: rows)
    }

    /// The first byte after an optional byte-order mark and white space (0 when there is none):
    /// `[` starts a JSON array, `{` a line of NDJSON.
    static func firstCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var i = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count ? bytes[i] : 0
    }

    static func inferType(_ cells: [(row: Int32, cell: Cell)], _ bytes: UnsafeBufferPointer<UInt8>) -> DataType {
        guard let first = cells.first?.cell.kind else { return .string }
        guard cells.allSatisfy({ $0.cell.kind == first }) else { return .string }
        switch first {
        case .bool: return .bool
        case .number:
            // A number too large for a double (1e400) keeps the column as text, never a silent inf.
            guard cells.allSatisfy({ FieldClassifier.fitsDouble(bytes, $0.cell.start, $0.cell.end) }) else { return .string }
            let whole = cells.allSatisfy { c in
                CSVNumbers.parseInt(bytes, c.cell.start, c.cell.end) != nil
                    && !bytes[c.cell.start..<c.cell.end].contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
            }
            return whole ? .int : .float
        case .string:
            if cells.allSatisfy({ !$0.cell.escaped && CSVNumbers.parseDate(bytes, $0.cell.start, $0.cell.end) != nil }) {
                return .date
            }
            if cells.allSatisfy({ !$0.cell.escaped && CSVNumbers.parseTimestamp(bytes, $0.cell.start, $0.cell.end) != nil }) {
                return .timestamp
            }
            return .string
        default: return .string
        }
    }

    /// Converts one column's cells to `type`; a value that does not fit is an error naming it.
    static func build(
        _ cells: [(row: Int32, cell: Cell)], rows: Int, type: DataType, name: String, column: Int,
        bytes: UnsafeBufferPointer<UInt8>, path: String
    ) throws(Diagnostic) -> Column {
        var valid = Bitmap(count: rows, value: false)
        func fail(_ cell: Cell) -> Diagnostic {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end]), as: UTF8.self)
            return Diagnostic.valueDoesNotFit(
                path, line: JSONParser.line(of: cell.start, in: bytes), column: column + 1,
                name: name, value: text, type: type)
        }
        switch type {
        case .int, .float, .bool, .date, .timestamp:
            var ints = [Int64](repeating: 0, count: type == .int || type == .timestamp ? rows : 0)
            var floats = [Double](repeating: 0, count: type == .float ? rows : 0)
            var bools = [Bool](repeating: false, count: type == .bool ? rows : 0)
            var dates = [Int32](repeating: 0, count: type == .date ? rows : 0)
            for (row, cell) in cells {
                let r = Int(row)
                let isText = cell.kind == .string && !cell.escaped
                switch type {
                case .int:
                    guard cell.kind == .number || isText, let x = CSVNumbers.parseWholeNumber(bytes, cell.start, cell.end) else {
                        throw fail(cell)
                    }
                    ints[r] = x
                case .float:
                    guard cell.kind == .number || isText, FieldClassifier.isFloat(bytes, cell.start, cell.end),
                        let x = CSVNumbers.parseDouble(bytes, cell.start, cell.end)
                    else {
                        throw fail(cell)
                    }
                    floats[r] = x
                case .bool:
                    guard cell.kind == .bool || isText, let b = CSVNumbers.parseBool(bytes, cell.start, cell.end) else {
                        throw fail(cell)
                    }
                    bools[r] = b
                case .date:
                    guard isText, let d = CSVNumbers.parseDate(bytes, cell.start, cell.end) else { throw fail(cell) }
                    dates[r] = d
                default:
                    guard isText, let t = CSVNumbers.parseTimestamp(bytes, cell.start, cell.end) else { throw fail(cell) }
                    ints[r] = t
                }
                valid.set(r)
            }
            let storage: Column.Storage =
                switch type {
                case .int: .int(ints)
                case .float: .float(floats)
                case .bool: .bool(bools)
                case .date: .date(dates)
                default: .timestamp(ints)
                }
            return Column(storage, validity: valid)
        case .string, .null:
            var builder = ByteDictionaryBuilder()
            var codes = [Int32](repeating: 0, count: rows)
            for (row, cell) in cells {
                if cell.kind == .string && cell.escaped {
                    let text = Array(JSONParser.decodeString(bytes, cell.start, cell.end).utf8)
                    codes[Int(row)] = text.withUnsafeBufferPointer { builder.code(for: $0, 0, $0.count) }
                } else {
                    codes[Int(row)] = builder.code(for: bytes, cell.start, cell.end)
                }
                valid.set(Int(row))
            }
            return Column(.string(codes: codes, dictionary: builder.build()), validity: valid)
        }
    }
}
