import QuarryBase

/// `where`: the rows where the predicate is true, gathered through its selection vector.
enum FilterOperator {
    static func run(_ table: Table, _ predicate: BoundExpr, _ step: Int?, _ executor: Executor) throws(Diagnostic) -> Table {
        let selection = try ExpressionEvaluator.selection(predicate, table)
        executor.report(.filtered(predicate: predicate, input: table, kept: selection.count, step: step))
        return table.gather(selection)
    }

    /// Only the number of rows the predicate keeps (`where x count`): nothing is gathered.
    static func count(_ table: Table, _ predicate: BoundExpr, _ step: Int?, _ executor: Executor) throws(Diagnostic) -> Int {
        let kept = try ExpressionEvaluator.count(predicate, table)
        executor.report(.filtered(predicate: predicate, input: table, kept: kept, step: step))
        return kept
    }
}
