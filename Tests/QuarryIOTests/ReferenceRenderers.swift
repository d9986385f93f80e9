import QuarryBase
import QuarryEngine

@testable import QuarryIO

// The renderers as they were before output was streamed (each cell a `Value`, each field a
// `String`), kept unchanged as the reference the streaming writer must match byte for byte.

enum ReferenceRenderers {
    static func render(_ table: Table, _ format: OutputFormat, style: TableStyle = TableStyle()) -> String {
        switch format {
        case .table: ReferenceBox.render(table, style: style)
        case .csv: ReferenceDelimited.render(table, delimiter: ",")
        case .tsv: ReferenceDelimited.render(table, delimiter: "\t")
        case .json: ReferenceJSON.render(table, lines: false)
        case .ndjson: ReferenceJSON.render(table, lines: true)
        case .markdown: ReferenceMarkdown.render(table)
        }
    }
}

enum ReferenceDelimited {
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
        // By scalars, not characters: `,` then a combining mark is still a comma to a reader
        // (the one place the writer knowingly differs from the renderer it replaced).
        guard s.unicodeScalars.contains(where: { Character($0) == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

enum ReferenceJSON {
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

enum ReferenceMarkdown {
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

enum ReferenceBox {
    static func render(_ table: Table, style: TableStyle = TableStyle()) -> String {
        let shown = shownRows(table.rowCount, style.maxRows)
        var columns = Array(table.columns.indices)
        let grouped = table.columns.indices.map { c in
            table.columns[c].type.isNumeric
                && shown.contains { r in
                    switch table.columns[c].value(at: r) {
                    case .int(let x): x.magnitude >= 10_000
                    case .float(let x): x.magnitude >= 10_000 && x.magnitude < 1e16
                    default: false
                    }
                }
        }
        var widths = columns.map { naturalWidth(table, $0, shown, grouped: grouped[$0]) }
        var hidden: [String] = []
        if let maxWidth = style.maxWidth {
            // First cut long cells, then leave out columns from the right until the table fits.
            let cap = max(12, maxWidth / 3)
            widths = widths.enumerated().map { i, w in max(min(w, cap), min(w, BoxTable.width(table.names[i]))) }
            while columns.count > 1, total(widths) > maxWidth {
                hidden.insert(table.names[columns.removeLast()], at: 0)
                widths.removeLast()
            }
            if total(widths) > maxWidth { widths[0] = max(1, widths[0] - (total(widths) - maxWidth)) }
        }
        let numeric = columns.map { table.columns[$0].type.isNumeric }
        func paint(_ text: String, _ code: String) -> String { style.color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func line(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func row(_ cells: [(text: String, code: String?)], alignRight: [Bool]) -> String {
            "│"
                + cells.indices.map { i in
                    let text = BoxTable.cut(cells[i].text, widths[i])
                    let pad = String(repeating: " ", count: max(0, widths[i] - BoxTable.width(text)))
                    let painted = cells[i].code.map { paint(text, $0) } ?? text
                    return " " + (alignRight[i] ? pad + painted : painted + pad) + " "
                }.joined(separator: "│") + "│\n"
        }
        var out = line("┌", "┬", "┐")
        let left = numeric.map { _ in false }
        out += row(columns.map { (table.names[$0], "1") }, alignRight: left)
        out += row(columns.map { (table.columns[$0].type.name, "2") }, alignRight: left)
        out += line("├", "┼", "┤")
        for (k, r) in shown.enumerated() {
            if k > 0, shown[k - 1] + 1 != r {
                out += row(columns.map { _ in ("·", "2") }, alignRight: numeric.map { _ in false })
            }
            let cells = columns.map { c -> (String, String?) in
                let value = table.columns[c].value(at: r)
                return (BoxTable.display(value, grouped: grouped[c]), value.isNull ? "2" : nil)
            }
            out += row(cells, alignRight: numeric)
        }
        out += line("└", "┴", "┘")
        out += footer(table.rowCount, shown: shown.count, hidden: hidden)
        return out
    }

    /// Row indices to draw: all, or the first and last halves of `maxRows`.
    static func shownRows(_ count: Int, _ maxRows: Int?) -> [Int] {
        guard let maxRows, count > maxRows else { return Array(0..<count) }
        let head = (maxRows + 1) / 2
        return Array(0..<head) + Array((count - (maxRows - head))..<count)
    }

    static func footer(_ rows: Int, shown: Int, hidden: [String]) -> String {
        var out = rows == 1 ? "1 row" : "\(ValueFormatter.grouped(Int64(rows))) rows"
        if shown < rows { out += " (\(ValueFormatter.grouped(Int64(rows - shown))) not shown; .last shows them all)" }
        out += "\n"
        if !hidden.isEmpty {
            out +=
                "\(hidden.count) column\(hidden.count == 1 ? "" : "s") not shown: \(hidden.joined(separator: ", "))"
                + " (.last shows every column)\n"
        }
        return out
    }

    static func total(_ widths: [Int]) -> Int { widths.reduce(1) { $0 + $1 + 3 } }

    static func naturalWidth(_ table: Table, _ column: Int, _ rows: [Int], grouped: Bool) -> Int {
        let cells = rows.map { BoxTable.width(BoxTable.display(table.columns[column].value(at: $0), grouped: grouped)) }
        return max(BoxTable.width(table.names[column]), BoxTable.width(table.columns[column].type.name), cells.max() ?? 0)
    }

}
