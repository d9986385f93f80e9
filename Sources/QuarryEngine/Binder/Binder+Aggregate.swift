import QuarryBase
import QuarrySyntax

/// Collects the aggregate calls found while binding `group by ... aggregate` items.
final class AggregateCollector {
    var aggregates: [BoundAggregate] = []
}

extension Binder {
    /// `group by KEYS [aggregate ITEMS]` and `aggregate ITEMS` (no keys).
    ///
    /// Items may be any expression over aggregates and keys (`share = sum(x) / count()`); the
    /// aggregates run first, then a projection computes the items from them.
    func bindAggregation(
        _ plan: LogicalPlan, _ schema: Schema, keys: [NamedExpr], items: [NamedExpr], defaultCount: Bool,
        clause: Clause
    ) throws(Diagnostic) -> (LogicalPlan, Schema) {
        var names = NameAllocator()
        var boundKeys: [OutputExpr] = []
        for key in keys {
            let bound = try bindExpr(key.expr, schema, context: "group by")
            boundKeys.append(OutputExpr(try names.claim(key, defaultName: defaultName(key.expr, schema)), bound))
        }
        let keySchema = Schema(names: boundKeys.map(\.name), types: boundKeys.map(\.expr.type))

        if defaultCount {
            let count = BoundAggregate(
                function: FunctionRegistry.aggregates["count"]!, argument: nil, parameter: nil,
                type: .int, range: clause.keywordRange)
            let name = names.claim("count")
            let aggregation = Aggregation(keys: boundKeys, aggregates: [(name, count)], outputs: nil)
            return (LogicalPlan(.aggregate(plan, aggregation)), aggregation.schema)
        }

        let collector = AggregateCollector()
        let keyCount = boundKeys.count
        let bindAggregate = { (call: Expr, name: String, arguments: [Expr]) throws(Diagnostic) -> BoundExpr in
            let aggregate = try self.bindAggregateCall(call, name, arguments, schema)
            collector.aggregates.append(aggregate)
            return BoundExpr(kind: .column(keyCount + collector.aggregates.count - 1), type: aggregate.type, range: call.range)
        }
        var outputs: [OutputExpr] = []
        for item in items {
            guard containsAggregate(item.expr) else { throw Diagnostic.aggregateRequired(range: item.expr.range) }
            let bound = try bindExpr(item.expr, keySchema, context: "aggregate", aggregate: bindAggregate)
            outputs.append(OutputExpr(try names.claim(item, defaultName: defaultName(item.expr, schema)), bound))
        }
        let aggregates = collector.aggregates
        // When every item is a bare aggregate, the aggregate operator names its outputs directly.
        let direct =
            outputs.count == aggregates.count
            && outputs.enumerated().allSatisfy { j, output in
                if case .column(let c) = output.expr.kind { c == keyCount + j } else { false }
            }
        if direct {
            let named = zip(outputs, aggregates).map { (name: $0.name, aggregate: $1) }
            let aggregation = Aggregation(keys: boundKeys, aggregates: named, outputs: nil)
            return (LogicalPlan(.aggregate(plan, aggregation)), aggregation.schema)
        }
        // The aggregates are named as written; the outputs name the result columns.
        let named = aggregates.map { (name: $0.text, aggregate: $0) }
        let keyOutputs = boundKeys.indices.map {
            OutputExpr(boundKeys[$0].name, .column($0, boundKeys[$0].expr.type, clause.range))
        }
        let aggregation = Aggregation(keys: boundKeys, aggregates: named, outputs: keyOutputs + outputs)
        return (LogicalPlan(.aggregate(plan, aggregation)), aggregation.schema)
    }

    func containsAggregate(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .literal, .column: return false
        case .negate(let x), .not(let x), .isNull(let x, _): return containsAggregate(x)
        case .binary(_, let a, let b): return containsAggregate(a) || containsAggregate(b)
        case .inList(let x, let items, _): return containsAggregate(x) || items.contains(where: containsAggregate)
        case .call(let name, _, let arguments):
            return FunctionRegistry.aggregates[name.lowercased()] != nil || arguments.contains(where: containsAggregate)
        }
    }

    /// Binds one aggregate call's arguments over the input schema and works out its type.
    func bindAggregateCall(_ call: Expr, _ name: String, _ arguments: [Expr], _ schema: Schema) throws(Diagnostic)
        -> BoundAggregate
    {
        let function = FunctionRegistry.aggregates[name]!
        let context = "an aggregate's argument"
        let wanted: ClosedRange<Int> =
            switch function.kind {
            case .count: 0...1
            case .quantile: 2...2
            default: 1...1
            }
        guard wanted.contains(arguments.count) else {
            throw Diagnostic.wrongArgumentCount(
                name, function.signature, takes: wanted, given: arguments.count, range: call.range)
        }
        guard let first = arguments.first else {
            var count = BoundAggregate(function: function, argument: nil, parameter: nil, type: .int, range: call.range)
            count.text = text(call.range)
            return count
        }
        let argument = try bindExpr(first, schema, context: context)
        let type: DataType
        switch function.kind {
        case .count, .countDistinct: type = .int
        case .min, .max: type = argument.type == .null ? .int : argument.type
        case .sum, .avg, .median, .stddev, .quantile:
            guard argument.type.isNumeric || argument.type == .null else {
                throw Diagnostic.typeMismatch(
                    "\(name) needs numbers, but \(text(first.range)) is \(argument.type.name)",
                    range: first.range, hint: "it is \(function.signature)")
            }
            type = function.kind == .sum && argument.type != .float ? .int : .float
        }
        var parameter: Double?
        if function.kind == .quantile {
            let q = try bindExpr(arguments[1], schema, context: context)
            switch q.kind {
            case .constant(.float(let x)) where (0...1).contains(x): parameter = x
            case .constant(.int(let x)) where (0...1).contains(x): parameter = Double(x)
            default:
                throw Diagnostic.invalidArgument(
                    "the quantile must be a number from 0 to 1", range: arguments[1].range,
                    hint: "e.g. quantile(x, 0.9) for the 90th percentile")
            }
        }
        var aggregate = BoundAggregate(
            function: function, argument: argument, parameter: parameter, type: type, range: call.range)
        aggregate.text = text(call.range)
        return aggregate
    }
}
