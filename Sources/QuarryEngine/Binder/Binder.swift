import QuarryBase
import QuarrySyntax

/// Resolves names and types in a query and turns its clauses into a `Plan`.
///
/// Each clause is bound against the schema the clause before it produced, so a name is only
/// visible after the clause that makes it.
public struct Binder {
    let catalog: Catalog
    /// The whole text the query came from (a script's, for a script); ranges are offsets into it.
    let source: String

    public init(catalog: Catalog, source: String) {
        self.catalog = catalog
        self.source = source
    }

    /// The text a range covers; the text is not copied, so binding a statement of a long script
    /// costs nothing for the rest of the script.
    package func text(_ range: SourceRange) -> String {
        SourceText(name: nil, text: source).slice(range)
    }

    /// The query as a logical plan, one operator per clause, each tagged with its clause's step.
    public func bind(_ query: Query) throws(Diagnostic) -> LogicalPlan {
        try bind(query, tagged: true).plan
    }

    func bind(_ query: Query, tagged: Bool) throws(Diagnostic) -> (plan: LogicalPlan, schema: Schema) {
        var (plan, schema) = try bindSource(query.source)
        if tagged { plan.step = 0 }
        for (k, clause) in query.clauses.enumerated() {
            (plan, schema) = try bindClause(clause, plan, schema)
            if tagged { plan.step = k + 1 }
        }
        return (plan, schema)
    }

    func bindSource(_ source: Query.Source) throws(Diagnostic) -> (LogicalPlan, Schema) {
        switch source {
        case .subquery(let inner):
            return try bind(inner, tagged: false)
        case .table(let name):
            guard let resolved = catalog.resolve(name.text), let table = catalog.source(resolved) else {
                throw Diagnostic.unknownTable(name.text, known: catalog.names, range: name.range)
            }
            let ref = TableRef(name: resolved, source: table)
            return (LogicalPlan(.scan(ref, columns: Array(table.schema.names.indices))), table.schema)
        }
    }

