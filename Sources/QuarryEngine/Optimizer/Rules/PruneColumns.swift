import QuarryBase

/// Each operator receives only the columns something above it reads: a scan reads just those
/// columns, and a join gathers just those of its matched rows (`t join k | group by region`
/// gathers `region` and the aggregate's argument, not every column of `t` and `k`).
struct PruneColumns: OptimizerRule {
    let name = "PruneColumns"

    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        prune(plan, keeping: Set(plan.schema.names.indices)).plan
    }

    /// The plan producing at least the columns in `keep`; `map[i]` is where old column i is now
    /// (-1 when it was dropped).
    func prune(_ node: LogicalPlan, keeping keep: Set<Int>) -> (plan: LogicalPlan, map: [Int]) {
        let width = node.schema.count
        let identity = Array(0..<width)
        func make(_ op: LogicalPlan.Operator) -> LogicalPlan { LogicalPlan(op, step: node.step) }
        switch node.op {
        case .scan(let ref, let columns):
            let kept = columns.indices.filter { keep.contains($0) }
            return (make(.scan(ref, columns: kept.map { columns[$0] })), positions(of: kept, in: width))
        case .filter(let input, _), .sort(let input, _), .topN(let input, _, _), .limit(let input, _):
            // The output is the input's columns: keep what is asked and what the operator reads.
            let (child, map) = prune(input, keeping: keep.union(node.columnsReadFromInput))
            return (node.withChildren([child]).mappingExpressions { $0.remapped { map[$0] } }, map)
        case .project(let input, let outputs):
            let kept = outputs.indices.filter { keep.contains($0) }
            let needed = kept.reduce(into: Set<Int>()) { $0.formUnion(outputs[$1].expr.columnsRead) }
            let (child, map) = prune(input, keeping: needed)
            let remapped = kept.map { OutputExpr(outputs[$0].name, outputs[$0].expr.remapped { map[$0] }) }
            return (make(.project(child, remapped)), positions(of: kept, in: width))
        case .aggregate(let input, _):
            let (child, map) = prune(input, keeping: node.columnsReadFromInput)
            return (node.withChildren([child]).mappingExpressions { $0.remapped { map[$0] } }, identity)
        case .distinct(let input, let columns):
            let (child, map) = prune(input, keeping: Set(columns))
            return (make(.distinct(child, columns: columns.map { map[$0] })), identity)
        case .frequency(let input, let columns):
            let (child, map) = prune(input, keeping: Set(columns))
            return (make(.frequency(child, columns: columns.map { map[$0] })), identity)
        case .count(let input):
            return (make(.count(prune(input, keeping: []).plan)), identity)
        case .describe:
            return (node, identity)
        case .join(var join):
            let leftCount = join.leftColumns.count
            let kept = (0..<width).filter { keep.contains($0) }
            let keptLeft = kept.filter { $0 < leftCount }
            let keptRight = kept.filter { $0 >= leftCount }.map { $0 - leftCount }
            let (left, leftMap) = prune(join.left, keeping: Set(keptLeft.map { join.leftColumns[$0] } + [join.leftKey]))
            let (right, rightMap) = prune(join.right, keeping: Set(keptRight.map { join.rightColumns[$0] } + [join.rightKey]))
            join.names = kept.map { join.names[$0] }
            join.leftColumns = keptLeft.map { leftMap[join.leftColumns[$0]] }
            join.rightColumns = keptRight.map { rightMap[join.rightColumns[$0]] }
            join.leftKey = leftMap[join.leftKey]
            join.rightKey = rightMap[join.rightKey]
            join.left = left
            join.right = right
            return (make(.join(join)), positions(of: kept, in: width))
        }
    }

    /// Where each of `width` old columns stands among `kept` (-1 when not kept).
    func positions(of kept: [Int], in width: Int) -> [Int] {
        var map = [Int](repeating: -1, count: width)
        for (new, old) in kept.enumerated() { map[old] = new }
        return map
    }
}
