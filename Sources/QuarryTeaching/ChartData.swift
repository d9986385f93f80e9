/// What a chart shows, worked out from a result: bars (for `bar` and `hist`) or series of points
/// (for `line`). The text and SVG renderers draw the same data.
import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax

package struct ChartData {
    struct Bar {
        var label: String
        var value: Double?
        var valueText: String
    }

    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
    }

    enum Shape {
        case bars([Bar])
        case lines(x: (name: String, type: DataType, min: Double, max: Double), series: [Series])
    }

    var title: String
    var shape: Shape

    package static func prepare(_ table: Table, _ request: ChartRequest) throws(Diagnostic) -> ChartData {
        switch request.kind {
        case .bar: return try bars(table, request)
        case .hist: return try histogram(table, request)
        case .line: return try lines(table, request)
        }
    }

    /// The first column gives the labels; the first numeric column after it, the lengths.
    static func bars(_ table: Table, _ request: ChartRequest) throws(Diagnostic) -> ChartData {
        guard table.columnCount >= 2, let v = (1..<table.columnCount).first(where: { table.columns[$0].type.isNumeric }) else {
            throw Diagnostic.invalidArgument(
                "`chart bar` needs a first column of labels and a numeric column of lengths", range: request.range,
                hint: "for example: layoffs group by industry | chart bar")
        }
        let labels = table.columns[0]
        let values = table.columns[v]
        let bars = (0..<table.rowCount).map { r -> Bar in
            let value = values.value(at: r)
            return Bar(
                label: ValueFormatter.plain(labels.value(at: r)), value: number(value),
                valueText: BoxTable.display(value, grouped: true))
        }
        return ChartData(title: "\(table.names[v]) by \(table.names[0])", shape: .bars(bars))
    }

    /// Counts of a numeric or date column's values in equal-width bins.
    static func histogram(_ table: Table, _ request: ChartRequest) throws(Diagnostic) -> ChartData {
        guard let name = request.column else {
            throw Diagnostic.invalidArgument("`chart hist` needs a column", range: request.range)
        }
        guard
            let c = table.names.firstIndex(of: name.text)
                ?? table.names.firstIndex(where: { $0.lowercased() == name.text.lowercased() })
        else { throw Diagnostic.unknownColumn(name.text, known: table.names, range: name.range) }
        let column = table.columns[c]
        guard column.type.isNumeric || column.type.isTemporal else {
            throw Diagnostic.typeMismatch(
                "a histogram needs numbers or dates, but \(table.names[c]) is \(column.type.name)",
                range: name.range, hint: "for text, count the values with freq \(display(table.names[c]))")
        }
        let values = (0..<column.count).compactMap { number(column.value(at: $0)) }
        let nulls = column.nullCount
        let notFinite = column.count - nulls - values.count
        var title = "histogram of \(table.names[c]) (\(ValueFormatter.grouped(Int64(values.count))) values"
        if nulls > 0 { title += ", \(ValueFormatter.grouped(Int64(nulls))) nulls" }
        if notFinite > 0 { title += "\(nulls > 0 ? " and" : ",") \(ValueFormatter.grouped(Int64(notFinite))) inf or nan" }
        title += nulls + notFinite > 0 ? " left out)" : ")"
        guard let low = values.min(), let high = values.max() else { return ChartData(title: title, shape: .bars([])) }
        // Equal bins of a round width (1, 2 or 5 times a power of ten; whole days for dates).
        let wanted = request.bins ?? max(1, min(20, Int(Double(values.count).squareRoot().rounded(.up))))
        // Values near ±1e308 may span more than a double holds: then the bins split the range
        // exactly (a round width could reach past it), and positions are worked out in widths.
        let huge = max(abs(high), abs(low)) > 1e300
        let exact = request.bins != nil || huge
        let span = huge ? high / Double(wanted) - low / Double(wanted) : (high - low) / Double(wanted)
        var width = niceWidth(span)
        if column.type == .int || column.type == .date { width = max(1, width.rounded(.up)) }
        if exact, high > low { width = span }
        let start = exact ? low : (low / width).rounded(.down) * width
        /// How many widths `v` lies past the start.
        func position(_ v: Double) -> Double { huge ? v / width - start / width : (v - start) / width }
        let limit = ChartRequest.binRange.upperBound
        let automatic = huge ? wanted : Int(min(Double(limit), max(1, position(high).rounded(.down) + 1)))
        let bins = request.bins ?? automatic
        var counts = [Int](repeating: 0, count: bins)
        // A little slack so a value on a bin edge (0.3 = 3 × 0.1) falls in the bin that starts there.
        for v in values { counts[Int(min(Double(bins - 1), max(0, position(v) + 1e-9)))] += 1 }
        let bars = (0..<bins).map { b -> Bar in
            // (In halves for huge values, where b × width alone can pass the largest double.)
            let from = huge ? (start / 2 + Double(b) * (width / 2)) * 2 : start + Double(b) * width
            let to = huge ? (from / 2 + width / 2) * 2 : from + width
            let label = "\(edge(from, column.type)) – \(edge(to, column.type))"
            return Bar(label: label, value: Double(counts[b]), valueText: ValueFormatter.grouped(Int64(counts[b])))
        }
        return ChartData(title: title, shape: .bars(bars))
    }

    /// The first date, timestamp or number column is x; every other numeric column is a series.
    static func lines(_ table: Table, _ request: ChartRequest) throws(Diagnostic) -> ChartData {
        guard let x = table.columns.firstIndex(where: { $0.type.isTemporal || $0.type.isNumeric }) else {
            throw Diagnostic.invalidArgument(
                "`chart line` needs a date or number column for x", range: request.range,
                hint: "for example: layoffs group by month = date_trunc(\"month\", date) | chart line")
        }
        let ys = table.columns.indices.filter { $0 != x && table.columns[$0].type.isNumeric }
        guard !ys.isEmpty else {
            throw Diagnostic.invalidArgument("`chart line` needs at least one numeric column besides x", range: request.range)
        }
        let xs = (0..<table.rowCount).map { number(table.columns[x].value(at: $0)) }
        let series = ys.map { y in
            Series(
                name: table.names[y],
                points: (0..<table.rowCount).compactMap { r in
                    guard let px = xs[r], let py = number(table.columns[y].value(at: r)) else { return nil }
                    return (px, py)
                })
        }
        let known = xs.compactMap { $0 }
        let title = ys.map { table.names[$0] }.joined(separator: ", ") + " by " + table.names[x]
        return ChartData(
            title: title,
            shape: .lines(
                x: (table.names[x], table.columns[x].type, known.min() ?? 0, known.max() ?? 0),
                series: series))
    }

    /// The round number (1, 2 or 5 times a power of ten) nearest above `raw`.
    static func niceWidth(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for step in [1.0, 2, 5, 10] where step * power >= raw { return step * power }
        return 10 * power
    }

    /// A value as a number on an axis: numbers as they are, dates in days, timestamps in seconds.
    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let x): Double(x)
        case .float(let x): x.isFinite ? x : nil
        case .date(let d): Double(d)
        case .timestamp(let t): Double(t) / 1e6
        default: nil
        }
    }

    /// An axis position as text in the axis's type.
    static func edge(_ x: Double, _ type: DataType) -> String {
        // The last edge of a range near the largest double may round past it.
        let x = min(max(x, -Double.greatestFiniteMagnitude), Double.greatestFiniteMagnitude)
        switch type {
        case .date: return CivilDate.format(Int32(x.rounded(.down)))
        case .timestamp: return Timestamp.format(Int64(x * 1e6))
        default: return shortNumber(x)
        }
    }

    /// A number in at most about six significant digits; whole numbers of five digits or more
    /// are grouped by thousands (so years stay 2024).
    static func shortNumber(_ x: Double) -> String {
        guard x.isFinite else { return ValueFormatter.float(x) }
        if x == x.rounded(), abs(x) < 1e15 { return abs(x) >= 10_000 ? ValueFormatter.grouped(Int64(x)) : String(Int64(x)) }
        let magnitude = abs(x) >= 1 ? Int(log10(abs(x))) + 1 : 1
        if magnitude > 15 {
            // Six significant digits of a huge number (8.5e+307, not 8.499999999999998e+307).
            var digits = String(Int64((abs(x) / pow(10, Double(magnitude - 6))).rounded()))
            let exponent = magnitude - 1 + (digits.count - 6)
            while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            return "\(x < 0 ? "-" : "")\(mantissa)e+\(exponent)"
        }
        let decimals = max(0, min(6, 6 - magnitude))
        let scale = pow(10, Double(decimals))
        return ValueFormatter.float((x * scale).rounded() / scale)
    }
}
