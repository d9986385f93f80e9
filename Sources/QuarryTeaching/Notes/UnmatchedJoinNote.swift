import QuarryBase
import QuarryEngine

/// After a join: left rows that found no match (dropped, or kept with nulls), and keys that
/// matched several right rows and so repeat rows.
final class UnmatchedJoinNote: ExecutionObserver {
    let notes: NoteCollector

    init(_ notes: NoteCollector) { self.notes = notes }

    func observe(_ event: ExecutionEvent) {
        guard case .joined(let report) = event else { return }
        var examples: [String] = []
        for row in report.unmatched where examples.count < 3 && report.leftKey.isValid(row) {
            let text = ValueFormatter.plain(report.leftKey.value(at: row))
            if !examples.contains(text) { examples.append(text) }
        }
        checkJoin(
            leftRows: report.leftRows, unmatched: report.unmatched, multiplied: report.multipliedKeys,
            extraRows: report.extraRows, keyName: display(report.leftKeyName), examples: examples,
            rightName: report.rightName, isLeft: report.keepsUnmatchedLeft)
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
                notes.add(
                    "the join found no match in \(rightName) for \(count) (their joined columns are null), e.g. \(keyName) = \(shown)"
                )
            } else {
                notes.add("the join dropped \(count) that found no match in \(rightName), e.g. \(keyName) = \(shown)")
            }
        }
        if multiplied > 0 {
            notes.add(
                "\(ValueFormatter.grouped(Int64(multiplied))) \(keyName) value\(multiplied == 1 ? "" : "s") matched more than one row of "
                    + "\(rightName), adding \(ValueFormatter.grouped(Int64(extraRows))) rows: some rows now appear more than once"
            )
        }
    }
}
