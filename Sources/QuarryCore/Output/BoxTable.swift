/// The default output: a box-drawn table with a type row, numbers right-aligned, null shown
/// as `null`, and a footer with the row count.
///
///     ┌──────┬───────┐
///     │ year │ count │
///     │ int  │ int   │
///     ├──────┼───────┤
///     │ 2020 │    57 │
///     └──────┴───────┘
///     1 row
public enum BoxTable {
    public static func render(_ table: Table) -> String {
        let headers = table.names
        let types = table.columns.map(\.type.name)
        var cells: [[String]] = table.columns.map { column in
            (0..<table.rowCount).map { display(column.value(at: $0)) }
        }
        if cells.isEmpty { cells = [] }
        let widths = table.columns.indices.map { i in
            max(width(headers[i]), width(types[i]), cells[i].map(width).max() ?? 0)
        }
        let numeric = table.columns.map(\.type.isNumeric)
        func line(_ left: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
        }
        func row(_ values: [String], alignRight: [Bool]) -> String {
            "│"
                + values.indices.map { i in
                    let pad = String(repeating: " ", count: widths[i] - width(values[i]))
                    return " " + (alignRight[i] ? pad + values[i] : values[i] + pad) + " "
                }.joined(separator: "│") + "│\n"
        }
        var out = line("┌", "┬", "┐")
        out += row(headers, alignRight: numeric.map { _ in false })
        out += row(types, alignRight: numeric.map { _ in false })
        out += line("├", "┼", "┤")
        for r in 0..<table.rowCount {
            out += row(cells.map { $0[r] }, alignRight: numeric)
        }
        out += line("└", "┴", "┘")
        out += table.rowCount == 1 ? "1 row\n" : "\(table.rowCount) rows\n"
        return out
    }

    /// A cell's text: line breaks and tabs shown as visible escapes so rows stay on one line.
    static func display(_ value: Value) -> String {
        let text = ValueFormatter.plain(value)
        guard case .string = value, text.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }) else {
            return text
        }
        return text.replacingOccurrences(of: "\r\n", with: "\\r\\n").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\t", with: "\\t")
    }

    /// Display width in terminal columns (East Asian wide characters count two).
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            if scalar.properties.generalCategory == .nonspacingMark || (0x200B...0x200F).contains(v) { return total }
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            return total + (wide ? 2 : 1)
        }
    }
}
