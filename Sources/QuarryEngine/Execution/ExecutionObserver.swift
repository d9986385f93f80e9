import QuarryBase

/// What an operator reports as it finishes, for whoever watches a query run: `explain` counts
/// each step's rows from these, and the teaching notes look for likely mistakes in them.
public enum ExecutionEvent {
    /// An operator produced `rows` rows; `step` is the clause it came from, if any.
    case finished(step: Int?, rows: Int)
    /// A filter kept `kept` of the rows of `input` (also when only its count was needed).
    case filtered(predicate: BoundExpr, input: Table, kept: Int, step: Int?)
    case joined(JoinReport)
    /// An aggregate over `rows` rows skipped each argument's nulls.
    case aggregated(skipped: [(text: String, nulls: Int)], rows: Int)
}

/// What a join did that a user may not expect.
public struct JoinReport {
    public let leftRows: Int
    /// Left rows with no match.
    public let unmatched: [Int]
    /// Left key values that matched more than one right row, and the rows that added.
    public let multipliedKeys: Int
    public let extraRows: Int
    /// The left key column, for examples of unmatched values.
    public let leftKey: Column
    public let leftKeyName: String
    public let rightName: String
    public let keepsUnmatchedLeft: Bool
}

/// Watches a query run. Observers never change a result.
public protocol ExecutionObserver: AnyObject {
    func observe(_ event: ExecutionEvent)
}
