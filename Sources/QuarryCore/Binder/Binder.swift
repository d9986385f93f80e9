/// The names and types of a table's columns, as the binder tracks them from clause to clause.
public struct Schema: Sendable {
    public var names: [String]
    public var types: [DataType]

    public init(names: [String], types: [DataType]) {
        self.names = names
        self.types = types
    }

    init(_ table: Table) {
        names = table.names
        types = table.columns.map(\.type)
    }
}

/// Resolves names and types in a query and turns its clauses into a `Plan`.
///
/// Each clause is bound against the schema the clause before it produced, so a name is only
/// visible after the clause that makes it.
public struct Binder {
    let catalog: Catalog
    let source: [UInt8]

    public init(catalog: Catalog, source: String) {
        self.catalog = catalog
        self.source = Array(source.utf8)
    }

    func text(_ range: SourceRange) -> String {
        String(decoding: source[min(range.start, source.count)..<min(range.end, source.count)], as: UTF8.self)
    }

    public func bind(_ query: Query) throws(Diagnostic) -> (plan: Plan, schema: Schema) {
        var (plan, schema) = try bindSource(query.source)
        for clause in query.clauses {
            (plan, schema) = try bindClause(clause, plan, schema)
        }
        return (plan, schema)
    }

    func bindSource(_ source: Query.Source) throws(Diagnostic) -> (Plan, Schema) {
        switch source {
        case .subquery(let inner):
            return try bind(inner)
        case .table(let name):
            guard let resolved = catalog.resolve(name.text), let table = catalog.table(resolved) else {
                throw Diagnostic.unknownTable(name.text, known: catalog.names, range: name.range)
            }
            return (.scan(name: resolved, table), Schema(table))
        }
    }

    func bindClause(_ clause: Clause, _ plan: Plan, _ schema: Schema) throws(Diagnostic) -> (Plan, Schema) {
        switch clause.kind {
        case .filter(let expr):
            let predicate = try bindExpr(expr, schema, context: "where")
            guard predicate.type == .bool || predicate.type == .null else {
                throw Diagnostic.typeMismatch(
                    "`where` needs a true/false condition, but this is \(predicate.type.name)",
                    range: expr.range, hint: "compare it with something, e.g. x > 0 or x = \"text\"")
            }
            return (.filter(plan, predicate), schema)

        case .select(let items):
            var outputs: [(name: String, expr: BoundExpr)] = []
            var names = NameAllocator()
            for item in items {
                let bound = try bindExpr(item.expr, schema, context: "select")
                outputs.append((try names.claim(item, defaultName: defaultName(item.expr, schema)), bound))
            }
            return (.project(plan, outputs), Schema(names: outputs.map(\.name), types: outputs.map(\.expr.type)))

        case .derive(let items):
            var current = schema
            var outputs: [(name: String, expr: BoundExpr)] = schema.names.indices.map {
                (schema.names[$0], BoundExpr(kind: .column($0), type: schema.types[$0], range: clause.range))
            }
            var seen = Set<String>()
            for item in items {
                let name = item.name?.text ?? defaultName(item.expr, current)
                guard seen.insert(name).inserted else {
                    throw Diagnostic.duplicateColumn(name, range: item.name?.range ?? item.expr.range)
                }
                // Later items see earlier ones: bind over the columns derived so far.
                let bound = substitute(try bindExpr(item.expr, current, context: "derive"), outputs)
                if let existing = current.names.firstIndex(of: name) {
                    outputs[existing] = (name, bound)
                    current.types[existing] = bound.type
                } else {
                    outputs.append((name, bound))
                    current.names.append(name)
                    current.types.append(bound.type)
                }
            }
            return (.project(plan, outputs), current)

        case .drop(let names):
            var removed = Set<Int>()
            for name in names { removed.insert(try resolveColumn(name.text, name.range, schema)) }
            let kept = schema.names.indices.filter { !removed.contains($0) }
            guard !kept.isEmpty else { throw Diagnostic.emptySelection(range: clause.range) }
            let outputs = kept.map {
                (name: schema.names[$0], expr: BoundExpr(kind: .column($0), type: schema.types[$0], range: clause.range))
            }
            return (.project(plan, outputs), Schema(names: kept.map { schema.names[$0] }, types: kept.map { schema.types[$0] }))

        case .groupBy(let keys, let aggregates):
            let items = aggregates ?? []
            return try bindAggregation(plan, schema, keys: keys, items: items, defaultCount: aggregates == nil, clause: clause)

        case .aggregate(let items):
            return try bindAggregation(plan, schema, keys: [], items: items, defaultCount: false, clause: clause)

        case .sort(let keys):
            let bound = try keys.map { (key: SortKey) throws(Diagnostic) in
                BoundSortKey(expr: try bindExpr(key.expr, schema, context: "sort"), descending: key.descending ?? false)
            }
            return (.sort(plan, bound), schema)

        case .limit(let n):
            return (.limit(plan, n), schema)

        case .top(let n, let key):
            let bound = BoundSortKey(expr: try bindExpr(key.expr, schema, context: "top"), descending: key.descending ?? true)
            return (.limit(.sort(plan, [bound]), n), schema)

        case .distinct(let names):
            let indices: [Int]
            if names.isEmpty {
                indices = Array(schema.names.indices)
            } else {
                var list: [Int] = []
                for name in names { list.append(try resolveColumn(name.text, name.range, schema)) }
                indices = list
            }
            let keys = indices.map {
                (name: schema.names[$0], expr: BoundExpr(kind: .column($0), type: schema.types[$0], range: clause.range))
            }
            return (
                .aggregate(plan, keys: keys, aggregates: []),
                Schema(names: keys.map(\.name), types: keys.map(\.expr.type))
            )

        case .count:
            return (.count(plan), Schema(names: ["count"], types: [.int]))

        case .describe:
            return (.describe(plan), Schema(names: Describe.names, types: Describe.types))

        case .frequency(let names):
            var indices: [Int] = []
            for name in names { indices.append(try resolveColumn(name.text, name.range, schema)) }
            let keyNames = indices.map { schema.names[$0] }
            return (
                .frequency(plan, columns: indices),
                Schema(names: keyNames + Frequency.names, types: indices.map { schema.types[$0] } + Frequency.types)
            )

        case .join(let join):
            return try bindJoin(join, plan, schema)
        }
    }

    /// Replaces column references into the pre-derive table by the expressions derived for them.
    func substitute(_ expr: BoundExpr, _ outputs: [(name: String, expr: BoundExpr)]) -> BoundExpr {
        func walk(_ e: BoundExpr) -> BoundExpr {
            let kind: BoundExpr.Kind
            switch e.kind {
            case .column(let i): return outputs[i].expr
            case .constant: return e
            case .negate(let x): kind = .negate(walk(x))
            case .not(let x): kind = .not(walk(x))
            case .binary(let op, let a, let b): kind = .binary(op, walk(a), walk(b))
            case .isNull(let x, let negated): kind = .isNull(walk(x), negated: negated)
            case .inList(let x, let values, let negated): kind = .inList(walk(x), values, negated: negated)
            case .call(let f, let args): kind = .call(f, args.map(walk))
            case .cast(let x, let t): kind = .cast(walk(x), t)
            }
            return BoundExpr(kind: kind, type: e.type, range: e.range)
        }
        return walk(expr)
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
