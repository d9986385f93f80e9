import QuarryBase

/// `group by`, `aggregate` and `distinct`: one row per distinct key (in key order, nulls last),
/// each aggregate computed per group, then the outputs computed from keys and aggregates.
enum AggregateOperator {
    /// Which group each row is in, and each key's value per group.
    struct Groups {
        var ids: GroupIds
        var count: Int
        /// One column per key, one row per group.
        var keys: [Column]
    }

    static func run(_ table: Table, _ aggregation: Aggregation, _ strategy: GroupingStrategy, _ executor: Executor)
        throws(Diagnostic) -> Table
    {
        let groups = try groupRows(table, aggregation.keys.map(\.expr), strategy)
        return try aggregate(groups, aggregation, executor) { (expr) throws(Diagnostic) in
            try ExpressionEvaluator.evaluate(expr, table).materialize(count: table.rowCount, type: expr.type)
        }
    }

    /// Computes every aggregate per group from its argument (`argument` evaluates one over the
    /// grouped rows, in the order of `groups.ids`), orders the groups by key, and computes the
    /// outputs.
    static func aggregate(
        _ groups: Groups, _ aggregation: Aggregation, _ executor: Executor,
        argument evaluate: (BoundExpr) throws(Diagnostic) -> Column
    ) throws(Diagnostic) -> Table {
        let order =
            aggregation.keys.isEmpty
            ? [Int32](0..<Int32(groups.count))
            : SortKernels.permutation(groups.keys, descending: Array(repeating: false, count: groups.keys.count))
        var columns = groups.keys.map { $0.gather(order) }
        var skipped: [(text: String, nulls: Int)] = []
        for (_, aggregate) in aggregation.aggregates {
            var argument: Column?
            if let expr = aggregate.argument {
                argument = try evaluate(expr)
                if aggregate.function.kind != .count, aggregate.function.kind != .countDistinct, let argument {
                    skipped.append((aggregate.text, argument.nullCount))
                }
            }
            let perGroup = try AggregateKernels.compute(aggregate, argument, ids: groups.ids, groups: groups.count)
            columns.append(perGroup.gather(order))
        }
        if !aggregation.aggregates.isEmpty { executor.report(.aggregated(skipped: skipped, rows: groups.ids.rows)) }
        let grouped = Table(names: aggregation.groupedSchema.names, columns: columns, rowCount: groups.count)
        guard let outputs = aggregation.outputs else { return grouped }
        return try ProjectOperator.run(grouped, outputs)
    }

    /// The group of every row, the number of groups, and each key's value per group.
    static func groupRows(_ table: Table, _ keys: [BoundExpr], _ strategy: GroupingStrategy) throws(Diagnostic)
        -> Groups
    {
        let n = table.rowCount
        var methods: [KeyIds]?
        switch strategy {
        case .wholeInput: return Groups(ids: .single(rows: n), count: 1, keys: [])
        case .derived(let column):
            if let derived = try DerivedGrouping.make(
                key: keys[0], source: column, table: table,
                evaluate: { (expr, rows) throws(Diagnostic) in
                    try ExpressionEvaluator.evaluate(expr, rows).materialize(count: rows.rowCount, type: expr.type)
                })
            {
                return Groups(ids: derived.ids, count: derived.groupCount, keys: [derived.keys])
            }
        case .keyIds(let chosen), .throughJoin(let chosen): methods = chosen
        }
        var keyColumns: [Column] = []
        for key in keys {
            keyColumns.append(try ExpressionEvaluator.evaluate(key, table).materialize(count: n, type: key.type))
        }
        if methods == [.dictionaryCodes], let groups = DictionaryGrouping.make(keyColumns[0]) { return groups }
        let (ids, groupCount, firstRow) = GroupKeys.grouping(keyColumns, rows: n, methods: methods)
        try Cancellation.check()
        return Groups(ids: GroupIds(ids), count: groupCount, keys: keyColumns.map { $0.gather(firstRow) })
    }
}
