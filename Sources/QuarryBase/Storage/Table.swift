/// A named list of equally long columns: the unit every clause takes and produces.
public struct Table: Sendable {
    public var names: [String]
    public var columns: [Column]
    /// Rows when there are no columns to count (a table of no columns still has a row count).
    public let rowCount: Int

    public init(names: [String], columns: [Column], rowCount: Int? = nil) {
        precondition(names.count == columns.count, "a name per column")
        self.names = names
        self.columns = columns
        self.rowCount = rowCount ?? columns.first?.count ?? 0
    }

    public var columnCount: Int { columns.count }

    public subscript(name: String) -> Column? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// The rows at `indices` of every column.
    public func gather(_ indices: [Int32]) -> Table {
        Table(names: names, columns: columns.map { $0.gather(indices) }, rowCount: indices.count)
    }

    /// The first `n` rows.
    public func prefix(_ n: Int) -> Table {
        guard n < rowCount else { return self }
        return gather((0..<Int32(n)).map { $0 })
    }
}
