import QuarryBase
import QuarrySyntax

/// Read off the query as written, before it runs.
extension NoteCollector {
    /// A sort whose order a later group by (or aggregate, distinct, freq) throws away.
    public func checkSortBeforeGrouping(_ query: Query, _ text: (SourceRange) -> String) {
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
                    self.add(
                        "the order of `\(text(sort.range))` is lost: `\(name)` returns rows in its own order; sort after it instead"
                    )
                    pendingSort = nil
                }
            default: break
            }
        }
    }
}
