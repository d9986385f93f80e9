// The loader as it was before it read straight into columns: a reference for JSONLoaderTests.
// swift-format-ignore-file
@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// Loads JSON (an array of objects) or NDJSON / JSON Lines (one object per line) into a table.
///
/// Keys become columns in the order first seen; a missing key is null. Numbers become int (when
/// every value is whole) or float; strings become string, or date / timestamp when every value
/// reads as one; true/false become bool; nested objects and arrays are kept as JSON text.
enum ReferenceJSONLoader {
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
        var parser = ReferenceJSONParser(bytes: bytes, path: path)
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
                path, line: ReferenceJSONParser.line(of: cell.start, in: bytes), column: column + 1,
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
                    let text = Array(ReferenceJSONParser.decodeString(bytes, cell.start, cell.end).utf8)
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

/// A JSON reader over raw bytes that records where each value is, without building a tree.
struct ReferenceJSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    var position = 0
    /// Nesting of the value being skipped, bounded so no input exhausts the stack.
    static let maximumDepth = 512

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Diagnostic) {
        skipSpace()
        guard peek == byte else { throw syntaxError("expected \(what)") }
        position += 1
    }

    /// The 1-based line of a byte offset.
    static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1 }
        return line
    }

    func syntaxError(_ message: String) -> Diagnostic {
        var column = 1
        var i = min(position, bytes.count) - 1
        while i >= 0, bytes[i] != 0x0A {
            column += 1
            i -= 1
        }
        let found = atEnd ? "the end of the file" : "`\(String(decoding: [bytes[position]], as: UTF8.self))`"
        return Diagnostic.jsonSyntax(
            path, line: ReferenceJSONParser.line(of: position, in: bytes), column: column, message: "\(message), found \(found)")
    }

    /// An object's members, in order; keys are decoded, values located.
    mutating func object() throws(Diagnostic) -> [(String, ReferenceJSONLoader.Cell)] {
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            if atEnd { throw syntaxError("expected an object") }
            let start = position
            _ = try value(depth: 0)
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(position, start + 40)]), as: UTF8.self)
            throw Diagnostic.jsonNotObject(path, line: ReferenceJSONParser.line(of: start, in: bytes), value: text)
        }
        position += 1
        var members: [(String, ReferenceJSONLoader.Cell)] = []
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return members
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw syntaxError("expected a key in double quotes") }
            let key = try string()
            let name =
                key.escaped
                ? ReferenceJSONParser.decodeString(bytes, key.start, key.end)
                : String(decoding: UnsafeBufferPointer(rebasing: bytes[key.start..<key.end]), as: UTF8.self)
            try expect(UInt8(ascii: ":"), "`:` after a key")
            skipSpace()
            members.append((name, try value(depth: 1)))
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "`,` or `}` in an object")
            return members
        }
    }

    /// One value; objects and arrays are skipped over and kept as raw text.
    mutating func value(depth: Int) throws(Diagnostic) -> ReferenceJSONLoader.Cell {
        skipSpace()
        guard let c = peek else { throw syntaxError("expected a value") }
        let start = position
        switch c {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer(depth: depth)
            return ReferenceJSONLoader.Cell(kind: .raw, start: start, end: position)
        case UInt8(ascii: "t"): return try word("true", .bool)
        case UInt8(ascii: "f"): return try word("false", .bool)
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw syntaxError("expected a value")
        }
    }

    mutating func word(_ text: StaticString, _ kind: ReferenceJSONLoader.Cell.Kind) throws(Diagnostic) -> ReferenceJSONLoader.Cell {
        let start = position
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count, FieldClassifier.matchesWord(bytes, position, text) else {
            throw syntaxError("expected a value")
        }
        position += count
        return ReferenceJSONLoader.Cell(kind: kind, start: start, end: position)
    }

    mutating func number() throws(Diagnostic) -> ReferenceJSONLoader.Cell {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while let c = peek, isDigit(c) { position += 1 }
            return position - from
        }
        let whole = digits()
        guard whole > 0, !(whole > 1 && bytes[position - whole] == UInt8(ascii: "0")) else {
            throw syntaxError("malformed number")
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw syntaxError("malformed number") }
        }
        if let e = peek, e | 0x20 == UInt8(ascii: "e") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw syntaxError("malformed number") }
        }
        return ReferenceJSONLoader.Cell(kind: .number, start: start, end: position)
    }

    /// A string's contents (between the quotes), noting whether it has escapes.
    mutating func string() throws(Diagnostic) -> ReferenceJSONLoader.Cell {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return ReferenceJSONLoader.Cell(kind: .string, start: start, end: position - 1, escaped: escaped)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                position += 2
                continue
            }
            if c < 0x20 { throw syntaxError("a control character inside a string") }
            position += 1
        }
        position = bytes.count
        throw syntaxError("a string that is never closed")
    }

    mutating func skipContainer(depth: Int) throws(Diagnostic) {
        guard depth < ReferenceJSONParser.maximumDepth else { throw syntaxError("values nested too deeply") }
        let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let isObject = close == UInt8(ascii: "}")
        position += 1
        skipSpace()
        if peek == close {
            position += 1
            return
        }
        while true {
            skipSpace()
            if isObject {
                guard peek == UInt8(ascii: "\"") else { throw syntaxError("expected a key in double quotes") }
                _ = try string()
                try expect(UInt8(ascii: ":"), "`:` after a key")
            }
            _ = try value(depth: depth + 1)
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(close, isObject ? "`,` or `}`" : "`,` or `]`")
            return
        }
    }

    /// The text of a JSON string with its escapes decoded.
    static func decodeString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var out = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            if !utf8.isEmpty {
                out.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll()
            }
        }
        var i = start
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= end else { return nil }
            return UInt32(String(decoding: UnsafeBufferPointer(rebasing: b[at..<(at + 4)]), as: UTF8.self), radix: 16)
        }
        while i < end {
            let c = b[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else {
                utf8.append(c)
                i += 1
                continue
            }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "u"):
                flush()
                guard var code = hex4(i) else { continue }
                i += 4
                if (0xD800...0xDBFF).contains(code), i + 6 <= end, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
                    let low = hex4(i + 2), (0xDC00...0xDFFF).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: utf8.append(e)
            }
        }
        flush()
        return String(out)
    }
}
