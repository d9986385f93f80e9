import QuarryBase

/// The rows a box table draws: all of them, or the first and last halves of `maxRows`,
/// without listing every index.
struct ShownRows: Sendable {
    let head: Range<Int>
    let tail: Range<Int>

    init(_ count: Int, _ maxRows: Int?) {
        guard let maxRows, count > maxRows else {
            head = 0..<count
            tail = count..<count
            return
        }
        let first = (maxRows + 1) / 2
        head = 0..<first
        tail = (count - (maxRows - first))..<count
    }

    var count: Int { head.count + tail.count }

    /// The row at position `k` of the drawn rows.
    subscript(k: Int) -> Int { k < head.count ? head.lowerBound + k : tail.lowerBound + (k - head.count) }

    func contains(where predicate: (Int) -> Bool) -> Bool {
        head.contains(where: predicate) || tail.contains(where: predicate)
    }
}

/// Draws a box table's lines for given column widths.
struct BoxLines: Sendable {
    let widths: [Int]
    let color: Bool

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// A rule across the table: `┌───┬───┐`.
    func line(_ left: String, _ middle: String, _ right: String) -> String {
        left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right + "\n"
    }

    /// One row of cells, each cut to its width and padded; `code` paints a cell.
    func row(_ cells: [(text: String, code: String?)], alignRight: [Bool]) -> String {
        "│"
            + cells.indices.map { i in
                let text = BoxTable.cut(cells[i].text, widths[i])
                let pad = String(repeating: " ", count: max(0, widths[i] - BoxTable.width(text)))
                let painted = cells[i].code.map { paint(text, $0) } ?? text
                return " " + (alignRight[i] ? pad + painted : painted + pad) + " "
            }.joined(separator: "│") + "│\n"
    }
}
