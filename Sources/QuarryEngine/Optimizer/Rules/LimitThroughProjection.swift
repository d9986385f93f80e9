import QuarryBase

/// `... | select a, b | limit 3` limits before computing the columns: a projection keeps every
/// row in place, so it computes the same three rows either way, and a sort below the limit can
/// then become a top N.
struct LimitThroughProjection: OptimizerRule {
    let name = "LimitThroughProjection"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        // Top-down, so a limit sinks through a run of projections in one pass.
        sink(plan)
    }

    func sink(_ node: LogicalPlan) -> LogicalPlan {
        if case .limit(let input, let n) = node.op, case .project(let inner, let outputs) = input.op {
            let limited = sink(LogicalPlan(.limit(inner, n), step: node.step))
            return LogicalPlan(.project(limited, outputs), step: input.step)
        }
        return node.withChildren(node.children.map(sink))
    }
}
