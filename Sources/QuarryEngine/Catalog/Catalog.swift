import QuarryBase

/// Where a table's rows come from. The catalog holds sources, so a scan can point at a table that
/// lives elsewhere (a file read on demand, a remote engine's view); today every source is a
/// `LocalTable` held in memory.
public protocol TableSource: Sendable {
    var schema: Schema { get }
    /// What is known about each column without reading it again.
    var statistics: TableStatistics { get }
    /// The rows of the given columns (indices into `schema`), in the table's order.
    func scan(columns: [Int]) throws(Diagnostic) -> Table
}

/// A table held in memory, with the statistics collected when it was added.
public struct LocalTable: TableSource {
    public let table: Table
    public let statistics: TableStatistics

    public init(_ table: Table) {
        self.table = table
        statistics = TableStatistics(table)
    }

    public var schema: Schema { Schema(table) }

    public func scan(columns: [Int]) throws(Diagnostic) -> Table {
        if columns.count == table.columnCount, columns.elementsEqual(columns.indices) { return table }
        return Table(names: columns.map { table.names[$0] }, columns: columns.map { table.columns[$0] }, rowCount: table.rowCount)
    }
}

/// A table as a query names it: the catalog name it was found under, and its source.
public struct TableRef: Sendable {
    public let name: String
    public let source: any TableSource
}

/// The tables a session knows by name, and where each was loaded from.
public struct Catalog: Sendable {
    public struct Entry: Sendable {
        public var source: any TableSource
        /// The files the table was loaded from, if any.
        public var sources: [String]

        /// The rows themselves, for a table held in memory.
        public var table: Table? { (source as? LocalTable)?.table }
    }

    public private(set) var entries: [String: Entry] = [:]
    /// Names in the order they were first added.
    public private(set) var order: [String] = []

    public init() {}

    public var names: [String] { order }

    public mutating func add(_ name: String, _ table: Table, sources: [String] = []) {
        add(name, source: LocalTable(table), files: sources)
    }

    public mutating func add(_ name: String, source: any TableSource, files: [String] = []) {
        if entries[name] == nil { order.append(name) }
        entries[name] = Entry(source: source, sources: files)
    }

    /// Forgets the table `name` (its memory goes once no result holds its columns).
    public mutating func remove(_ name: String) {
        entries[name] = nil
        order.removeAll { $0 == name }
    }

    public func table(_ name: String) -> Table? { entries[name]?.table }

    public func source(_ name: String) -> (any TableSource)? { entries[name]?.source }

    /// Finds a table by exact name, else case-insensitively when that is unambiguous.
    public func resolve(_ name: String) -> String? {
        ColumnLookup(name, in: order).index.map { order[$0] }
    }
}
