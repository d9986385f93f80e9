import QuarryBase

extension LogicalPlan {
    /// Every expression the operator evaluates over its input rows (those `mappingExpressions`
    /// rewrites).
    public var inputExpressions: [BoundExpr] {
        switch op {
        case .filter(_, let predicate): [predicate]
        case .project(_, let outputs): outputs.map(\.expr)
        case .aggregate(_, let aggregation): aggregation.inputExpressions
        case .sort(_, let keys), .topN(_, _, let keys): keys.map(\.expr)
        default: []
        }
    }

    /// The input columns those expressions read.
    var columnsReadFromInput: Set<Int> { inputExpressions.reduce(into: Set<Int>()) { $0.formUnion($1.columnsRead) } }

    /// The same operator with every expression it evaluates over its input rows rewritten
    /// (filter predicates, projected columns, group keys and aggregate arguments, sort keys).
    public func mappingExpressions(_ rewrite: (BoundExpr) -> BoundExpr) -> LogicalPlan {
        let op: Operator
        switch self.op {
        case .filter(let input, let predicate): op = .filter(input, rewrite(predicate))
        case .project(let input, let outputs): op = .project(input, outputs.map { OutputExpr($0.name, rewrite($0.expr)) })
        case .aggregate(let input, var aggregation):
            aggregation.keys = aggregation.keys.map { OutputExpr($0.name, rewrite($0.expr)) }
            aggregation.aggregates = aggregation.aggregates.map { item in
                var aggregate = item.aggregate
                aggregate.argument = aggregate.argument.map(rewrite)
                return (item.name, aggregate)
            }
            op = .aggregate(input, aggregation)
        case .sort(let input, let keys):
            op = .sort(input, keys.map { BoundSortKey(expr: rewrite($0.expr), descending: $0.descending) })
        case .topN(let input, let n, let keys):
            op = .topN(input, n, keys.map { BoundSortKey(expr: rewrite($0.expr), descending: $0.descending) })
        default: return self
        }
        return LogicalPlan(op, step: step)
    }
}

extension BoundExpr {
    /// The parts of an `and` chain.
    public var conjuncts: [BoundExpr] {
        if case .binary(.and, let a, let b) = kind { return a.conjuncts + b.conjuncts }
        return [self]
    }

    /// The `and` of the parts; nil for none.
    static func and(_ parts: [BoundExpr]) -> BoundExpr? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() {
            result = BoundExpr(kind: .binary(.and, result, part), type: .bool, range: result.range.merged(with: part.range))
        }
        return result
    }
}
