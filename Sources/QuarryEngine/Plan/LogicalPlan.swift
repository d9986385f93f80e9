import QuarryBase
import QuarrySyntax

/// A query as written, one operator per clause, before any rewriting: what the binder makes and
/// the optimizer rewrites.
///
///     layoffs where industry = "Retail" group by year(date)
///
///     Aggregate keys: year = year(date); count = count()     [year int, count int]
///       Filter industry = "Retail"                           [company string, ...]
///         Scan layoffs                                       [company string, ...]
///
/// Each operator knows its children and its output schema. `step` ties an operator to the clause
/// it came from (0 is the source, 1 the first clause), so `explain` can report each clause's rows
/// whatever the optimizer did; operators the binder makes for a nested query have none.
public struct LogicalPlan: Sendable {
    public indirect enum Operator: Sendable {
        /// The table `ref`, reading only `columns` (indices into its schema).
        case scan(TableRef, columns: [Int])
        /// Keeps the rows where the predicate is true (null counts as false).
        case filter(LogicalPlan, BoundExpr)
        /// Computes the output columns, in order, from the input's: `select`, `derive`, `drop`.
        case project(LogicalPlan, [OutputExpr])
        /// `group by` and `aggregate`.
        case aggregate(LogicalPlan, Aggregation)
        /// Stable sort, nulls last.
        case sort(LogicalPlan, [BoundSortKey])
        /// The first rows.
        case limit(LogicalPlan, Int)
        /// The first `n` rows of the sort by `keys`: `top N by`, or a sort followed by a limit.
        case topN(LogicalPlan, Int, [BoundSortKey])
        /// The distinct combinations of the given columns, in key order.
        case distinct(LogicalPlan, columns: [Int])
        /// One row, one column `count`.
        case count(LogicalPlan)
        case join(LogicalJoin)
        /// One row per input column, describing it.
        case describe(LogicalPlan)
        /// Value counts of the given columns, most common first, with percentages and a bar.
        case frequency(LogicalPlan, columns: [Int])
    }

    public let op: Operator
    public var step: Int?
    /// The names and types of the columns this operator produces.
    public let schema: Schema
    /// The estimated number of rows: exact for a scan, an upper bound above filters and joins
    /// with unique keys; used to choose strategies, never for results.
    public let estimatedRows: Int

    /// Both are worked out once, from the inputs' own, so asking costs nothing however long
    /// the pipeline below is.
    public init(_ op: Operator, step: Int? = nil) {
        self.op = op
        self.step = step
        schema = LogicalPlan.schema(of: op)
        estimatedRows = LogicalPlan.estimatedRows(of: op, schema: schema)
    }
}

/// `group by KEYS aggregate ITEMS`: the aggregates are computed per group; when the items are
/// more than bare aggregates (`share = sum(x) / count()`), `outputs` computes the result columns
/// from the keys (columns 0..<keys.count) and the aggregates (the columns after them).
public struct Aggregation: Sendable {
    public var keys: [OutputExpr]
    public var aggregates: [(name: String, aggregate: BoundAggregate)]
    public var outputs: [OutputExpr]?

    /// The columns the grouping itself produces: the keys, then one per aggregate.
    public var groupedSchema: Schema {
        Schema(
            names: keys.map(\.name) + aggregates.map(\.name),
            types: keys.map(\.expr.type) + aggregates.map(\.aggregate.type))
    }

    public var schema: Schema {
        guard let outputs else { return groupedSchema }
        return Schema(names: outputs.map(\.name), types: outputs.map(\.expr.type))
    }

    /// Every expression evaluated over the input rows.
    var inputExpressions: [BoundExpr] { keys.map(\.expr) + aggregates.compactMap(\.aggregate.argument) }
}

/// An equi-join on one key of each side. The output is the left columns, then `rightColumns`
/// of the right side, named `names`.
public struct LogicalJoin: Sendable {
    public var left: LogicalPlan
    public var right: LogicalPlan
    public var keepsUnmatchedLeft: Bool
    public var leftKey: Int
    public var rightKey: Int
    /// The left columns kept (all of them as bound; pruning may drop some).
    public var leftColumns: [Int]
    public var rightColumns: [Int]
    public var names: [String]
    /// The right side as the query named it, for notes (`countries`, or `the joined table`).
    public var rightName: String
    /// The joined table in the query text, for errors that point at the join.
    public var range: SourceRange? = nil
}

