import QuarryBase
import QuarrySyntax

extension SQLGenerator {
    /// A bound expression as SQL over columns named `names`.
    func expression(_ e: BoundExpr, _ names: [String]) throws(Diagnostic) -> String {
        func sql(_ x: BoundExpr) throws(Diagnostic) -> String { try expression(x, names) }
        switch e.kind {
        case .column(let i): return quote(names[i])
        case .perValue(let inner, let column): return try expression(inner, [names[column]])
        case .constant(let v): return dialect.literal(v, type: e.type)
        case .negate(let x): return "(-\(try sql(x)))"
        case .not(let x): return "(NOT \(try sql(x)))"
        case .isNull(let x, let negated): return "(\(try sql(x)) IS \(negated ? "NOT " : "")NULL)"
        case .inList(let x, let values, let negated):
            let list = values.map { dialect.literal($0, type: x.type) }.joined(separator: ", ")
            return "(\(try sql(x)) \(negated ? "NOT IN" : "IN") (\(list)))"
        case .cast(let x, let type): return "CAST(\(try sql(x)) AS \(dialect.typeName(type)))"
        case .binary(let op, let a, let b):
            let l = try sql(a)
            let r = try sql(b)
            switch op {
            case .and: return "(\(l) AND \(r))"
            case .or: return "(\(l) OR \(r))"
            case .add where e.type == .string: return "(\(l) || \(r))"
            // Quarry gives null for a division by zero; SQL engines raise an error or give inf.
            case .divide: return "(CAST(\(l) AS DOUBLE) / NULLIF(\(r), 0))"
            case .remainder: return "(\(l) % NULLIF(\(r), 0))"
            default: return "(\(l) \(op == .notEqual ? "<>" : op.rawValue) \(r))"
            }
        case .call(let function, let args):
            var a: [String] = []
            for arg in args { a.append(try sql(arg)) }
            let call = SQLCall(arguments: a, types: args.map(\.type), result: e.type, dialect: dialect)
            return function.sql?(call) ?? "\(function.name)(\(a.joined(separator: ", ")))"
        }
    }

    func call(_ aggregate: BoundAggregate, _ names: [String]) throws(Diagnostic) -> String {
        let argument = try aggregate.argument.map { (x: BoundExpr) throws(Diagnostic) in try expression(x, names) }
        return aggregate.function.sql(argument, aggregate.type, aggregate.parameter)
    }
}
