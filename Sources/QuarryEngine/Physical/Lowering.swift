import QuarryBase

/// Chooses how each operator runs, from the types and the statistics of its input; the
/// executor never decides again. Every threshold is in `Tuning`.
public enum Lowering {
    /// Strategies that can be switched off, for tests that compare them with the plain ones.
    public struct Options: Sendable {
        /// Aggregates over a join may group each left row through its match (`throughJoin`).
        public var groupsThroughJoins = true
        public init() {}
    }

    public static func lower(_ plan: LogicalPlan, _ options: Options = Options()) -> PhysicalPlan {
        func make(_ op: PhysicalPlan.Operator) -> PhysicalPlan { PhysicalPlan(op: op, step: plan.step, schema: plan.schema) }
        switch plan.op {
        case .scan(let ref, let columns): return make(.scan(ref, columns: columns))
        case .filter(let input, let predicate): return make(.filter(lower(input, options), predicate))
        case .project(let input, let outputs): return make(.project(lower(input, options), outputs))
        case .aggregate(let input, let aggregation):
            let strategy =
                groupingThroughJoin(aggregation, over: input, options) ?? grouping(aggregation.keys.map(\.expr), over: input)
            return make(.aggregate(lower(input, options), aggregation, strategy))
        case .distinct(let input, let columns):
            let schema = input.schema
            let keys = columns.map { OutputExpr(schema.names[$0], .column($0, schema.types[$0], SourceRange(0, 0))) }
            let aggregation = Aggregation(keys: keys, aggregates: [], outputs: nil)
            return make(.aggregate(lower(input, options), aggregation, grouping(keys.map(\.expr), over: input)))
        case .sort(let input, let keys): return make(.sort(lower(input, options), keys))
        case .limit(let input, let n): return make(.limit(lower(input, options), n))
        case .topN(let input, let n, let keys): return make(.topN(lower(input, options), n, keys, topN(n, keys, over: input)))
        case .count(let input):
            if case .filter(let inner, let predicate) = input.op {
                // Counting what a filter keeps needs only its selection; the filter's step goes
                // with it, so explain still reports the rows it keeps.
                return make(.countWhere(lower(inner, options), predicate, filterStep: input.step))
            }
            return make(.count(lower(input, options)))
        case .join(let join):
            return make(
                .join(
                    PhysicalJoin(
                        left: lower(join.left, options), right: lower(join.right, options), logical: join,
                        strategy: strategy(join))))
        case .describe(let input): return make(.describe(lower(input, options)))
        case .frequency(let input, let columns): return make(.frequency(lower(input, options), columns: columns))
        }
    }

    static func strategy(_ join: LogicalJoin) -> JoinStrategy {
        // Keys of different number types meet as floats, where two large ints can become one
        // value; only keys of one type are known unique from the right side's own values.
        let sameType = join.left.schema.types[join.leftKey] == join.right.schema.types[join.rightKey]
        return sameType && join.right.isUnique(join.rightKey) ? .uniqueRight : .general
    }

    /// Grouping through a join, when the join has unique right keys, every key reads only the
    /// join's right columns and every aggregate argument only its left columns.
    static func groupingThroughJoin(_ aggregation: Aggregation, over input: LogicalPlan, _ options: Options)
        -> GroupingStrategy?
    {
        guard options.groupsThroughJoins, case .join(let join) = input.op, !aggregation.keys.isEmpty else { return nil }
        let leftCount = join.leftColumns.count
        let arguments = aggregation.aggregates.compactMap(\.aggregate.argument)
        guard aggregation.keys.allSatisfy({ $0.expr.columnsRead.allSatisfy { $0 >= leftCount } }),
            arguments.allSatisfy({ $0.columnsRead.allSatisfy { $0 < leftCount } }),
            strategy(join) == .uniqueRight
        else { return nil }
        let rows = join.right.estimatedRows
        return .throughJoin(
            aggregation.keys.map { keyIds($0.expr.remapped { join.rightColumns[$0 - leftCount] }, over: join.right, rows: rows) })
    }

    /// Derived grouping for one key computed from one small-range column; otherwise ids per key.
    static func grouping(_ keys: [BoundExpr], over input: LogicalPlan) -> GroupingStrategy {
        guard !keys.isEmpty else { return .wholeInput }
        let rows = input.estimatedRows
        if keys.count == 1, !keys[0].isColumn, keys[0].columnsRead.count == 1, let column = keys[0].columnsRead.first,
            rows >= Tuning.derivedGroupingMinimumRows, let stats = input.columnStatistics(column),
            stats.type == .int || stats.type == .date, let span = stats.span,
            span <= Tuning.derivedGroupingMaximumSpan, span <= rows / Tuning.derivedGroupingRowsPerValue
        {
            return .derived(column: column)
        }
        return .keyIds(keys.map { keyIds($0, over: input, rows: rows) })
    }

    static func keyIds(_ key: BoundExpr, over input: LogicalPlan, rows: Int) -> KeyIds {
        switch key.type {
        case .string: return .dictionaryCodes
        case .bool: return .flags
        case .float, .timestamp, .null: return .hashed
        case .int, .date:
            guard case .column(let c) = key.kind, let span = input.columnStatistics(c)?.span else {
                // A computed key: its range is known only once computed; the kernel checks it.
                return .denseRange
            }
            return Tuning.denseIdsFit(span: span, rows: rows) ? .denseRange : .hashed
        }
    }

    static func topN(_ n: Int, _ keys: [BoundSortKey], over input: LogicalPlan) -> TopNStrategy {
        guard n < input.estimatedRows / Tuning.topNRowsPerKept else { return .fullSort }
        if case .scan = input.op, let first = keys.first, first.expr.isColumn,
            [.int, .date, .timestamp].contains(first.expr.type),
            input.estimatedRows >= Tuning.blockBoundsMinimumBlocks * BlockBounds.rowsPerBlock
        {
            return .blockBounds
        }
        switch keys.first?.expr.type {
        case .int, .float, .date, .timestamp: return .candidates
        default: return .heap
        }
    }
}
