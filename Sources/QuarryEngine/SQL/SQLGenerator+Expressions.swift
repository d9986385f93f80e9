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
            return try scalarCall(function.name, a, args, e)
        }
    }

    func scalarCall(_ name: String, _ a: [String], _ args: [BoundExpr], _ e: BoundExpr) throws(Diagnostic) -> String {
        switch name {
        case "if": return "(CASE WHEN \(a[0]) THEN \(a[1]) ELSE \(a[2]) END)"
        case "weekday": return "dayofweek(\(a[0]))"
        case "substr": return "substring(\(a.joined(separator: ", ")))"
        case "date_trunc": return e.type == .date ? "CAST(date_trunc(\(a[0]), \(a[1])) AS DATE)" : "date_trunc(\(a[0]), \(a[1]))"
        // Quarry rounds half away from zero; a SQL cast of a double rounds half to even.
        case "int" where args[0].type == .string: return "CAST(round(CAST(\(a[0]) AS DOUBLE)) AS BIGINT)"
        case "int" where args[0].type == .float: return "CAST(round(\(a[0])) AS BIGINT)"
        case "int": return "CAST(\(a[0]) AS BIGINT)"
        case "float": return "CAST(\(a[0]) AS DOUBLE)"
        case "string": return "CAST(\(a[0]) AS VARCHAR)"
        case "date" where args[0].type == .string:
            // Quarry also reads US dates (M/D/YYYY).
            return "COALESCE(TRY_CAST(\(a[0]) AS DATE), CAST(strptime(\(a[0]), '%m/%d/%Y') AS DATE))"
        case "date": return "CAST(\(a[0]) AS DATE)"
        case "timestamp": return "CAST(\(a[0]) AS TIMESTAMP)"
        case "length": return "length(\(a[0]))"
        default: return "\(name)(\(a.joined(separator: ", ")))"
        }
    }

    func call(_ aggregate: BoundAggregate, _ names: [String]) throws(Diagnostic) -> String {
        guard let argument = aggregate.argument else { return "count(*)" }
        let x = try expression(argument, names)
        switch aggregate.function.kind {
        case .count: return "count(\(x))"
        case .countDistinct: return "count(DISTINCT \(x))"
        case .sum: return aggregate.type == .int ? "CAST(sum(\(x)) AS BIGINT)" : "sum(\(x))"
        case .avg: return "avg(\(x))"
        case .min: return "min(\(x))"
        case .max: return "max(\(x))"
        case .median: return "median(CAST(\(x) AS DOUBLE))"
        case .stddev: return "stddev_samp(\(x))"
        case .quantile: return "quantile_cont(CAST(\(x) AS DOUBLE), \(aggregate.parameter ?? 0.5))"
        }
    }
}
