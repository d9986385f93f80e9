import QuarryBase
import QuarryEngine

/// Writes a result as CSV, TSV, JSON, NDJSON or Markdown straight from the typed columns into
/// byte buffers: integers, dates and timestamps by digit arithmetic, strings escaped once per
/// dictionary entry, rows in parallel batches (see `OutputBatches`).
struct TextWriter {
    /// One column as its rows are read: the typed values, and strings already escaped.
    private enum Cells {
        case int([Int64])
        case float([Double])
        case bool([Bool])
        case date([Int32])
        /// Dates whose days all lie in `first..<first + table.count / 10`, each written once
        /// into `table` (10 bytes a day) and copied from there.
        case dateTable([Int32], table: [UInt8], first: Int32)
        case timestamp([Int64])
        case escaped(codes: [Int32], EscapedDictionary)
        case strings(codes: [Int32], [String])
    }

    /// A column's storage as pointers, valid inside `withPointers`: read per cell with no
    /// reference counting.
    private enum CellPointers {
        case int(UnsafeBufferPointer<Int64>)
        case float(UnsafeBufferPointer<Double>)
        case bool(UnsafeBufferPointer<Bool>)
        case date(UnsafeBufferPointer<Int32>)
        case dateTable(UnsafeBufferPointer<Int32>, table: UnsafeRawBufferPointer, first: Int32)
        case timestamp(UnsafeBufferPointer<Int64>)
        case escaped(codes: UnsafeBufferPointer<Int32>, bytes: UnsafeRawBufferPointer, offsets: UnsafeBufferPointer<Int>)
        case strings(codes: UnsafeBufferPointer<Int32>, UnsafeBufferPointer<String>)
    }

    private struct ColumnPointers {
        var cells: CellPointers
        /// The validity bitmap's words; nil when every row holds a value.
        var validity: UnsafeBufferPointer<UInt64>?
    }

    /// What a row is made of, around its cells.
    private struct RowShape {
        var firstStart: [UInt8]
        var start: [UInt8]
        /// Written before each column's cell (the delimiter, or a JSON key).
        var beforeCell: [[UInt8]]
        var end: [UInt8]
        var prefix: [UInt8]
        var suffix: [UInt8]
    }

    private let flavor: TextFlavor
    private let cells: [Cells]
    private let validity: [Bitmap?]
    private let shape: RowShape
    private let rowCount: Int
    private let nullText: [UInt8]
    private let quoteTemporal: Bool

    init(_ table: Table, format: OutputFormat) {
        rowCount = table.rowCount
        let flavor: TextFlavor
        switch format {
        case .csv: flavor = .delimited(UInt8(ascii: ","), loneColumn: table.columnCount == 1)
        case .tsv: flavor = .delimited(UInt8(ascii: "\t"), loneColumn: table.columnCount == 1)
        case .json, .ndjson: flavor = .json
        case .markdown, .table: flavor = .markdown
        }
        self.flavor = flavor
        validity = table.columns.map(\.validity)
        let rows = table.rowCount
        cells = table.columns.map { column in
            switch column.storage {
            case .int(let v): .int(v)
            case .float(let v): .float(v)
            case .bool(let v): .bool(v)
            case .date(let v): TextWriter.dates(v, column.validity)
            case .timestamp(let v): .timestamp(v)
            case .string(let codes, let dictionary):
                dictionary.count <= rows
                    ? .escaped(codes: codes, EscapedDictionary(dictionary, flavor: flavor))
                    : .strings(codes: codes, dictionary.values)
            }
        }
        switch flavor {
        case .delimited(let delimiter, let lone):
            nullText = lone ? TextFlavor.quotePair : []
            quoteTemporal = false
            let d = Character(Unicode.Scalar(delimiter))
            let header = table.names.map { DelimitedText.quote($0, d) }.joined(separator: String(d)) + "\n"
            shape = RowShape(
                firstStart: [], start: [], beforeCell: table.names.indices.map { $0 == 0 ? [] : [delimiter] }, end: [0x0A],
                prefix: Array(header.utf8), suffix: [])
        case .json:
            nullText = Array("null".utf8)
            quoteTemporal = true
            let keys = table.names.enumerated().map { k, name in Array(((k > 0 ? "," : "") + JSONText.escape(name) + ":").utf8) }
            let lines = format == .ndjson
            let empty = rows == 0
            shape = RowShape(
                firstStart: Array((lines ? "{" : "  {").utf8), start: Array((lines ? "{" : ",\n  {").utf8), beforeCell: keys,
                end: Array((lines ? "}\n" : "}").utf8), prefix: lines ? [] : Array((empty ? "[]\n" : "[\n").utf8),
                suffix: lines || empty ? [] : Array("\n]\n".utf8))
        case .markdown:
            nullText = Array("null".utf8)
            quoteTemporal = false
            let header =
                "| " + table.names.map(MarkdownTable.cell).joined(separator: " | ") + " |\n" + "|"
                + table.columns.map { $0.type.isNumeric ? " ---: |" : " --- |" }.joined() + "\n"
            shape = RowShape(
                firstStart: Array("| ".utf8), start: Array("| ".utf8),
                beforeCell: table.names.indices.map { Array(($0 == 0 ? "" : " | ").utf8) }, end: Array(" |\n".utf8),
                prefix: Array(header.utf8), suffix: [])
        }
    }

