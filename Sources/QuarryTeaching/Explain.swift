import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax

/// `explain QUERY`: says in plain words what each step of a query does, how many rows each step
/// leaves, and the types of the columns it uses. It runs the query once; it changes nothing.
///
///     from layoffs                            4,523 rows
///     keep rows where industry = "Retail"       359 rows
///     group by year(date), count rows             7 groups
///     columns used: industry string, date date
public struct Explainer {
    let catalog: Catalog
    let source: SourceText
    let isCancelled: @Sendable () -> Bool
    let memory: MemoryBudget

    public init(
        catalog: Catalog, source: SourceText, isCancelled: @escaping @Sendable () -> Bool = { false },
        memory: MemoryBudget = MemoryBudget()
    ) {
        self.catalog = catalog
        self.source = source
        self.isCancelled = isCancelled
        self.memory = memory
    }

    /// Runs the query once, counting the rows each clause leaves as the operators report them.
    public func explain(_ query: Query) throws(Diagnostic) -> String {
        var engine = QueryEngine(catalog: catalog)
        engine.optimizer = Optimizer(forExplain: true)
        engine.isCancelled = isCancelled
        engine.memory = memory
        let prepared = try engine.prepare(query, source: source.text)
        let counter = StepRowCounter()
        _ = try engine.run(prepared, observers: [counter])

        let text = source.slice
        let inputs = Explainer.inputSchemas(prepared.bound)
        var steps: [(text: String, count: String)] = []
        var used: [(String, DataType)] = []
        var rows = 0
        for k in 0...query.clauses.count {
            // A clause that keeps every row (select, derive, drop, sort) may have been merged
            // into another operator: it leaves the rows of the step before.
            if k == 0 || !Explainer.keepsRows(query.clauses[k - 1]) { rows = counter.rows[k] ?? rows }
            // The types of the columns a step uses are those of the table it reads.
            if k > 0, let input = inputs[k] {
                for name in referencedNames(query.clauses[k - 1])
                where !used.contains(where: { $0.0.lowercased() == name.lowercased() }) {
                    if let i = input.lookup(name).index { used.append((input.names[i], input.types[i])) }
                }
            }
            let description =
                k == 0
                ? "from " + text(query.sourceRange).replacingOccurrences(of: "\n", with: " ")
                : describe(query.clauses[k - 1], text)
            let groups = k > 0 && isGrouping(query.clauses[k - 1])
            let unit = groups ? (rows == 1 ? "group" : "groups") : (rows == 1 ? "row" : "rows")
            steps.append((description, "\(ValueFormatter.grouped(Int64(rows))) \(unit)"))
        }
        let width = steps.map(\.text.count).max() ?? 0
        let countWidth = steps.map(\.count.count).max() ?? 0
        var out = ""
        for step in steps {
            let pad = String(repeating: " ", count: width - step.text.count + 2 + countWidth - step.count.count)
            out += step.text + pad + step.count + "\n"
        }
        if !used.isEmpty { out += "columns used: " + used.map { "\(display($0.0)) \($0.1.name)" }.joined(separator: ", ") + "\n" }
        return out
    }

    /// The schema each clause reads (by step), from the plan as bound.
    static func inputSchemas(_ plan: LogicalPlan) -> [Int: Schema] {
        var schemas: [Int: Schema] = [:]
        func walk(_ node: LogicalPlan) {
            if let step = node.step, let input = node.children.first { schemas[step] = input.schema }
            node.children.forEach(walk)
        }
        walk(plan)
        return schemas
    }

    static func keepsRows(_ clause: Clause) -> Bool {
        switch clause.kind {
        case .select, .derive, .drop, .sort: true
        default: false
        }
    }

    func isGrouping(_ clause: Clause) -> Bool {
        switch clause.kind {
        case .groupBy, .distinct, .frequency: true
        default: false
        }
    }

    /// The clause in plain words.
    func describe(_ clause: Clause, _ text: (SourceRange) -> String) -> String {
        func items(_ list: [NamedExpr]) -> String { list.map { text($0.range) }.joined(separator: ", ") }
        func flat(_ s: String) -> String {
            s.split(whereSeparator: { $0 == "\n" }).map { String($0).trimmingCharacters(in: " ") }.joined(separator: " ")
        }
        let words: String
        switch clause.kind {
        case .filter(let e): words = "keep rows where \(text(e.range))"
        case .select(let list): words = "keep only the columns \(items(list))"
        case .derive(let list): words = "add or replace the columns \(items(list))"
        case .drop(let names): words = "remove the columns " + names.map(\.text).joined(separator: ", ")
        case .groupBy(let keys, let aggregates):
            words = "group by \(items(keys)), " + (aggregates.map { "compute " + items($0) } ?? "count rows")
        case .aggregate(let list): words = "compute \(items(list)) over all rows"
        case .sort(let keys):
            words =
                "sort by "
                + keys.map { text($0.expr.range) + (($0.descending ?? false) ? " (largest first)" : "") }.joined(separator: ", ")
        case .limit(let n): words = "keep the first \(n) row\(n == 1 ? "" : "s")"
        case .top(let n, let key):
            words =
                "keep the \(n) row\(n == 1 ? "" : "s") with the \((key.descending ?? true) ? "largest" : "smallest") \(text(key.expr.range))"
        case .distinct(let names):
            words =
                names.isEmpty ? "keep distinct rows" : "keep the distinct values of " + names.map(\.text).joined(separator: ", ")
        case .count: words = "count the rows"
        case .join(let join):
            let on: String
            switch join.condition {
            case .shared(let name): on = name.text
            case .pair(let a, let b): on = "\(a.text) = \(b.text)"
            }
            words = (join.isLeft ? "join (keeping every row) with " : "join with ") + text(join.rightRange) + " on " + on
        case .describe: words = "describe each column"
        case .frequency(let names):
            words = "count how often each value of " + names.map(\.text).joined(separator: ", ") + " occurs"
        }
        return flat(words)
    }

    /// The column names a clause (or the source) mentions.
    func referencedNames(_ clause: Clause) -> [String] {
        var names: [String] = []
        func walk(_ e: Expr) {
            switch e.kind {
            case .column(let n): names.append(n)
            case .literal: break
            case .negate(let x), .not(let x), .isNull(let x, _): walk(x)
            case .binary(_, let a, let b):
                walk(a)
                walk(b)
            case .inList(let x, let list, _):
                walk(x)
                for item in list { walk(item) }
            case .call(_, _, let args):
                for arg in args { walk(arg) }
            }
        }
        switch clause.kind {
        case .filter(let e): walk(e)
        case .select(let list), .derive(let list), .aggregate(let list):
            for item in list { walk(item.expr) }
        case .groupBy(let keys, let aggregates):
            for item in keys + (aggregates ?? []) { walk(item.expr) }
        case .sort(let keys):
            for key in keys { walk(key.expr) }
        case .top(_, let key): walk(key.expr)
        case .drop(let list), .distinct(let list), .frequency(let list): names += list.map(\.text)
        case .join(let join):
            switch join.condition {
            case .shared(let n): names.append(n.text)
            case .pair(let a, let b): names += [a.text, b.text]
            }
        case .limit, .count, .describe: break
        }
        return names
    }
}

/// Counts the rows each step (clause) of a query leaves, as its operators report them.
final class StepRowCounter: ExecutionObserver {
    var rows: [Int: Int] = [:]

    func observe(_ event: ExecutionEvent) {
        switch event {
        case .finished(let step?, let count): rows[step] = count
        case .filtered(_, _, let kept, let step?): rows[step] = kept
        default: break
        }
    }
}
