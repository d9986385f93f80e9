/// Every threshold that picks a strategy, in one place, with why it has the value it has.
package enum Tuning {
    /// Below this many rows an expression is evaluated row by row: finding the distinct values
    /// costs a pass of its own, which only pays on large inputs.
    package static let perValueMinimumRows = 4096
    /// Evaluate once per distinct value only when each value stands for this many rows or more
    /// on average (the gather back to the rows then costs far less than the evaluation saved).
    package static let perValueRowsPerValue = 8
    /// An integer or date column is looked up through an array indexed by value; this bounds the
    /// array (65,536 four-byte slots: fits in the second-level cache).
    package static let perValueMaximumSpan = 1 << 16
    /// Grouping by a key derived from one small-range column (`year(date)`) maps rows through an
    /// array indexed by value when the span is at most this and at most rows / 8.
    package static let derivedGroupingMaximumSpan = 1 << 16
    package static let derivedGroupingRowsPerValue = 8
    package static let derivedGroupingMinimumRows = 4096
    /// Grouping by one text column uses its dictionary codes as group ids when there are at
    /// least this many rows and each code stands for 16 rows or more on average: each core's
    /// counters then stay small next to its rows.
    package static let dictionaryGroupingMinimumRows = 4096
    package static let dictionaryGroupingRowsPerCode = 16
    /// A top N reads a stored table's blocks by their bounds when it has at least this many
    /// blocks; below, one pass over all rows costs as little.
    package static let blockBoundsMinimumBlocks = 4
    /// A top N with k below rows / 8 uses a heap or a candidate pass; above, a full sort is as fast.
    package static let topNRowsPerKept = 8
    /// A key of integers gets ids through an array indexed by value instead of a hash map when
    /// its values span under a million and at most about four slots per row: the array then
    /// costs little more memory than the ids themselves.
    package static func denseIdsFit(span: Int, rows: Int) -> Bool { span < 1 << 20 && span <= rows * 4 + 1024 }
    /// Two keys' ids combine through an array of all their pairs when there are at most
    /// max(a million, rows) pairs; beyond that, through a hash map of the pairs that occur.
    package static func combinedIdsFit(pairs: Int, rows: Int) -> Bool { pairs <= max(1 << 20, rows) }
    /// A top N keeps rows through a bounded trim list of at most 4k + this many candidates.
    package static let topNTrimSlack = 4096
}
