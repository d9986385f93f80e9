import QuarryBase

/// An expression that reads one column with few distinct values is worked out once per value
/// and the answers gathered back to the rows: `lower(industry) = "retail"` runs on the thirty
/// industries, not ten million rows; `year(date)` on the two thousand days. Fed by the column
/// statistics collected at load (a text column's dictionary size, an integer or date range).
struct EvaluatePerValue: OptimizerRule {
    let name = "EvaluatePerValue"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in
            guard let input = node.children.first else { return node }
            let rows = input.estimatedRows
            return node.mappingExpressions { rewrite($0, input, rows: rows) }
        }
    }

    /// Wraps the largest parts of `expr` that read exactly one column worth it.
    func rewrite(_ expr: BoundExpr, _ input: LogicalPlan, rows: Int) -> BoundExpr {
        if case .one(let column) = expr.reads, worthIt(expr, column, input, rows: rows) {
            let inner = expr.remapped { _ in 0 }
            return BoundExpr(kind: .perValue(inner, column: column), type: expr.type, range: expr.range)
        }
        let kids = expr.children
        guard !kids.isEmpty else { return expr }
        return expr.withChildren(kids.map { rewrite($0, input, rows: rows) })
    }

    func worthIt(_ expr: BoundExpr, _ column: Int, _ input: LogicalPlan, rows: Int) -> Bool {
        switch expr.kind {
        case .column, .constant, .perValue: return false
        // Comparing a column with constants already runs on dictionary codes or plain numbers (and a
        // filter reads a text column's comparison into its bitmap per code).
        case .binary(let op, let a, let b) where op.isComparison && (a.isColumn || b.isColumn): return false
        case .inList(let x, _, _) where x.isColumn: return false
        case .isNull(let x, _) where x.isColumn: return false
        case .cast(let x, _) where x.isColumn: return false
        default: break
        }
        guard rows >= Tuning.perValueMinimumRows, let stats = input.columnStatistics(column) else { return false }
        switch stats.type {
        case .string:
            return (stats.distinctAtMost ?? rows) <= rows / Tuning.perValueRowsPerValue
        case .int, .date:
            guard let span = stats.span else { return false }
            return span <= Tuning.perValueMaximumSpan && span <= rows / Tuning.perValueRowsPerValue
        default:
            return false
        }
    }
}
