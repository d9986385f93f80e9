import QuarryBase

/// A sort followed by a limit becomes a top N, which finds the first rows without sorting all
/// of them; a limit over a top N keeps the smaller count.
struct SortAndLimitToTopN: OptimizerRule {
    let name = "SortAndLimitToTopN"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in
            guard case .limit(let input, let n) = node.op else { return node }
            switch input.op {
            case .sort(let inner, let keys): return LogicalPlan(.topN(inner, n, keys), step: node.step)
            case .topN(let inner, let m, let keys): return LogicalPlan(.topN(inner, min(n, m), keys), step: node.step)
            default: return node
            }
        }
    }
}
