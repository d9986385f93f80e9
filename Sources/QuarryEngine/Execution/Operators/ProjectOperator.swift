import QuarryBase

/// `select`, `derive`, `drop`: each output column computed over the whole input.
enum ProjectOperator {
    static func run(_ table: Table, _ outputs: [OutputExpr]) throws(Diagnostic) -> Table {
        var columns: [Column] = []
        for output in outputs {
            columns.append(
                try ExpressionEvaluator.evaluate(output.expr, table).materialize(count: table.rowCount, type: output.expr.type))
        }
        return Table(names: outputs.map(\.name), columns: columns, rowCount: table.rowCount)
    }
}