    func bindClause(_ clause: Clause, _ plan: LogicalPlan, _ schema: Schema) throws(Diagnostic) -> (LogicalPlan, Schema) {
        switch clause.kind {
        case .filter(let expr):
            let predicate = try bindExpr(expr, schema, context: "where")
            guard predicate.type == .bool || predicate.type == .null else {
                throw Diagnostic.typeMismatch(
                    "`where` needs a true/false condition, but this is \(predicate.type.name)",
                    range: expr.range, hint: "compare it with something, e.g. x > 0 or x = \"text\"")
            }
            return (LogicalPlan(.filter(plan, predicate)), schema)

        case .select(let items):
            var outputs: [OutputExpr] = []
            var names = NameAllocator()
            for item in items {
                let bound = try bindExpr(item.expr, schema, context: "select")
                outputs.append(OutputExpr(try names.claim(item, defaultName: defaultName(item.expr, schema)), bound))
            }
            return (LogicalPlan(.project(plan, outputs)), Schema(names: outputs.map(\.name), types: outputs.map(\.expr.type)))

        case .derive(let items):
            var input = plan
            var current = schema
            func passThrough(_ schema: Schema) -> [OutputExpr] {
                schema.names.indices.map { OutputExpr(schema.names[$0], .column($0, schema.types[$0], clause.range)) }
            }
            var outputs = passThrough(schema)
            var seen = Set<String>()
            for item in items {
                let name = item.name?.text ?? defaultName(item.expr, current)
                guard seen.insert(name).inserted else {
                    throw Diagnostic.duplicateColumn(name, range: item.name?.range ?? item.expr.range)
                }
                // Later items see earlier ones: bind over the columns derived so far.
                let written = try bindExpr(item.expr, current, context: "derive")
                var bound = substitute(written, outputs)
                // The earlier items this one reads are written out in it. When that makes it too
                // deep, or too large (`b = a + a` doubles `a`), the items so far become a step of
                // their own, whose columns this one reads.
                if bound.depth > Limits.expressionDepth || bound.size > Limits.writtenOutSize, bound.size > written.size {
                    input = LogicalPlan(.project(input, outputs))
                    outputs = passThrough(current)
                    bound = written
                }
                guard bound.depth <= Limits.expressionDepth else { throw Diagnostic.expressionTooDeep(range: item.expr.range) }
                if let existing = current.names.firstIndex(of: name) {
                    outputs[existing] = OutputExpr(name, bound)
                    current.types[existing] = bound.type
                } else {
                    outputs.append(OutputExpr(name, bound))
                    current.names.append(name)
                    current.types.append(bound.type)
                }
            }
            return (LogicalPlan(.project(input, outputs)), current)

        case .drop(let names):
            var removed = Set<Int>()
            for name in names { removed.insert(try resolveColumn(name.text, name.range, schema)) }
            let kept = schema.names.indices.filter { !removed.contains($0) }
            guard !kept.isEmpty else { throw Diagnostic.emptySelection(range: clause.range) }
            let outputs = kept.map { OutputExpr(schema.names[$0], .column($0, schema.types[$0], clause.range)) }
            return (
                LogicalPlan(.project(plan, outputs)),
                Schema(names: kept.map { schema.names[$0] }, types: kept.map { schema.types[$0] })
            )

        case .groupBy(let keys, let aggregates):
            let items = aggregates ?? []
            return try bindAggregation(plan, schema, keys: keys, items: items, defaultCount: aggregates == nil, clause: clause)

        case .aggregate(let items):
            return try bindAggregation(plan, schema, keys: [], items: items, defaultCount: false, clause: clause)

        case .sort(let keys):
            let bound = try keys.map { (key: SortKey) throws(Diagnostic) in
                BoundSortKey(expr: try bindExpr(key.expr, schema, context: "sort"), descending: key.descending ?? false)
            }
            return (LogicalPlan(.sort(plan, bound)), schema)

        case .limit(let n):
            return (LogicalPlan(.limit(plan, n)), schema)

        case .top(let n, let key):
            let bound = BoundSortKey(expr: try bindExpr(key.expr, schema, context: "top"), descending: key.descending ?? true)
            return (LogicalPlan(.topN(plan, n, [bound])), schema)

        case .distinct(let names):
            let indices: [Int]
            if names.isEmpty {
                indices = Array(schema.names.indices)
            } else {
                var list: [Int] = []
                for name in names { list.append(try resolveColumn(name.text, name.range, schema)) }
                indices = list
            }
            return (
                LogicalPlan(.distinct(plan, columns: indices)),
                Schema(names: indices.map { schema.names[$0] }, types: indices.map { schema.types[$0] })
            )

        case .count:
            return (LogicalPlan(.count(plan)), Schema(names: ["count"], types: [.int]))

        case .describe:
            return (LogicalPlan(.describe(plan)), Schema(names: Describe.names, types: Describe.types))

        case .frequency(let names):
            var indices: [Int] = []
            for name in names { indices.append(try resolveColumn(name.text, name.range, schema)) }
            let keyNames = indices.map { schema.names[$0] }
            return (
                LogicalPlan(.frequency(plan, columns: indices)),
                Schema(names: keyNames + Frequency.names, types: indices.map { schema.types[$0] } + Frequency.types)
            )

        case .join(let join):
            return try bindJoin(join, plan, schema)
        }
    }

    /// Replaces column references into the pre-derive table by the expressions derived for them.
    func substitute(_ expr: BoundExpr, _ outputs: [OutputExpr]) -> BoundExpr {
        expr.substituting { outputs[$0].expr }
    }
}

/// Hands out output column names: explicit names must be unique; default names get `_2`, `_3`.
struct NameAllocator {
    private var used = Set<String>()

    mutating func claim(_ item: NamedExpr, defaultName: String) throws(Diagnostic) -> String {
        if let name = item.name {
            guard used.insert(name.text).inserted else { throw Diagnostic.duplicateColumn(name.text, range: name.range) }
            return name.text
        }
        return claim(defaultName)
    }

    mutating func claim(_ name: String) -> String {
        var candidate = name
        var n = 2
        while used.contains(candidate) {
            candidate = "\(name)_\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }
}
