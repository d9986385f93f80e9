import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax

/// Draws a chart as a standalone SVG file: a title, two axes with ticks and labels, and one mark
/// per data point (a `rect` per bar, a `circle` per point of a line).
package enum SVGChart {
    static let width = 800.0
    static let palette = ["#2a7ab9", "#d1603d", "#3c9a5f", "#8e5ab5", "#c4a000", "#5f6b7a"]

    package static func render(_ data: ChartData) -> String {
        switch data.shape {
        case .bars(let bars): return document(data.title, height: 90 + Double(max(1, bars.count)) * 24, body: drawBars(bars))
        case .lines(let x, let series): return document(data.title, height: 420, body: drawLines(x: x, series: series))
        }
    }

    static func document(_ title: String, height: Double, body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
        font-family="sans-serif" font-size="12">
        <title>\(escape(title))</title>
        <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="white"/>
        <text class="title" x="\(n(width / 2))" y="24" text-anchor="middle" font-size="16">\(escape(title))</text>
        \(body)</svg>

        """
    }

    static func drawBars(_ bars: [ChartData.Bar]) -> String {
        let left = 180.0
        let right = width - 90
        let top = 50.0
        let bottom = top + Double(max(1, bars.count)) * 24
        let largest = max(bars.compactMap(\.value).max() ?? 0, 0)
        var out = axis(x1: left, y1: top - 6, x2: left, y2: bottom)
        out += axis(x1: left, y1: bottom, x2: right, y2: bottom)
        for (i, tick) in [0, 0.5, 1].enumerated() {
            let x = left + (right - left) * tick
            out +=
                "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(bottom + 16))\" text-anchor=\"\(i == 0 ? "start" : "middle")\">"
                + "\(escape(ChartData.shortNumber(largest * tick)))</text>\n"
        }
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * 24
            let length = largest > 0 ? max(0, (bar.value ?? 0) / largest) * (right - left) : 0
            out +=
                "<text class=\"label\" x=\"\(n(left - 6))\" y=\"\(n(y + 16))\" text-anchor=\"end\">\(escape(bar.label))</text>\n"
            out +=
                "<rect class=\"mark\" x=\"\(n(left))\" y=\"\(n(y + 4))\" width=\"\(n(length))\" height=\"16\" fill=\"\(palette[0])\"/>\n"
            out += "<text class=\"value\" x=\"\(n(left + length + 4))\" y=\"\(n(y + 16))\">\(escape(bar.valueText))</text>\n"
        }
        return out
    }

    static func drawLines(x: (name: String, type: DataType, min: Double, max: Double), series: [ChartData.Series]) -> String {
        let (left, right, top, bottom) = (80.0, width - 30, 60.0, 360.0)
        let ys = series.flatMap { $0.points.map(\.y) }
        let yLow = min(0, ys.min() ?? 0)
        let yHigh = (ys.max() ?? 1) > yLow ? ys.max() ?? 1 : yLow + 1
        let xSpan = x.max > x.min ? x.max - x.min : 1
        func px(_ v: Double) -> Double { left + (v - x.min) / xSpan * (right - left) }
        func py(_ v: Double) -> Double { bottom - (v - yLow) / (yHigh - yLow) * (bottom - top) }
        var out = axis(x1: left, y1: top, x2: left, y2: bottom) + axis(x1: left, y1: bottom, x2: right, y2: bottom)
        for tick in [0, 0.5, 1] {
            let yv = yLow + (yHigh - yLow) * tick
            out +=
                "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(py(yv) + 4))\" text-anchor=\"end\">\(escape(ChartData.shortNumber(yv)))</text>\n"
            let xv = x.min + xSpan * tick
            out +=
                "<text class=\"tick\" x=\"\(n(px(xv)))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\">\(escape(ChartData.edge(xv, x.type)))</text>\n"
        }
        out +=
            "<text class=\"axis-label\" x=\"\(n((left + right) / 2))\" y=\"\(n(bottom + 40))\" text-anchor=\"middle\">\(escape(x.name))</text>\n"
        for (k, s) in series.enumerated() {
            let colour = palette[k % palette.count]
            let points = s.points.sorted { $0.x < $1.x }
            out +=
                "<polyline class=\"line\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\""
                + points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ") + "\"/>\n"
            for p in points {
                out += "<circle class=\"mark\" cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"3\" fill=\"\(colour)\"/>\n"
            }
            out +=
                "<text class=\"legend\" x=\"\(n(left + 10 + Double(k) * 160))\" y=\"44\" fill=\"\(colour)\">\(escape(s.name))</text>\n"
        }
        return out
    }

    static func axis(x1: Double, y1: Double, x2: Double, y2: Double) -> String {
        "<line class=\"axis\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"black\"/>\n"
    }

    /// A coordinate with at most one decimal.
    static func n(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where c.value < 0x20 && c != "\t": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
