import QuarryBase

/// A projection read by another projection, or by a group by, is folded into it: `derive y =
/// year(date) | group by y` groups by `year(date)` itself, and `select a, b | select a` computes
/// once. A computed column read more than once stays where it is, so nothing is evaluated twice,
/// and so does one whose merged expression would be deeper than `Limits.expressionDepth`.
struct MergeProjections: OptimizerRule {
    let name = "MergeProjections"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try plan.transformed { node in
            switch node.op {
            case .project(let input, _), .aggregate(let input, _):
                guard case .project(let inner, let innerOutputs) = input.op,
                    Self.readOnce(innerOutputs, by: node.inputExpressions)
                else { return node }
                let merged = node.withChildren([inner]).mappingExpressions { $0.substituting { innerOutputs[$0].expr } }
                // Merging adds depths; past the limit on expressions the two stay apart.
                return merged.inputExpressions.allSatisfy { $0.depth <= Limits.expressionDepth } ? merged : node
            default:
                return node
            }
        }
    }

    /// True when every computed (not plain column, not literal) output is read at most once. An
    /// expression that reads no column is still computed: repeating `1 + 1` where `b = a + a`
    /// reads it twice would double it at every such step.
    static func readOnce(_ outputs: [OutputExpr], by readers: [BoundExpr]) -> Bool {
        var uses = [Int](repeating: 0, count: outputs.count)
        for reader in readers { reader.countColumnUses(into: &uses) }
        return outputs.indices.allSatisfy { i in
            uses[i] <= 1 || outputs[i].expr.isColumn || outputs[i].expr.isLiteral
        }
    }
}

extension BoundExpr {
    /// Adds one to `uses[i]` for every reference to column i.
    func countColumnUses(into uses: inout [Int]) {
        switch kind {
        case .column(let i), .perValue(_, let i): uses[i] += 1
        default: for child in children { child.countColumnUses(into: &uses) }
        }
    }
}
