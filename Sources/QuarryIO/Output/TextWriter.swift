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
        case timestamp([Int64])
        case escaped(codes: [Int32], EscapedDictionary)
        case strings(codes: [Int32], [String])
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
            case .date(let v): .date(v)
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

    /// Writes the whole result, header to trailer, to `sink`.
    func write(to sink: inout some ByteSink) throws(WriteFailure) {
        try OutputBatches.run(rowCount: rowCount, prefix: shape.prefix, suffix: shape.suffix, to: &sink) { rows, out in
            format(rows, into: out)
        }
    }

    /// Appends rows `rows`, each with its start, cells and end.
    private func format(_ rows: Range<Int>, into out: ByteBuffer) {
        for row in rows {
            out.append(row == 0 ? shape.firstStart : shape.start)
            for k in cells.indices {
                out.append(shape.beforeCell[k])
                if let valid = validity[k], !valid[row] {
                    out.append(nullText)
                    continue
                }
                appendCell(k, row, to: out)
            }
            out.append(shape.end)
        }
    }

    @inline(__always) private func appendCell(_ k: Int, _ row: Int, to out: ByteBuffer) {
        switch cells[k] {
        case .int(let v): out.append(int: v[row])
        case .float(let v):
            if quoteTemporal && !v[row].isFinite { out.append(nullText) } else { out.append(float: v[row]) }
        case .bool(let v): out.append(v[row] ? TextWriter.trueText : TextWriter.falseText)
        case .date(let v):
            if quoteTemporal { out.append(0x22) }
            out.append(date: v[row])
            if quoteTemporal { out.append(0x22) }
        case .timestamp(let v):
            if quoteTemporal { out.append(0x22) }
            out.append(timestamp: v[row])
            if quoteTemporal { out.append(0x22) }
        case .escaped(let codes, let dictionary):
            let code = Int(codes[row])
            dictionary.bytes.withUnsafeBytes { bytes in
                out.append(UnsafeRawBufferPointer(rebasing: bytes[dictionary.offsets[code]..<dictionary.offsets[code + 1]]))
            }
        case .strings(let codes, let values):
            var value = values[Int(codes[row])]
            value.withUTF8 { flavor.appendString($0, to: out) }
        }
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
}