extension LogicalPlan {
    /// The names and types of the columns `op` produces.
    static func schema(of op: Operator) -> Schema {
        switch op {
        case .scan(let ref, let columns):
            let all = ref.source.schema
            return Schema(names: columns.map { all.names[$0] }, types: columns.map { all.types[$0] })
        case .filter(let input, _), .sort(let input, _), .limit(let input, _), .topN(let input, _, _):
            return input.schema
        case .project(_, let outputs): return Schema(names: outputs.map(\.name), types: outputs.map(\.expr.type))
        case .aggregate(_, let aggregation): return aggregation.schema
        case .distinct(let input, let columns), .frequency(let input, let columns):
            let s = input.schema
            let keys = Schema(names: columns.map { s.names[$0] }, types: columns.map { s.types[$0] })
            guard case .frequency = op else { return keys }
            return Schema(names: keys.names + Frequency.names, types: keys.types + Frequency.types)
        case .count: return Schema(names: ["count"], types: [.int])
        case .join(let join):
            let l = join.left.schema
            let r = join.right.schema
            return Schema(names: join.names, types: join.leftColumns.map { l.types[$0] } + join.rightColumns.map { r.types[$0] })
        case .describe: return Schema(names: Describe.names, types: Describe.types)
        }
    }

    /// The operator's inputs.
    public var children: [LogicalPlan] {
        switch op {
        case .scan: []
        case .filter(let c, _), .project(let c, _), .aggregate(let c, _), .sort(let c, _), .limit(let c, _),
            .topN(let c, _, _), .distinct(let c, _), .count(let c), .describe(let c), .frequency(let c, _):
            [c]
        case .join(let j): [j.left, j.right]
        }
    }

    /// The same operator over new inputs (in `children` order).
    public func withChildren(_ new: [LogicalPlan]) -> LogicalPlan {
        let op: Operator
        switch self.op {
        case .scan: return self
        case .filter(_, let p): op = .filter(new[0], p)
        case .project(_, let o): op = .project(new[0], o)
        case .aggregate(_, let a): op = .aggregate(new[0], a)
        case .sort(_, let k): op = .sort(new[0], k)
        case .limit(_, let n): op = .limit(new[0], n)
        case .topN(_, let n, let k): op = .topN(new[0], n, k)
        case .distinct(_, let c): op = .distinct(new[0], columns: c)
        case .count: op = .count(new[0])
        case .describe: op = .describe(new[0])
        case .frequency(_, let c): op = .frequency(new[0], columns: c)
        case .join(var j):
            j.left = new[0]
            j.right = new[1]
            op = .join(j)
        }
        return LogicalPlan(op, step: step)
    }

    /// Rewrites bottom-up: `transform` sees each operator after its inputs were rewritten.
    public func transformed(_ transform: (LogicalPlan) throws(Diagnostic) -> LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        var kids: [LogicalPlan] = []
        for child in children { kids.append(try child.transformed(transform)) }
        return try transform(kids.isEmpty ? self : withChildren(kids))
    }

    /// The estimated number of rows `op` produces (`schema` is its output's).
    static func estimatedRows(of op: Operator, schema: Schema) -> Int {
        switch op {
        case .scan(let ref, _): return ref.source.statistics.rows
        case .filter(let c, _), .project(let c, _), .sort(let c, _), .distinct(let c, _), .frequency(let c, _):
            return c.estimatedRows
        case .aggregate(let c, let a): return a.keys.isEmpty ? 1 : c.estimatedRows
        case .limit(let c, let n), .topN(let c, let n, _): return min(n, c.estimatedRows)
        case .count: return 1
        case .describe(let c): return c.schema.count
        case .join(let j): return max(j.left.estimatedRows, j.right.estimatedRows)
        }
    }
}
