extension Executor {
    /// Groups `table` by the keys (in key order, nulls last) and computes each aggregate per group.
    func aggregate(
        _ table: Table, keys: [(name: String, expr: BoundExpr)],
        aggregates: [(name: String, aggregate: BoundAggregate)]
    ) throws(Diagnostic) -> Table {
        let n = table.rowCount
        let (ids, groupCount, representatives) = try groupRows(table, keys: keys.map(\.expr))
        let order =
            keys.isEmpty
            ? [Int32](0..<Int32(groupCount))
            : SortKernels.permutation(representatives, descending: Array(repeating: false, count: keys.count))
        var columns = representatives.map { $0.gather(order) }
        var skipped: [(text: String, nulls: Int)] = []
        for (_, aggregate) in aggregates {
            var argument: Column?
            if let expr = aggregate.argument {
                argument = try evaluate(expr, table).materialize(count: n, type: expr.type)
                if aggregate.function.kind != .count, aggregate.function.kind != .countDistinct, let argument {
                    skipped.append((aggregate.text, argument.nullCount))
                }
            }
            let perGroup = try AggregateKernels.compute(aggregate, argument, ids: ids, groups: groupCount)
            columns.append(perGroup.gather(order))
        }
        notes?.checkAggregates(skipped, rows: n)
        return Table(names: keys.map(\.name) + aggregates.map(\.name), columns: columns, rowCount: groupCount)
    }

    /// The group of every row, the number of groups, and each key's value per group.
    private func groupRows(_ table: Table, keys: [BoundExpr]) throws(Diagnostic) -> (
        ids: [Int32], groupCount: Int, keys: [Column]
    ) {
        let n = table.rowCount
        if keys.count == 1,
            let derived = try DerivedGrouping.make(
                key: keys[0], table: table,
                evaluate: { (expr, rows) throws(Diagnostic) in
                    try evaluate(expr, rows).materialize(count: rows.rowCount, type: expr.type)
                })
        {
            return (derived.ids, derived.groupCount, [derived.keys])
        }
        var keyColumns: [Column] = []
        for key in keys { keyColumns.append(try evaluate(key, table).materialize(count: n, type: key.type)) }
        let (ids, groupCount, firstRow) = GroupKeys.grouping(keyColumns, rows: n)
        return (ids, groupCount, keyColumns.map { $0.gather(firstRow) })
    }
}
