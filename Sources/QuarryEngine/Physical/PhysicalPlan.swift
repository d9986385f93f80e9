import QuarryBase

/// The plan the executor runs: the optimized logical plan with a strategy chosen for each
/// operator that has several (by `Lowering`, the one place that chooses).
public struct PhysicalPlan: Sendable {
    public indirect enum Operator: Sendable {
        case scan(TableRef, columns: [Int])
        case filter(PhysicalPlan, BoundExpr)
        case project(PhysicalPlan, [OutputExpr])
        /// Group by and aggregate (and distinct: keys, no aggregates).
        case aggregate(PhysicalPlan, Aggregation, GroupingStrategy)
        case sort(PhysicalPlan, [BoundSortKey])
        case limit(PhysicalPlan, Int)
        case topN(PhysicalPlan, Int, [BoundSortKey], TopNStrategy)
        case count(PhysicalPlan)
        /// The number of rows where the predicate holds, from its selection (no rows gathered).
        case countWhere(PhysicalPlan, BoundExpr, filterStep: Int?)
        case join(PhysicalJoin)
        case describe(PhysicalPlan)
        case frequency(PhysicalPlan, columns: [Int])
    }

    public var op: Operator
    public var step: Int?
    /// The logical operator's schema.
    public var schema: Schema

    public var children: [PhysicalPlan] {
        switch op {
        case .scan: []
        case .filter(let c, _), .project(let c, _), .aggregate(let c, _, _), .sort(let c, _), .limit(let c, _),
            .topN(let c, _, _, _), .count(let c), .countWhere(let c, _, _), .describe(let c), .frequency(let c, _):
            [c]
        case .join(let j): [j.left, j.right]
        }
    }
}

/// How rows find their group.
public enum GroupingStrategy: Sendable, Equatable {
    /// No keys: every row in one group.
    case wholeInput
    /// One key computed from one small-range column (`year(date)`): the key is evaluated once per
    /// value of that column and rows are mapped to groups through an array indexed by value.
    case derived(column: Int)
    /// Each key column turned into ids, combined across keys.
    case keyIds([KeyIds])
    /// The input is a join with unique right keys, the keys read only its right side and the
    /// aggregate arguments only its left side: the keys are grouped over the right rows, each
    /// left row finds its group through its match, and the joined rows are never made.
    case throughJoin([KeyIds])
}

/// How one key column becomes dense ids.
public enum KeyIds: String, Sendable, Equatable {
    /// A text column's dictionary codes.
    case dictionaryCodes = "codes"
    /// true, false, null.
    case flags
    /// An array indexed by value, for integers and dates of a small range.
    case denseRange = "dense"
    /// A hash map of the distinct values.
    case hashed
}

public enum TopNStrategy: String, Sendable, Equatable {
    /// Over a stored table, with an integer, date or timestamp first key: blocks of rows are read
    /// best bound first (the table's zone map), until no block left can beat the k-th best.
    case blockBounds = "block bounds"
    /// One pass per core finds the k-th best number of the first key; only rows at least that good
    /// are sorted.
    case candidates
    /// A heap of the k best rows so far.
    case heap
    /// A full sort, cut to k rows (k is a large share of the rows).
    case fullSort = "full sort"
}

public enum JoinStrategy: String, Sendable, Equatable {
    /// Every right key is on at most one row: a lookup table, output sized to the left side.
    case uniqueRight = "unique right keys"
    /// Chains of right rows per key.
    case general = "hash chains"
}

public struct PhysicalJoin: Sendable {
    public var left: PhysicalPlan
    public var right: PhysicalPlan
    public var logical: LogicalJoin
    public var strategy: JoinStrategy
}
