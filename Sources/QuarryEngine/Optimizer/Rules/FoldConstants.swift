import QuarryBase

/// `2 * 60` becomes `120`, `lower("ABC")` becomes `"abc"`: a part of an expression that reads no
/// column is evaluated once, before the query runs. A part whose evaluation fails (an overflow)
/// is left alone, so the error comes when the query runs, with its position.
struct FoldConstants: OptimizerRule {
    let name = "FoldConstants"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in node.mappingExpressions(fold) }
    }

    func fold(_ expr: BoundExpr) -> BoundExpr {
        expr.transformed { e in
            switch e.kind {
            case .constant, .column, .perValue: return e
            default: break
            }
            // Children are folded first, so a foldable part has only constants below it.
            guard e.children.allSatisfy({ if case .constant = $0.kind { true } else { false } }),
                case .scalar(let value)? = try? ExpressionEvaluator.evaluate(e, Table(names: [], columns: [], rowCount: 1))
            else { return e }
            return BoundExpr(kind: .constant(value), type: e.type, range: e.range)
        }
    }
}
