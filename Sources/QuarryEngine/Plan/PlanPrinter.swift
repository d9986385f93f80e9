import QuarryBase

/// Plans as indented text, one operator a line with its output columns: what `.plan` and
/// `explain plan` show, and what the optimizer's tests compare.
///
///     TopN 3 by total_laid_off desc  [company string, total_laid_off int]
///       Scan layoffs  [company string, total_laid_off int]
public enum PlanPrinter {
    public static func text(_ plan: LogicalPlan, schemas: Bool = true) -> String {
        var out = ""
        write(plan, depth: 0, schemas: schemas, into: &out)
        return out
    }

    public static func text(_ plan: PhysicalPlan, schemas: Bool = true) -> String {
        var out = ""
        write(plan, depth: 0, schemas: schemas, into: &out)
        return out
    }

    static func write<Plan: PrintablePlan>(_ plan: Plan, depth: Int, schemas: Bool, into out: inout String) {
        let line = plan.line(input: plan.children.first?.schema.names ?? [])
        out += String(repeating: "  ", count: depth) + line + (schemas ? "  " + describe(plan.schema) : "") + "\n"
        for child in plan.children { write(child, depth: depth + 1, schemas: schemas, into: &out) }
    }

    static func describe(_ schema: Schema) -> String {
        "[" + zip(schema.names, schema.types).map { "\(display($0)) \($1.name)" }.joined(separator: ", ") + "]"
    }

    static func aggregation(_ a: Aggregation, _ input: [String]) -> String {
        var parts: [String] = []
        if !a.keys.isEmpty { parts.append("keys: " + ExprPrinter.items(a.keys, input)) }
        if !a.aggregates.isEmpty {
            parts.append(
                "aggregates: "
                    + a.aggregates.map { "\(display($0.name)) = \(ExprPrinter.aggregate($0.aggregate, input))" }
                    .joined(separator: ", "))
        }
        if let outputs = a.outputs { parts.append("outputs: " + ExprPrinter.items(outputs, a.groupedSchema.names)) }
        return parts.joined(separator: "; ")
    }

    static func join(_ j: LogicalJoin, _ strategy: JoinStrategy? = nil) -> String {
        let l = j.left.schema.names
        let r = j.right.schema.names
        return "Join" + (strategy.map { " [\($0.rawValue)]" } ?? "") + (j.keepsUnmatchedLeft ? " left" : "")
            + " on \(display(l[j.leftKey])) = \(display(r[j.rightKey]))"
    }

    static func grouping(_ strategy: GroupingStrategy, _ input: [String]) -> String {
        switch strategy {
        case .wholeInput: "whole input"
        case .derived(let c): "derived from \(display(input[c]))"
        case .keyIds(let methods): methods.map(\.rawValue).joined(separator: ", ")
        case .throughJoin(let methods): "through the join: " + methods.map(\.rawValue).joined(separator: ", ")
        }
    }
}

/// A plan the printer can show: one line per operator, then its inputs indented.
protocol PrintablePlan {
    var schema: Schema { get }
    var children: [Self] { get }
    /// The operator's line, naming input columns through `input`.
    func line(input: [String]) -> String
}

extension LogicalPlan: PrintablePlan {
    func line(input: [String]) -> String {
        switch op {
        case .scan(let ref, _): "Scan \(display(ref.name))"
        case .filter(_, let p): "Filter \(ExprPrinter.text(p, input))"
        case .project(_, let outputs): "Project " + ExprPrinter.items(outputs, input)
        case .aggregate(_, let a): "Aggregate " + PlanPrinter.aggregation(a, input)
        case .sort(_, let keys): "Sort by " + ExprPrinter.keys(keys, input)
        case .limit(_, let n): "Limit \(n)"
        case .topN(_, let n, let keys): "TopN \(n) by " + ExprPrinter.keys(keys, input)
        case .distinct(_, let columns): "Distinct " + ExprPrinter.names(columns, input)
        case .count: "Count"
        case .join(let j): PlanPrinter.join(j)
        case .describe: "Describe"
        case .frequency(_, let columns): "Frequency " + ExprPrinter.names(columns, input)
        }
    }
}

extension PhysicalPlan: PrintablePlan {
    func line(input: [String]) -> String {
        switch op {
        case .scan(let ref, _): "Scan \(display(ref.name))"
        case .filter(_, let p): "Filter \(ExprPrinter.text(p, input))"
        case .project(_, let outputs): "Project " + ExprPrinter.items(outputs, input)
        case .aggregate(_, let a, let strategy):
            "Aggregate [\(PlanPrinter.grouping(strategy, input))] " + PlanPrinter.aggregation(a, input)
        case .sort(_, let keys): "Sort by " + ExprPrinter.keys(keys, input)
        case .limit(_, let n): "Limit \(n)"
        case .topN(_, let n, let keys, let s): "TopN [\(s.rawValue)] \(n) by " + ExprPrinter.keys(keys, input)
        case .count: "Count"
        case .countWhere(_, let p, _): "CountWhere [selection only] \(ExprPrinter.text(p, input))"
        case .join(let j): PlanPrinter.join(j.logical, j.strategy)
        case .describe: "Describe"
        case .frequency(_, let columns): "Frequency " + ExprPrinter.names(columns, input)
        }
    }
}

/// Bound expressions as Quarry text, for plans.
enum ExprPrinter {
    static func text(_ e: BoundExpr, _ names: [String]) -> String {
        switch e.kind {
        case .column(let i): return i < names.count ? display(names[i]) : "#\(i)"
        case .constant(let v): return literal(v)
        case .negate(let x): return "-" + text(x, names)
        case .not(let x): return "not " + text(x, names)
        case .binary(let op, let a, let b): return "(\(text(a, names)) \(op.rawValue) \(text(b, names)))"
        case .isNull(let x, let negated): return text(x, names) + (negated ? " is not null" : " is null")
        case .inList(let x, let values, let negated):
            return text(x, names) + (negated ? " not in (" : " in (") + values.map(literal).joined(separator: ", ") + ")"
        case .call(let f, let args): return f.name + "(" + args.map { text($0, names) }.joined(separator: ", ") + ")"
        case .cast(let x, let type): return "\(type.name)(\(text(x, names)))"
        case .perValue(let inner, let column):
            let name = column < names.count ? names[column] : "#\(column)"
            return "per value of \(display(name)): " + text(inner, [name])
        }
    }

    static func items(_ outputs: [OutputExpr], _ names: [String]) -> String {
        outputs.map { o in
            let value = text(o.expr, names)
            return value == display(o.name) ? value : "\(display(o.name)) = \(value)"
        }.joined(separator: ", ")
    }

    static func names(_ columns: [Int], _ names: [String]) -> String {
        columns.map { display(names[$0]) }.joined(separator: ", ")
    }

    static func keys(_ keys: [BoundSortKey], _ names: [String]) -> String {
        keys.map { text($0.expr, names) + ($0.descending ? " desc" : "") }.joined(separator: ", ")
    }

    static func aggregate(_ a: BoundAggregate, _ names: [String]) -> String {
        let argument = a.argument.map { text($0, names) } ?? ""
        let parameter = a.parameter.map { ", \(ValueFormatter.float($0))" } ?? ""
        return "\(a.function.name)(\(argument)\(parameter))"
    }

    static func literal(_ v: Value) -> String {
        switch v {
        case .string(let s): "\"\(s)\""
        case .date(let d): "@" + CivilDate.format(d)
        default: ValueFormatter.plain(v)
        }
    }
}
