import QuarryBase

/// `t join k on b | where a > 0` filters `t` before the join when the condition reads only `t`'s
/// columns: the join then hashes and gathers fewer rows. The parts of an `and` that read the
/// right side stay above. (Not for explain: the filter's rows would be counted before the join.)
struct PushFilterBelowJoin: OptimizerRule {
    let name = "PushFilterBelowJoin"
    let keepsStepCounts = false

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in
            guard case .filter(let input, let predicate) = node.op, case .join(var join) = input.op else { return node }
            let leftCount = join.leftColumns.count
            var below: [BoundExpr] = []
            var above: [BoundExpr] = []
            for part in predicate.conjuncts {
                if part.columnsRead.allSatisfy({ $0 < leftCount }) { below.append(part) } else { above.append(part) }
            }
            guard let pushed = BoundExpr.and(below) else { return node }
            let onLeft = pushed.remapped { join.leftColumns[$0] }
            join.left = LogicalPlan(.filter(join.left, onLeft))
            let joined = LogicalPlan(.join(join), step: input.step)
            return BoundExpr.and(above).map { LogicalPlan(.filter(joined, $0), step: node.step) } ?? joined
        }
    }
}
