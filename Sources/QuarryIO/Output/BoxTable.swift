import QuarryBase
import QuarryEngine

/// How a table is drawn: limits that apply on a terminal, and colour.
public struct TableStyle: Sendable {
    /// The terminal width to fit, or nil for no limit.
    public var maxWidth: Int?
    /// Above this many rows, only the first and last half are drawn; nil draws every row.
    public var maxRows: Int?
    /// ANSI colour: dim nulls and types, bold headers.
    public var color = false

    public init(maxWidth: Int? = nil, maxRows: Int? = nil, color: Bool = false) {
        self.maxWidth = maxWidth
        self.maxRows = maxRows
        self.color = color
    }
}

/// The default output: a box-drawn table with a type row, numbers right-aligned (with thousands
/// separators in columns that hold five-digit values), null shown as `null`, and a footer with the
/// row count.
///
///     ┌──────┬────────┐
///     │ year │ people │
///     │ int  │ int    │
///     ├──────┼────────┤
///     │ 2020 │ 80,998 │
///     └──────┴────────┘
///     1 row
///
/// On a terminal, long cells are cut with `…`, columns that do not fit are left out, and long
/// results show their first and last rows; the footer always says what was left out.
public enum BoxTable {
    public static func render(_ table: Table, style: TableStyle = TableStyle()) -> String {
        OutputFormat.table.render(table, style: style)
    }

    /// Writes the table to `sink`: column widths first, in a pass over the rows it will show
    /// (keeping no cell's text), then the rows, in batches on every core.
    static func write(_ table: Table, style: TableStyle, to sink: inout some ByteSink) throws(WriteFailure) {
        let shown = ShownRows(table.rowCount, style.maxRows)
        var columns = Array(table.columns.indices)
        let grouped = table.columns.indices.map { c in
            table.columns[c].type.isNumeric && shown.contains { r in needsGrouping(table.columns[c], r) }
        }
        var widths = columns.map { naturalWidth(table, $0, shown, grouped: grouped[$0]) }
        var hidden: [String] = []
        if let maxWidth = style.maxWidth {
            // First cut long cells, then leave out columns from the right until the table fits.
            let cap = max(12, maxWidth / 3)
            widths = widths.enumerated().map { i, w in max(min(w, cap), min(w, width(table.names[i]))) }
            while columns.count > 1, total(widths) > maxWidth {
                hidden.insert(table.names[columns.removeLast()], at: 0)
                widths.removeLast()
            }
            if total(widths) > maxWidth { widths[0] = max(1, widths[0] - (total(widths) - maxWidth)) }
        }
        let numeric = columns.map { table.columns[$0].type.isNumeric }
        let left = numeric.map { _ in false }
        let lines = BoxLines(widths: widths, color: style.color)
        var head = lines.line("┌", "┬", "┐")
        head += lines.row(columns.map { (table.names[$0], "1") }, alignRight: left)
        head += lines.row(columns.map { (table.columns[$0].type.name, "2") }, alignRight: left)
        head += lines.line("├", "┼", "┤")
        let tail = lines.line("└", "┴", "┘") + footer(table.rowCount, shown: shown.count, hidden: hidden)
        let gap = lines.row(columns.map { _ in ("·", "2") }, alignRight: left)
        try OutputBatches.run(rowCount: shown.count, prefix: Array(head.utf8), suffix: Array(tail.utf8), to: &sink) {
            positions, out in
            for k in positions {
                if k > 0, k == shown.head.count { out.append(gap) }
                let r = shown[k]
                let cells = columns.map { c -> (String, String?) in
                    let value = table.columns[c].value(at: r)
                    return (display(value, grouped: grouped[c]), value.isNull ? "2" : nil)
                }
                out.append(lines.row(cells, alignRight: numeric))
            }
        }
    }

    /// True when the row's number has five digits or more, so the column groups by thousands.
    static func needsGrouping(_ column: Column, _ row: Int) -> Bool {
        switch column.value(at: row) {
        case .int(let x): x.magnitude >= 10_000
        case .float(let x): x.magnitude >= 10_000 && x.magnitude < 1e16
        default: false
        }
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

    /// The widest of the column's name, type and shown cells; the rows are measured in parts
    /// on every core when there are many.
    static func naturalWidth(_ table: Table, _ column: Int, _ rows: ShownRows, grouped: Bool) -> Int {
        let cells = RowParts.map(rows.count) { part in
            var widest = 0
            for k in part { widest = max(widest, width(display(table.columns[column].value(at: rows[k]), grouped: grouped))) }
            return widest
        }
        return max(width(table.names[column]), width(table.columns[column].type.name), cells.max() ?? 0)
    }

    /// A cell's text: numbers grouped by thousands (in columns with five-digit values), line
    /// breaks and tabs shown as escapes.
    package static func display(_ value: Value, grouped: Bool) -> String {
        switch value {
        case .int(let x) where grouped: return ValueFormatter.grouped(x)
        case .float(let x) where grouped && x.magnitude < 1e16:
            let text = ValueFormatter.float(x)
            guard let dot = text.firstIndex(of: "."), let whole = Int64(text[..<dot]) else { return text }
            return (x < 0 && whole == 0 ? "-" : "") + ValueFormatter.grouped(whole) + text[dot...]
        case .string(let s) where s.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }):
            return s.replacingOccurrences(of: "\r\n", with: "\\r\\n").replacingOccurrences(of: "\n", with: "\\n")
                .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\t", with: "\\t")
        default: return ValueFormatter.plain(value)
        }
    }

    /// The text cut to `limit` columns, ending in `…` when it was longer.
    package static func cut(_ text: String, _ limit: Int) -> String {
        guard width(text) > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = width(String(character))
            if used + w > limit - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// Display width in terminal columns (East Asian wide characters count two).
    package static func width(_ s: String) -> Int {
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
