import QuarryBase

/// `sort by`: a stable sort, nulls last.
enum SortOperator {
    static func run(_ table: Table, _ keys: [BoundSortKey]) throws(Diagnostic) -> Table {
        let order = SortKernels.permutation(try keyColumns(keys, table), descending: keys.map(\.descending))
        try Cancellation.check()
        return table.gather(order)
    }

    /// The sort keys evaluated over the table, one column each.
    static func keyColumns(_ keys: [BoundSortKey], _ table: Table) throws(Diagnostic) -> [Column] {
        var columns: [Column] = []
        for key in keys {
            columns.append(
                try ExpressionEvaluator.evaluate(key.expr, table).materialize(count: table.rowCount, type: key.expr.type))
        }
        return columns
    }
}

/// `top N by` (and a sort followed by a limit): the first rows of the sort, by the strategy the
/// lowering chose.
enum TopNOperator {
    static func run(_ table: Table, _ n: Int, _ keys: [BoundSortKey], _ strategy: TopNStrategy, input: PhysicalPlan)
        throws(Diagnostic) -> Table
    {
        let columns = try SortOperator.keyColumns(keys, table)
        var bounds: BlockBounds?
        if strategy == .blockBounds, case .scan(let ref, let stored) = input.op, case .column(let c) = keys[0].expr.kind {
            bounds = ref.source.statistics.blockBounds(stored[c])
        }
        return table.gather(
            SortKernels.firstRows(n, of: columns, descending: keys.map(\.descending), strategy: strategy, bounds: bounds))
    }
}

/// `count`: one row, one column.
enum CountOperator {
    static func table(_ rows: Int) -> Table {
        Table(names: ["count"], columns: [Column(.int([Int64(rows)]))])
    }
}
