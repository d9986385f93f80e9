import QuarryBase
import QuarryEngine

/// After an aggregate that skipped many nulls; once per query.
final class SkippedNullsNote: ExecutionObserver {
    let notes: NoteCollector
    /// Whether an aggregate note was given already (one per query).
    private var aggregateNoted = false

    init(_ notes: NoteCollector) { self.notes = notes }

    func observe(_ event: ExecutionEvent) {
        if case .aggregated(let skipped, let rows) = event { checkAggregates(skipped, rows: rows) }
    }

    /// An aggregate that skipped enough nulls (5% of its rows or more) to mislead; once per query,
    /// naming the one that skipped the most.
    func checkAggregates(_ skipped: [(text: String, nulls: Int)], rows: Int) {
        let misleading = skipped.filter { $0.nulls > 0 && $0.nulls * 20 >= rows }
        guard !aggregateNoted, let worst = misleading.max(by: { $0.nulls < $1.nulls }) else { return }
        aggregateNoted = true
        notes.add(
            "\(worst.text) ignored \(ValueFormatter.grouped(Int64(worst.nulls))) row\(worst.nulls == 1 ? "" : "s") with no value")
    }
}
