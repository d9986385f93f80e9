/// A bound expression: every name resolved to a column index, every type known.
public struct BoundExpr: Sendable {
    public indirect enum Kind: Sendable {
        case column(Int)
        case constant(Value)
        case negate(BoundExpr)
        case not(BoundExpr)
        case binary(BinaryOperator, BoundExpr, BoundExpr)
        case isNull(BoundExpr, negated: Bool)
        /// Membership in a list of constants of the operand's type.
        case inList(BoundExpr, [Value], negated: Bool)
        case call(ScalarFunction, [BoundExpr])
        /// An implicit conversion the binder inserted (int to float, text to date).
        case cast(BoundExpr, DataType)
    }

    public let kind: Kind
    public let type: DataType
    public let range: SourceRange
}

extension BoundExpr {
    /// Adds the input columns this expression reads.
    func collectColumns(into set: inout Set<Int>) {
        switch kind {
        case .column(let i): set.insert(i)
        case .constant: break
        case .negate(let x), .not(let x), .isNull(let x, _), .inList(let x, _, _), .cast(let x, _): x.collectColumns(into: &set)
        case .binary(_, let a, let b):
            a.collectColumns(into: &set)
            b.collectColumns(into: &set)
        case .call(_, let args):
            for arg in args { arg.collectColumns(into: &set) }
        }
    }
}

/// An aggregate call with its bound argument (nil for `count()`).
public struct BoundAggregate: Sendable {
    public let function: AggregateFunction
    public let argument: BoundExpr?
    /// The `q` of `quantile(x, q)`.
    public let parameter: Double?
    public let type: DataType
    public let range: SourceRange
    /// The call as written (`avg(percentage_laid_off)`), for notes.
    public var text = ""
}

public struct BoundSortKey: Sendable {
    public let expr: BoundExpr
    public let descending: Bool
}

/// The operators a query runs, one case per clause kind, each taking the plan before it.
public indirect enum Plan: Sendable {
    /// A table from the catalog, as it was when the query was bound.
    case scan(name: String, Table)
    /// Keeps the rows where the predicate is true (null counts as false).
    case filter(Plan, BoundExpr)
    /// Computes the output columns, in order, from the input's.
    case project(Plan, [(name: String, expr: BoundExpr)])
    /// One row per distinct key, in key order; no keys means one row over the whole input.
    case aggregate(Plan, keys: [(name: String, expr: BoundExpr)], aggregates: [(name: String, aggregate: BoundAggregate)])
    /// Stable sort, nulls last.
    case sort(Plan, [BoundSortKey])
    case limit(Plan, Int)
    /// An equi-join on one key column of each side; `rightColumns` are the right columns kept.
    case join(left: Plan, right: Plan, isLeft: Bool, leftKey: Int, rightKey: Int, rightColumns: [Int], names: [String])
    /// One row, one column `count`.
    case count(Plan)
    /// One row per input column, describing it.
    case describe(Plan)
    /// Value counts of the given columns, most common first, with percentages and a bar.
    case frequency(Plan, columns: [Int])
}
