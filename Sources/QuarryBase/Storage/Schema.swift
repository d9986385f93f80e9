/// The names and types of a table's columns.
public struct Schema: Sendable, Equatable {
    public var names: [String]
    public var types: [DataType]

    public init(names: [String], types: [DataType]) {
        self.names = names
        self.types = types
    }

    public init(_ table: Table) {
        names = table.names
        types = table.columns.map(\.type)
    }

    public var count: Int { names.count }
}

/// How a name written by a user finds a column: the one place this rule lives, used by the
/// binder, the loaders' `types (...)`, charts, completion and explain.
///
/// A name matches a column of exactly that name; failing that, the one column whose name is the
/// same ignoring case. Two such columns make the name ambiguous.
public enum ColumnLookup: Sendable, Equatable {
    case found(Int)
    case ambiguous([String])
    case missing

    public init(_ name: String, in names: [String]) {
        if let i = names.firstIndex(of: name) {
            self = .found(i)
            return
        }
        let lower = name.lowercased()
        let folded = names.indices.filter { names[$0].lowercased() == lower }
        switch folded.count {
        case 0: self = .missing
        case 1: self = .found(folded[0])
        default: self = .ambiguous(folded.map { names[$0] })
        }
    }

    /// The column's index, when the name finds exactly one.
    public var index: Int? {
        if case .found(let i) = self { return i }
        return nil
    }
}

extension Schema {
    public func lookup(_ name: String) -> ColumnLookup { ColumnLookup(name, in: names) }
}

extension Table {
    public func lookup(_ name: String) -> ColumnLookup { ColumnLookup(name, in: names) }
}
