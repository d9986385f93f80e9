import QuarryBase

/// `group by`, `aggregate` and `distinct`: one row per distinct key (in key order, nulls last),
/// each aggregate computed per group, then the outputs computed from keys and aggregates.
enum AggregateOperator {
    static func run(_ table: Table, _ aggregation: Aggregation, _ strategy: GroupingStrategy, _ executor: Executor)
        throws(Diagnostic) -> Table
    {
        let n = table.rowCount
        let keys = aggregation.keys
        let (ids, groupCount, representatives) = try groupRows(table, keys.map(\.expr), strategy)
        let order =
            keys.isEmpty
            ? [Int32](0..<Int32(groupCount))
            : SortKernels.permutation(representatives, descending: Array(repeating: false, count: keys.count))
        var columns = representatives.map { $0.gather(order) }
        var skipped: [(text: String, nulls: Int)] = []
        for (_, aggregate) in aggregation.aggregates {
            var argument: Column?
            if let expr = aggregate.argument {
                argument = try ExpressionEvaluator.evaluate(expr, table).materialize(count: n, type: expr.type)
                if aggregate.function.kind != .count, aggregate.function.kind != .countDistinct, let argument {
                    skipped.append((aggregate.text, argument.nullCount))
                }
            }
            let perGroup = try AggregateKernels.compute(aggregate, argument, ids: ids, groups: groupCount)
            columns.append(perGroup.gather(order))
        }
        if !aggregation.aggregates.isEmpty { executor.report(.aggregated(skipped: skipped, rows: n)) }
        let grouped = Table(names: aggregation.groupedSchema.names, columns: columns, rowCount: groupCount)
        guard let outputs = aggregation.outputs else { return grouped }
        return try ProjectOperator.run(grouped, outputs)
    }

    /// The group of every row, the number of groups, and each key's value per group.
    static func groupRows(_ table: Table, _ keys: [BoundExpr], _ strategy: GroupingStrategy) throws(Diagnostic) -> (
        ids: [Int32], groupCount: Int, keys: [Column]
    ) {
        let n = table.rowCount
        var methods: [KeyIds]?
        switch strategy {
        case .wholeInput: return ([Int32](repeating: 0, count: n), 1, [])
        case .derived(let column):
            if let derived = try DerivedGrouping.make(
                key: keys[0], source: column, table: table,
                evaluate: { (expr, rows) throws(Diagnostic) in
                    try ExpressionEvaluator.evaluate(expr, rows).materialize(count: rows.rowCount, type: expr.type)
                })
            {
                return (derived.ids, derived.groupCount, [derived.keys])
            }
        case .keyIds(let chosen): methods = chosen
        }
        var keyColumns: [Column] = []
        for key in keys {
            keyColumns.append(try ExpressionEvaluator.evaluate(key, table).materialize(count: n, type: key.type))
        }
        let (ids, groupCount, firstRow) = GroupKeys.grouping(keyColumns, rows: n, methods: methods)
        return (ids, groupCount, keyColumns.map { $0.gather(firstRow) })
    }
}
