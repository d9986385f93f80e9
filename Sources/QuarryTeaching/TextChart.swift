import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax

/// Draws a chart in the terminal with Unicode blocks: horizontal bars with their values, or
/// points on a grid with axis ticks and a legend. Sized to `width` columns.
package enum TextChart {
    package static func render(_ data: ChartData, width: Int, color: Bool) -> String {
        var out = data.title + "\n\n"
        switch data.shape {
        case .bars(let bars): out += drawBars(bars, width: max(40, width), color: color)
        case .lines(let x, let series): out += drawLines(x: x, series: series, width: max(40, width), color: color)
        }
        return out
    }

    static func paint(_ text: String, _ code: String, _ color: Bool) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// One labelled bar per row: `label │███████▌ value`.
    static func drawBars(_ bars: [ChartData.Bar], width: Int, color: Bool) -> String {
        guard !bars.isEmpty else { return "(no rows to draw)\n" }
        let labelWidth = min(24, bars.map { BoxTable.width($0.label) }.max() ?? 0)
        let valueWidth = bars.map { $0.valueText.count }.max() ?? 0
        let room = max(10, width - labelWidth - valueWidth - 4)
        let largest = bars.compactMap(\.value).map { max(0, $0) }.max() ?? 0
        var out = ""
        for bar in bars {
            let label = BoxTable.cut(bar.label, labelWidth)
            let pad = String(repeating: " ", count: labelWidth - BoxTable.width(label))
            var drawn = ""
            if let value = bar.value, largest > 0, value > 0 {
                drawn = Frequency.bar(Int((value / largest * 1_000_000).rounded()), of: 1_000_000, width: room)
            }
            out += label + pad + " │" + paint(drawn, "36", color) + (drawn.isEmpty ? "" : " ") + bar.valueText + "\n"
        }
        return out
    }

    static let markers: [Character] = ["●", "○", "■", "□", "▲", "△", "◆", "◇"]
    static let height = 15

    /// Where `v` lies from `low` (0) to `high` (1). Halving is exact, and keeps a span from -1e308
    /// to 1e308 finite.
    static func fraction(_ v: Double, _ low: Double, _ high: Double) -> Double {
        let span = high / 2 - low / 2
        return span > 0 ? min(1, max(0, (v / 2 - low / 2) / span)) : 0
    }

    /// Points of each series on a grid, y ticks on the left, x ticks below, a legend on top.
    static func drawLines(
        x: (name: String, type: DataType, min: Double, max: Double), series: [ChartData.Series],
        width: Int, color: Bool
    ) -> String {
        let ys = series.flatMap { $0.points.map(\.y) }
        guard let low = ys.min(), let high = ys.max() else { return "(no points to draw)\n" }
        let yLow = min(0, low)
        let yHigh = high > yLow ? high : yLow + 1
        let tickTexts = [yHigh, (yHigh + yLow) / 2, yLow].map { ChartData.edge($0, .float) }
        let axisWidth = tickTexts.map(\.count).max() ?? 1
        let plotWidth = max(10, width - axisWidth - 2)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: plotWidth), count: height)
        for (k, s) in series.enumerated() {
            let marker = markers[k % markers.count]
            var last: (col: Int, row: Int)?
            for point in s.points.sorted(by: { $0.x < $1.x }) {
                let col = Int((fraction(point.x, x.min, x.max) * Double(plotWidth - 1)).rounded())
                let row = height - 1 - Int((fraction(point.y, yLow, yHigh) * Double(height - 1)).rounded())
                // Join neighbouring points with a faint trail so the line can be followed.
                if let last, col - last.col > 1 {
                    for c in (last.col + 1)..<col {
                        let t = Double(c - last.col) / Double(col - last.col)
                        let r = Int((Double(last.row) + (Double(row - last.row) * t)).rounded())
                        if grid[r][c] == " " { grid[r][c] = "·" }
                    }
                }
                grid[row][col] = marker
                last = (col, row)
            }
        }
        var out =
            series.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element.name)" }.joined(separator: "   ") + "\n"
        for (r, line) in grid.enumerated() {
            let tick = r == 0 ? tickTexts[0] : r == height / 2 ? tickTexts[1] : r == height - 1 ? tickTexts[2] : ""
            let painted =
                color
                ? String(line).map { $0 == " " || $0 == "·" ? String($0) : paint(String($0), "36", true) }.joined() : String(line)
            out += String(repeating: " ", count: axisWidth - tick.count) + tick + " │" + painted + "\n"
        }
        out += String(repeating: " ", count: axisWidth) + " └" + String(repeating: "─", count: plotWidth) + "\n"
        let first = ChartData.edge(x.min, x.type)
        let middle = ChartData.edge((x.min + x.max) / 2, x.type)
        let last = ChartData.edge(x.max, x.type)
        var axis = [Character](repeating: " ", count: plotWidth + 2)
        func place(_ text: String, at position: Int) {
            let start = max(0, min(axis.count - text.count, position))
            for (i, ch) in text.enumerated() where start + i < axis.count { axis[start + i] = ch }
        }
        place(first, at: 0)
        place(middle, at: plotWidth / 2 - middle.count / 2)
        place(last, at: plotWidth - last.count + 1)
        out += String(repeating: " ", count: axisWidth + 1) + String(axis) + "\n"
        out += String(repeating: " ", count: axisWidth + 2 + max(0, plotWidth / 2 - x.name.count / 2)) + x.name + "\n"
        return out
    }
}
