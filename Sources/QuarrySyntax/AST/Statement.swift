import QuarryBase

/// A name as written in a query, with where it was written.
public struct Name: Sendable {
    public let text: String
    public let range: SourceRange
}

/// One statement of a script or prompt line.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// A query whose result is printed.
        case query(Query)
        /// `let name = query`: keeps the result as a table.
        case bind(Name, Query)
        /// `explain [sql | plan] query`: what the query does, step by step (or as SQL, or as the
        /// engine's plans); never changes data.
        case explain(Query, ExplainMode)
        /// `load "path" [as name] [types (column: type, ...)]`
        case load(path: String, pathRange: SourceRange, name: Name?, types: [(Name, DataType)])
    }

    /// What `explain` shows.
    public enum ExplainMode: Sendable {
        /// Each clause in words, with the rows it leaves.
        case steps
        /// The query as SQL.
        case sql
        /// The logical plan as bound, as optimized, and the physical plan.
        case plan
    }

    public let kind: Kind
    public let range: SourceRange
}

/// A source followed by clauses, each taking the table the one before produced.
public struct Query: Sendable {
    public indirect enum Source: Sendable {
        case table(Name)
        case subquery(Query)
    }

    public let source: Source
    public let sourceRange: SourceRange
    public let clauses: [Clause]
    public let range: SourceRange
    /// `save "path"` at the end: write the result to a file instead of printing it.
    public var save: (path: String, range: SourceRange)? = nil
    /// `chart ...` at the end: draw the result instead of printing it as a table.
    public var chart: ChartRequest? = nil
}

/// `chart bar | line | hist COLUMN [bins N]`, optionally followed by `save "file.svg"`.
public struct ChartRequest: Sendable {
    public enum Kind: String, Sendable { case bar, line, hist }
    public let kind: Kind
    /// For `hist`: the column to count.
    public let column: Name?
    public let bins: Int?
    public let range: SourceRange

    /// How many bins `bins N` may ask for (the automatic choice stays within it too).
    public static let binRange = 1...1000
}

/// An expression with an optional output name (`name = expr` or `expr as name`).
public struct NamedExpr: Sendable {
    public let name: Name?
    public let expr: Expr

    public var range: SourceRange { name.map { $0.range.merged(with: expr.range) } ?? expr.range }
}

public struct SortKey: Sendable {
    public let expr: Expr
    /// nil when no direction was written.
    public let descending: Bool?
}

public struct Clause: Sendable {
    public enum Kind: Sendable {
        case filter(Expr)
        case select([NamedExpr])
        case derive([NamedExpr])
        case drop([Name])
        case groupBy(keys: [NamedExpr], aggregates: [NamedExpr]?)
        case aggregate([NamedExpr])
        case sort([SortKey])
        case limit(Int)
        case top(Int, SortKey)
        case distinct([Name])
        case count
        case join(Join)
        /// One row per column: type, counts, distinct values, range, mean, most common value.
        case describe
        /// A frequency table of the values of these columns.
        case frequency([Name])
    }

    public struct Join: Sendable {
        public enum Condition: Sendable {
            /// `on col`: both sides have the column.
            case shared(Name)
            /// `on a = b`: `a` of the left table equals `b` of the right.
            case pair(Name, Name)
        }
        public let isLeft: Bool
        public let right: Query.Source
        public let rightRange: SourceRange
        public let condition: Condition
    }

    public let kind: Kind
    /// The keyword that starts the clause, for messages about the whole clause.
    public let keywordRange: SourceRange
    public let range: SourceRange
}
