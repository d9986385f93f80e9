import QuarryBase
import QuarrySyntax

/// A logical plan as SQL in a dialect (`explain sql`), one common table expression per operator,
/// so it reads top to bottom like the Quarry query and can be run in a SQL database.
///
/// Every step carries a hidden `__row` column that numbers its rows in Quarry's order (the source
/// table's `rowid`, re-numbered by each sort and group), so the final SELECT returns the rows in
/// the same order as Quarry, ties included.
public struct SQLGenerator {
    public let dialect: any SQLDialect

    public init(dialect: any SQLDialect = DuckDBDialect()) { self.dialect = dialect }

    /// The steps written so far, as `name AS (select)`.
    final class Steps {
        var list: [(name: String, sql: String)] = []

        func add(_ sql: String) -> String {
            let name = "step\(list.count + 1)"
            list.append((name, sql))
            return name
        }
    }

    /// The plan as one `WITH ... SELECT` statement whose rows come back in Quarry's order.
    public func generate(_ plan: LogicalPlan) throws(Diagnostic) -> String {
        let steps = Steps()
        let last = try emit(plan, steps)
        let body = steps.list.map { "  \($0.name) AS (\n    \($0.sql)\n  )" }.joined(separator: ",\n")
        let columns = plan.schema.names.map(quote).joined(separator: ", ")
        return "WITH\n\(body)\nSELECT \(columns) FROM \(last) ORDER BY __row;"
    }

    func quote(_ name: String) -> String { dialect.quote(name) }

    func names(_ plan: LogicalPlan) -> [String] { plan.schema.names }

    /// Writes the steps for `plan`; returns the name of the step that holds its result.
    func emit(_ plan: LogicalPlan, _ steps: Steps) throws(Diagnostic) -> String {
        switch plan.op {
        case .scan(let ref, let columns):
            let all = ref.source.schema.names
            let items = columns.count == all.count ? "*" : columns.map { quote(all[$0]) }.joined(separator: ", ")
            return steps.add("SELECT \(items), \(dialect.rowNumberOfSource) AS __row FROM \(quote(ref.name))")
        case .filter(let input, let predicate):
            let from = try emit(input, steps)
            return steps.add("SELECT * FROM \(from) WHERE \(try expression(predicate, names(input)))")
        case .project(let input, let outputs):
            let from = try emit(input, steps)
            let inputNames = names(input)
            var items: [String] = []
            for output in outputs {
                items.append("\(try expression(output.expr, inputNames)) AS \(quote(output.name))")
            }
            return steps.add("SELECT \((items + ["__row"]).joined(separator: ", ")) FROM \(from)")
        case .aggregate(let input, let aggregation):
            let from = try emit(input, steps)
            guard let outputs = aggregation.outputs else {
                return try group(from, names(input), aggregation.keys, aggregation.aggregates, steps)
            }
            // The aggregates get names of their own; a projection then computes the items.
            let internalNames = aggregation.aggregates.indices.map { "__aggregate\($0)" }
            let grouped = try group(
                from, names(input), aggregation.keys, zip(internalNames, aggregation.aggregates).map { ($0, $1.aggregate) },
                steps)
            var items: [String] = []
            let groupedNames = aggregation.keys.map(\.name) + internalNames
            for output in outputs {
                items.append("\(try expression(output.expr, groupedNames)) AS \(quote(output.name))")
            }
            return steps.add("SELECT \((items + ["__row"]).joined(separator: ", ")) FROM \(grouped)")
        case .distinct(let input, let columns):
            let from = try emit(input, steps)
            let schema = input.schema
            let keys = columns.map { OutputExpr(schema.names[$0], .column($0, schema.types[$0], SourceRange(0, 0))) }
            return try group(from, schema.names, keys, [], steps)
        case .topN(let input, let n, let keys):
            let sorted = try sort(try emit(input, steps), names(input), keys, steps)
            return steps.add("SELECT * FROM \(sorted) ORDER BY __row LIMIT \(n)")
        case .sort(let input, let keys):
            return try sort(try emit(input, steps), names(input), keys, steps)
        case .limit(let input, let n):
            let from = try emit(input, steps)
            return steps.add("SELECT * FROM \(from) ORDER BY __row LIMIT \(n)")
        case .count(let input):
            let from = try emit(input, steps)
            return steps.add("SELECT count(*) AS \"count\", 1 AS __row FROM \(from)")
        case .join(let join):
            let l = try emit(join.left, steps)
            let r = try emit(join.right, steps)
            let leftNames = names(join.left)
            let rightNames = names(join.right)
            let isLeft = join.keepsUnmatchedLeft
            let (leftKey, rightKey) = (join.leftKey, join.rightKey)
            var items: [String]
            if join.leftColumns.elementsEqual(leftNames.indices) {
                items = ["l.* EXCLUDE (__row)"]
            } else {
                items = zip(join.leftColumns, join.names).map { "l.\(quote(leftNames[$0])) AS \(quote($1))" }
            }
            for (k, column) in join.rightColumns.enumerated() {
                items.append("r.\(quote(rightNames[column])) AS \(quote(join.names[join.leftColumns.count + k]))")
            }
            items.append("row_number() OVER (ORDER BY l.__row, r.__row) AS __row")
            return steps.add(
                "SELECT \(items.joined(separator: ", ")) FROM \(l) AS l \(isLeft ? "LEFT JOIN" : "JOIN") \(r) AS r "
                    + "ON l.\(quote(leftNames[leftKey])) = r.\(quote(rightNames[rightKey]))")
        case .frequency(let input, let columns):
            let from = try emit(input, steps)
            let keys = columns.map { quote(names(input)[$0]) }
            let order = "count(*) DESC, " + keys.map { "\($0) ASC NULLS LAST" }.joined(separator: ", ")
            let total = "sum(count(*)) OVER ()"
            // The bar: whole blocks, then one of seven partial blocks, for eighths of 30 cells.
            let eighths = "CAST(round(count(*) / max(count(*)) OVER () * \(Frequency.barWidth * 8)) AS BIGINT)"
            let bar = "repeat('█', \(eighths) // 8) || ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][\(eighths) % 8 + 1]"
            let items =
                keys + [
                    "count(*) AS \"count\"", "round(count(*) * 100.0 / \(total), 2) AS \"percent\"",
                    "round(sum(count(*)) OVER (ORDER BY \(order) ROWS UNBOUNDED PRECEDING) * 100.0 / \(total), 2) AS \"cumulative\"",
                    "\(bar) AS \"bar\"", "row_number() OVER (ORDER BY \(order)) AS __row",
                ]
            return steps.add("SELECT \(items.joined(separator: ", ")) FROM \(from) GROUP BY \(keys.joined(separator: ", "))")
        case .describe:
            throw Diagnostic.invalidArgument(
                "`explain sql` cannot write `describe` as SQL", range: SourceRange(0, 0),
                hint: "explain sql the query before it")
        }
    }

