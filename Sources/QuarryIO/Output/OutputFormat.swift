import QuarryBase
import QuarryEngine

/// The ways a result can be printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, ndjson, markdown

    /// The whole result as text in this format, ending with a newline.
    public func render(_ table: Table, style: TableStyle = TableStyle()) -> String {
        switch self {
        case .table: BoxTable.render(table, style: style)
        case .csv: DelimitedText.render(table, delimiter: ",")
        case .tsv: DelimitedText.render(table, delimiter: "\t")
        case .json: JSONText.render(table, lines: false)
        case .ndjson: JSONText.render(table, lines: true)
        case .markdown: MarkdownTable.render(table)
        }
    }
}

/// RFC 4180 CSV (or TSV): a header, nulls as empty fields, an empty string as `""`.
enum DelimitedText {
    static func render(_ table: Table, delimiter: Character) -> String {
        var out = table.names.map { quote($0, delimiter) }.joined(separator: String(delimiter)) + "\n"
        for row in 0..<table.rowCount {
            var first = true
            for column in table.columns {
                if !first { out.append(delimiter) }
                first = false
                switch column.value(at: row) {
                // A lone null field would be a blank line, which readers skip: write it quoted.
                case .null: if table.columnCount == 1 { out += "\"\"" }
                case .string(let s): out += s.isEmpty ? "\"\"" : quote(s, delimiter)
                case let v: out += ValueFormatter.plain(v)
                }
            }
            out += "\n"
        }
        return out
    }

    static func quote(_ s: String, _ delimiter: Character) -> String {
        guard s.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// JSON: an array of objects (or one object per line), with typed values.
enum JSONText {
    static func render(_ table: Table, lines: Bool) -> String {
        let keys = table.names.map(escape)
        var rows: [String] = []
        rows.reserveCapacity(table.rowCount)
        for row in 0..<table.rowCount {
            var object = "{"
            for (k, column) in table.columns.enumerated() {
                if k > 0 { object += "," }
                object += keys[k] + ":"
                switch column.value(at: row) {
                case .null: object += "null"
                case .int(let x): object += String(x)
                case .float(let x): object += x.isFinite ? ValueFormatter.float(x) : "null"
                case .bool(let b): object += b ? "true" : "false"
                case .string(let s): object += escape(s)
                case .date(let d): object += "\"" + CivilDate.format(d) + "\""
                case .timestamp(let t): object += "\"" + Timestamp.format(t) + "\""
                }
            }
            rows.append(object + "}")
        }
        if lines { return rows.map { $0 + "\n" }.joined() }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
    }

    /// JSON has no inf or nan, so they are written as null: one note naming each column and how
    /// many of its values that took (none when every float is finite).
    static func saveNotes(_ table: Table) -> [String] {
        let lost = zip(table.names, table.columns).compactMap { name, column -> String? in
            guard case .float(let values) = column.storage else { return nil }
            var count = 0
            for (i, x) in values.enumerated() where !x.isFinite && column.isValid(i) { count += 1 }
            return count > 0 ? "\(count) in \(display(name))" : nil
        }
        guard !lost.isEmpty else { return [] }
        return ["JSON has no inf or nan; these were written as null: " + lost.joined(separator: ", ")]
    }

    static func escape(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A GitHub-style Markdown table, numbers right-aligned.
enum MarkdownTable {
    static func render(_ table: Table) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "| " + table.names.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.type.isNumeric ? " ---: |" : " --- |" }.joined() + "\n"
        for row in 0..<table.rowCount {
            out += "| " + table.columns.map { cell(ValueFormatter.plain($0.value(at: row))) }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
