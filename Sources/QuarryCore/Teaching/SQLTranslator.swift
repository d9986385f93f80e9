/// `explain sql QUERY`: the query as standard SQL (DuckDB's dialect), one common table expression
/// per step, so it reads top to bottom like the Quarry query and can be run in a SQL database.
///
/// Every step carries a hidden `__row` column that numbers its rows in Quarry's order (the source
/// table's `rowid`, re-numbered by each sort and group), so the final SELECT returns the rows in
/// the same order as Quarry, ties included.
struct SQLTranslator {
    let session: Session
    let source: SourceText

    /// The steps written so far, as `name AS (select)`.
    final class Steps {
        var list: [(name: String, sql: String)] = []

        func add(_ sql: String) -> String {
            let name = "step\(list.count + 1)"
            list.append((name, sql))
            return name
        }
    }

    func translate(_ query: Query) throws(Diagnostic) -> String {
        let (plan, schema) = try Binder(catalog: session.catalog, source: source.text).bind(query)
        let steps = Steps()
        let last = try emit(plan, steps)
        let body = steps.list.map { "  \($0.name) AS (\n    \($0.sql)\n  )" }.joined(separator: ",\n")
        let columns = schema.names.map(SQLTranslator.quote).joined(separator: ", ")
        return "WITH\n\(body)\nSELECT \(columns) FROM \(last) ORDER BY __row;"
    }

    static func quote(_ name: String) -> String {
        let clean = name.hasPrefix("\u{1}") ? "__" + String(name.dropFirst()) : name
        return "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The column names a plan produces.
    func names(_ plan: Plan) -> [String] {
        switch plan {
        case .scan(_, let table): table.names
        case .filter(let input, _), .sort(let input, _), .limit(let input, _): names(input)
        case .project(_, let outputs): outputs.map(\.name)
        case .aggregate(_, let keys, let aggregates): keys.map(\.name) + aggregates.map(\.name)
        case .join(_, _, _, _, _, _, let names): names
        case .count: ["count"]
        case .describe: Describe.names
        case .frequency(let input, let columns): columns.map { names(input)[$0] } + Frequency.names
        }
    }

    /// Writes the steps for `plan`; returns the name of the step that holds its result.
    func emit(_ plan: Plan, _ steps: Steps) throws(Diagnostic) -> String {
        switch plan {
        case .scan(let name, _):
            return steps.add("SELECT *, rowid AS __row FROM \(SQLTranslator.quote(name))")
        case .filter(let input, let predicate):
            let from = try emit(input, steps)
            return steps.add("SELECT * FROM \(from) WHERE \(try expression(predicate, names(input)))")
        case .project(let input, let outputs):
            let from = try emit(input, steps)
            let inputNames = names(input)
            var items: [String] = []
            for output in outputs {
                items.append("\(try expression(output.expr, inputNames)) AS \(SQLTranslator.quote(output.name))")
            }
            return steps.add("SELECT \((items + ["__row"]).joined(separator: ", ")) FROM \(from)")
        case .aggregate(let input, let keys, let aggregates):
            let from = try emit(input, steps)
            let inputNames = names(input)
            var items: [String] = []
            for key in keys { items.append("\(try expression(key.expr, inputNames)) AS \(SQLTranslator.quote(key.name))") }
            for (name, aggregate) in aggregates {
                items.append("\(try call(aggregate, inputNames)) AS \(SQLTranslator.quote(name))")
            }
            if keys.isEmpty { return steps.add("SELECT \((items + ["1 AS __row"]).joined(separator: ", ")) FROM \(from)") }
            let grouped = steps.add(
                "SELECT \(items.joined(separator: ", ")) FROM \(from) GROUP BY \(keys.indices.map { String($0 + 1) }.joined(separator: ", "))"
            )
            let order = keys.map { "\(SQLTranslator.quote($0.name)) ASC NULLS LAST" }.joined(separator: ", ")
            return steps.add("SELECT *, row_number() OVER (ORDER BY \(order)) AS __row FROM \(grouped)")
        case .sort(let input, let keys):
            let from = try emit(input, steps)
            var order: [String] = []
            for key in keys {
                order.append("\(try expression(key.expr, names(input))) \(key.descending ? "DESC" : "ASC") NULLS LAST")
            }
            return steps.add(
                "SELECT * EXCLUDE (__row), row_number() OVER (ORDER BY \((order + ["__row"]).joined(separator: ", "))) AS __row FROM \(from)"
            )
        case .limit(let input, let n):
            let from = try emit(input, steps)
            return steps.add("SELECT * FROM \(from) ORDER BY __row LIMIT \(n)")
        case .count(let input):
            let from = try emit(input, steps)
            return steps.add("SELECT count(*) AS \"count\", 1 AS __row FROM \(from)")
        case .join(let left, let right, let isLeft, let leftKey, let rightKey, let rightColumns, let outputNames):
            let l = try emit(left, steps)
            let r = try emit(right, steps)
            let leftNames = names(left)
            let rightNames = names(right)
            var items = ["l.* EXCLUDE (__row)"]
            for (k, column) in rightColumns.enumerated() {
                items.append(
                    "r.\(SQLTranslator.quote(rightNames[column])) AS \(SQLTranslator.quote(outputNames[leftNames.count + k]))")
            }
            items.append("row_number() OVER (ORDER BY l.__row, r.__row) AS __row")
            return steps.add(
                "SELECT \(items.joined(separator: ", ")) FROM \(l) AS l \(isLeft ? "LEFT JOIN" : "JOIN") \(r) AS r "
                    + "ON l.\(SQLTranslator.quote(leftNames[leftKey])) = r.\(SQLTranslator.quote(rightNames[rightKey]))")
        case .frequency(let input, let columns):
            let from = try emit(input, steps)
            let keys = columns.map { SQLTranslator.quote(names(input)[$0]) }
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
}