    /// A date column, with its days written once each when they span no more days than it has
    /// rows (dates cluster: ten million rows of 2020 to 2026 hold 2,557 days).
    private static func dates(_ days: [Int32], _ validity: Bitmap?) -> Cells {
        var low = Int32.max
        var high = Int32.min
        Bitmap.forEachSet(validity, in: 0..<days.count) { i in
            low = min(low, days[i])
            high = max(high, days[i])
        }
        guard low <= high, Int(high) - Int(low) < min(days.count, 1 << 20) else { return .date(days) }
        let out = ByteBuffer(capacity: (Int(high) - Int(low) + 1) * 10)
        for day in low...high { out.append(date: day) }
        guard out.count == (Int(high) - Int(low) + 1) * 10 else { return .date(days) }
        return .dateTable(days, table: Array(out.bytes), first: low)
    }

    /// Writes the whole result, header to trailer, to `sink`.
    func write(to sink: inout some ByteSink) throws(WriteFailure) {
        var failure: WriteFailure?
        withPointers { columns in
            do throws(WriteFailure) {
                try OutputBatches.run(rowCount: rowCount, prefix: shape.prefix, suffix: shape.suffix, to: &sink) { rows, out in
                    format(rows, columns, into: out)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Calls `body` with every column's storage as pointers, each array entered in turn (so
    /// every pointer is valid throughout). Only the calling thread nests a call per column;
    /// past `nestingLimit` columns (a very wide table) pointers give way to the arrays.
    private func withPointers(_ body: ([ColumnPointers]?) -> Void) {
        guard cells.count <= TextWriter.nestingLimit else { return body(nil) }
        var done: [ColumnPointers] = []
        done.reserveCapacity(cells.count)
        enter(0, &done, body)
    }

    static let nestingLimit = 256

    private func enter(_ k: Int, _ done: inout [ColumnPointers], _ body: ([ColumnPointers]?) -> Void) {
        guard k < cells.count else { return body(done) }
        func next(_ cells: CellPointers) {
            func finish(_ words: UnsafeBufferPointer<UInt64>?) {
                done.append(ColumnPointers(cells: cells, validity: words))
                enter(k + 1, &done, body)
            }
            if let words = validity[k]?.words { words.withUnsafeBufferPointer { finish($0) } } else { finish(nil) }
        }
        switch self.cells[k] {
        case .int(let v): v.withUnsafeBufferPointer { next(.int($0)) }
        case .float(let v): v.withUnsafeBufferPointer { next(.float($0)) }
        case .bool(let v): v.withUnsafeBufferPointer { next(.bool($0)) }
        case .date(let v): v.withUnsafeBufferPointer { next(.date($0)) }
        case .dateTable(let v, let table, let first):
            v.withUnsafeBufferPointer { v in table.withUnsafeBytes { next(.dateTable(v, table: $0, first: first)) } }
        case .timestamp(let v): v.withUnsafeBufferPointer { next(.timestamp($0)) }
        case .escaped(let codes, let dictionary):
            codes.withUnsafeBufferPointer { codes in
                dictionary.bytes.withUnsafeBytes { bytes in
                    dictionary.offsets.withUnsafeBufferPointer { next(.escaped(codes: codes, bytes: bytes, offsets: $0)) }
                }
            }
        case .strings(let codes, let values):
            codes.withUnsafeBufferPointer { codes in values.withUnsafeBufferPointer { next(.strings(codes: codes, $0)) } }
        }
    }

    /// Appends rows `rows`, each with its start, cells and end.
    private func format(_ rows: Range<Int>, _ columns: [ColumnPointers]?, into out: ByteBuffer) {
        guard let columns else { return formatFromArrays(rows, into: out) }
        // The fixed pieces of a row as one run of bytes: first start, start, end, null, then
        // what goes before each cell (read through pointers, so no array is retained per cell).
        let pieces = [shape.firstStart, shape.start, shape.end, nullText] + shape.beforeCell
        var bounds = [0]
        for piece in pieces { bounds.append(bounds.last! + piece.count) }
        let joined = pieces.flatMap { $0 }
        joined.withUnsafeBytes { bytes in
            bounds.withUnsafeBufferPointer { bounds in
                columns.withUnsafeBufferPointer { columns in
                    func piece(_ i: Int) -> UnsafeRawBufferPointer {
                        UnsafeRawBufferPointer(rebasing: bytes[bounds[i]..<bounds[i + 1]])
                    }
                    let null = piece(3)
                    for row in rows {
                        out.append(piece(row == 0 ? 0 : 1))
                        for k in columns.indices {
                            out.append(piece(4 + k))
                            if let words = columns[k].validity, words[row >> 6] & (1 << UInt64(row & 63)) == 0 {
                                out.append(null)
                                continue
                            }
                            appendCell(columns[k].cells, row, null: null, to: out)
                        }
                        out.append(piece(2))
                    }
                }
            }
        }
    }

    @inline(__always) private func appendCell(
        _ cells: CellPointers, _ row: Int, null: UnsafeRawBufferPointer, to out: ByteBuffer
    ) {
        switch cells {
        case .int(let v): out.append(int: v[row])
        case .float(let v):
            if quoteTemporal && !v[row].isFinite { out.append(null) } else { out.append(float: v[row]) }
        case .bool(let v): out.append(v[row] ? TextWriter.trueText : TextWriter.falseText)
        case .date(let v):
            if quoteTemporal { out.append(0x22) }
            out.append(date: v[row])
            if quoteTemporal { out.append(0x22) }
        case .dateTable(let v, let table, let first):
            if quoteTemporal { out.append(0x22) }
            let at = Int(v[row] - first) * 10
            out.append(UnsafeRawBufferPointer(rebasing: table[at..<at + 10]))
            if quoteTemporal { out.append(0x22) }
        case .timestamp(let v):
            if quoteTemporal { out.append(0x22) }
            out.append(timestamp: v[row])
            if quoteTemporal { out.append(0x22) }
        case .escaped(let codes, let bytes, let offsets):
            let code = Int(codes[row])
            out.append(UnsafeRawBufferPointer(rebasing: bytes[offsets[code]..<offsets[code + 1]]))
        case .strings(let codes, let values):
            var value = values[Int(codes[row])]
            value.withUTF8 { flavor.appendString($0, to: out) }
        }
    }

    /// The same rows read from the arrays themselves, for tables too wide for `withPointers`.
    private func formatFromArrays(_ rows: Range<Int>, into out: ByteBuffer) {
        nullText.withUnsafeBytes { nullBytes in formatFromArrays(rows, null: nullBytes, into: out) }
    }

    private func formatFromArrays(_ rows: Range<Int>, null nullBytes: UnsafeRawBufferPointer, into out: ByteBuffer) {
        for row in rows {
            out.append(row == 0 ? shape.firstStart : shape.start)
            for k in cells.indices {
                out.append(shape.beforeCell[k])
                if let valid = validity[k], !valid[row] {
                    out.append(nullBytes)
                    continue
                }
                switch cells[k] {
                case .int(let v): v.withUnsafeBufferPointer { appendCell(.int($0), row, null: nullBytes, to: out) }
                case .float(let v): v.withUnsafeBufferPointer { appendCell(.float($0), row, null: nullBytes, to: out) }
                case .bool(let v): v.withUnsafeBufferPointer { appendCell(.bool($0), row, null: nullBytes, to: out) }
                case .date(let v), .dateTable(let v, _, _):
                    v.withUnsafeBufferPointer { appendCell(.date($0), row, null: nullBytes, to: out) }
                case .timestamp(let v): v.withUnsafeBufferPointer { appendCell(.timestamp($0), row, null: nullBytes, to: out) }
                case .escaped(let codes, let dictionary):
                    let code = Int(codes[row])
                    dictionary.bytes.withUnsafeBytes { bytes in
                        out.append(
                            UnsafeRawBufferPointer(rebasing: bytes[dictionary.offsets[code]..<dictionary.offsets[code + 1]]))
                    }
                case .strings(let codes, let values):
                    var value = values[Int(codes[row])]
                    value.withUTF8 { flavor.appendString($0, to: out) }
                }
            }
            out.append(shape.end)
        }
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
}
