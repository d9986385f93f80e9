import QuarryBase

/// `where x | select a | count` counts the filter's rows: a projection or a sort under a count
/// changes no row count, so the count reads what is below them (and a count of a filter then
/// only needs the filter's selection).
struct CountThroughProjection: OptimizerRule {
    let name = "CountThroughProjection"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in
            guard case .count(var input) = node.op else { return node }
            while true {
                switch input.op {
                case .project(let inner, _), .sort(let inner, _): input = inner
                default: return LogicalPlan(.count(input), step: node.step)
                }
            }
        }
    }
}
