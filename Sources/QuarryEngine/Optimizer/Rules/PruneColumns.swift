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
        case .filter(let input, let predicate):
            let (child, map) = prune(input, keeping: keep.union(predicate.columnsRead))
            return (make(.filter(child, predicate.remapped { map[$0] })), map)
        case .project(let input, let outputs):
            let kept = outputs.indices.filter { keep.contains($0) }
            let needed = kept.reduce(into: Set<Int>()) { $0.formUnion(outputs[$1].expr.columnsRead) }
            let (child, map) = prune(input, keeping: needed)
            let remapped = kept.map { OutputExpr(outputs[$0].name, outputs[$0].expr.remapped { map[$0] }) }
            return (make(.project(child, remapped)), positions(of: kept, in: width))
        case .aggregate(let input, var aggregation):
            let needed = aggregation.inputExpressions.reduce(into: Set<Int>()) { $0.formUnion($1.columnsRead) }
            let (child, map) = prune(input, keeping: needed)
            aggregation.keys = aggregation.keys.map { OutputExpr($0.name, $0.expr.remapped { map[$0] }) }
            aggregation.aggregates = aggregation.aggregates.map { item in
                var aggregate = item.aggregate
                aggregate.argument = aggregate.argument?.remapped { map[$0] }
                return (item.name, aggregate)
            }
            return (make(.aggregate(child, aggregation)), identity)
        case .sort(let input, let keys):
            let (child, map) = prune(input, keeping: keep.union(Self.columns(keys)))
            return (make(.sort(child, Self.remap(keys, map))), map)
        case .topN(let input, let n, let keys):
            let (child, map) = prune(input, keeping: keep.union(Self.columns(keys)))
            return (make(.topN(child, n, Self.remap(keys, map))), map)
        case .limit(let input, let n):
            let (child, map) = prune(input, keeping: keep)
            return (make(.limit(child, n)), map)
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

    static func columns(_ keys: [BoundSortKey]) -> Set<Int> {
        keys.reduce(into: Set<Int>()) { $0.formUnion($1.expr.columnsRead) }
    }

    static func remap(_ keys: [BoundSortKey], _ map: [Int]) -> [BoundSortKey] {
        keys.map { BoundSortKey(expr: $0.expr.remapped { map[$0] }, descending: $0.descending) }
    }
}
