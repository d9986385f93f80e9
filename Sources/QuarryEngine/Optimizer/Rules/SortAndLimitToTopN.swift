import QuarryBase

/// A sort followed by a limit becomes a top N, which finds the first rows without sorting all
/// of them. (A limit over a top N stays: merging them would lose the top clause's row count
/// that explain reports, and a limit of a few rows costs nothing.)
struct SortAndLimitToTopN: OptimizerRule {
    let name = "SortAndLimitToTopN"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in
            guard case .limit(let input, let n) = node.op, case .sort(let inner, let keys) = input.op else { return node }
            return LogicalPlan(.topN(inner, n, keys), step: node.step)
        }
    }
}