    /// A group by (or, without keys, one row over everything), numbered in key order.
    func group(
        _ from: String, _ inputNames: [String], _ keys: [OutputExpr], _ aggregates: [(name: String, aggregate: BoundAggregate)],
        _ steps: Steps
    ) throws(Diagnostic) -> String {
        var items: [String] = []
        for key in keys { items.append("\(try expression(key.expr, inputNames)) AS \(quote(key.name))") }
        for (name, aggregate) in aggregates {
            items.append("\(try call(aggregate, inputNames)) AS \(quote(name))")
        }
        if keys.isEmpty { return steps.add("SELECT \((items + ["1 AS __row"]).joined(separator: ", ")) FROM \(from)") }
        let grouped = steps.add(
            "SELECT \(items.joined(separator: ", ")) FROM \(from) GROUP BY \(keys.indices.map { String($0 + 1) }.joined(separator: ", "))"
        )
        let order = keys.map { "\(quote($0.name)) ASC NULLS LAST" }.joined(separator: ", ")
        return steps.add("SELECT *, row_number() OVER (ORDER BY \(order)) AS __row FROM \(grouped)")
    }

    /// A stable sort: ties keep the order of the step before.
    func sort(_ from: String, _ inputNames: [String], _ keys: [BoundSortKey], _ steps: Steps) throws(Diagnostic) -> String {
        var order: [String] = []
        for key in keys {
            order.append("\(try expression(key.expr, inputNames)) \(key.descending ? "DESC" : "ASC") NULLS LAST")
        }
        return steps.add(
            "SELECT * EXCLUDE (__row), row_number() OVER (ORDER BY \((order + ["__row"]).joined(separator: ", "))) AS __row FROM \(from)"
        )
    }
}
