/// Notes about likely mistakes, gathered while a query runs and shown after its result. They never
/// change a result; `--quiet` or `.notes off` turns them off.
public final class NoteCollector: @unchecked Sendable {
    public private(set) var notes: [String] = []
    /// Whether an aggregate note was given already (one per query).
    private var aggregateNoted = false

    public init() {}

    func add(_ note: String) {
        if !notes.contains(note) { notes.append(note) }
    }

    /// A `where` comparing a text column with a literal that matches nothing as written, but
    /// would match ignoring case or surrounding spaces.
    func checkFilter(_ predicate: BoundExpr, _ table: Table) {
        switch predicate.kind {
        case .binary(.and, let a, let b), .binary(.or, let a, let b):
            checkFilter(a, table)
            checkFilter(b, table)
        case .binary(.equal, let l, let r):
            var column: Int?
            var literal: String?
            if case .column(let c) = l.kind, case .constant(.string(let s)) = r.kind { (column, literal) = (c, s) }
            if case .column(let c) = r.kind, case .constant(.string(let s)) = l.kind { (column, literal) = (c, s) }
            // Cheap first: a literal that is in the dictionary is taken to match.
            guard let column, let literal, case .string(let codes, let dictionary) = table.columns[column].storage,
                dictionary.code(of: literal) == nil
            else { return }
            var counts = [Int](repeating: 0, count: dictionary.count)
            for row in 0..<codes.count where table.columns[column].isValid(row) { counts[Int(codes[row])] += 1 }
            let wanted = trimmed(literal).lowercased()
            let near = dictionary.values.indices.filter {
                counts[$0] > 0 && trimmed(dictionary.values[$0]).lowercased() == wanted
            }
            .sorted { counts[$0] > counts[$1] }
            guard !near.isEmpty else { return }
            let alternatives = near.prefix(3).map {
                "\(ValueFormatter.grouped(Int64(counts[$0]))) have \"\(dictionary.values[$0])\""
            }
            add("no rows have \(display(table.names[column])) = \"\(literal)\"; " + alternatives.joined(separator: ", "))
        default:
            return
        }
    }

    /// Left rows that found no match, and keys that matched more than once and so repeat rows.
    func checkJoin(
        leftRows: Int, unmatched: [Int], multiplied: Int, extraRows: Int, keyName: String, examples: [String],
        rightName: String, isLeft: Bool
    ) {
        if !unmatched.isEmpty {
            let shown = examples.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
            let count = "\(ValueFormatter.grouped(Int64(unmatched.count))) of \(ValueFormatter.grouped(Int64(leftRows))) rows"
            if isLeft {
                add(
                    "the join found no match in \(rightName) for \(count) (their joined columns are null), e.g. \(keyName) = \(shown)"
                )
            } else {
                add("the join dropped \(count) that found no match in \(rightName), e.g. \(keyName) = \(shown)")
            }
        }
        if multiplied > 0 {
            add(
                "\(ValueFormatter.grouped(Int64(multiplied))) \(keyName) value\(multiplied == 1 ? "" : "s") matched more than one row of "
                    + "\(rightName), adding \(ValueFormatter.grouped(Int64(extraRows))) rows: some rows now appear more than once"
            )
        }
    }

    /// An aggregate that skipped enough nulls (5% of its rows or more) to mislead; once per query,
    /// naming the one that skipped the most.
    func checkAggregates(_ skipped: [(text: String, nulls: Int)], rows: Int) {
        let misleading = skipped.filter { $0.nulls > 0 && $0.nulls * 20 >= rows }
        guard !aggregateNoted, let worst = misleading.max(by: { $0.nulls < $1.nulls }) else { return }
        aggregateNoted = true
        add("\(worst.text) ignored \(ValueFormatter.grouped(Int64(worst.nulls))) row\(worst.nulls == 1 ? "" : "s") with no value")
    }

    /// A sort whose order a later group by (or aggregate, distinct, freq) throws away.
    func checkSortBeforeGrouping(_ query: Query, _ text: (SourceRange) -> String) {
        var pendingSort: Clause?
        for clause in query.clauses {
            switch clause.kind {
            case .sort: pendingSort = clause
            case .limit, .top: pendingSort = nil
            case .groupBy, .aggregate, .distinct, .frequency:
                if let sort = pendingSort {
                    let name =
                        switch clause.kind {
                        case .groupBy: "group by"
                        case .distinct: "distinct"
                        case .frequency: "freq"
                        default: "aggregate"
                        }
                    add(
                        "the order of `\(text(sort.range))` is lost: `\(name)` returns rows in its own order; sort after it instead"
                    )
                    pendingSort = nil
                }
            default: break
            }
        }
    }
}
