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

/// The tables a session knows by name, and where each was loaded from.
public struct Catalog: Sendable {
    public struct Entry: Sendable {
        public var table: Table
        /// The files the table was loaded from, if any.
        public var sources: [String]
    }

    public private(set) var entries: [String: Entry] = [:]
    /// Names in the order they were first added.
    public private(set) var order: [String] = []

    public init() {}

    public var names: [String] { order }

    public mutating func add(_ name: String, _ table: Table, sources: [String] = []) {
        if entries[name] == nil { order.append(name) }
        entries[name] = Entry(table: table, sources: sources)
    }

    public func table(_ name: String) -> Table? { entries[name]?.table }

    /// Finds a table by exact name, else case-insensitively when that is unambiguous.
    public func resolve(_ name: String) -> String? {
        if entries[name] != nil { return name }
        let folded = order.filter { $0.lowercased() == name.lowercased() }
        return folded.count == 1 ? folded[0] : nil
    }
}
