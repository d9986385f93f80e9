import QuarryBase
import QuarrySyntax

/// Equi-joins by hashing the right side's keys and probing with each left row, in left order.
enum JoinKernels {
    /// What a join did that a user may not expect: left rows with no match, and left rows that
    /// matched several right rows (so they repeat).
    struct Stats {
        var unmatched: [Int] = []
        var multipliedKeys = 0
        var extraRows = 0
    }

    /// Joins `left` and `right`; counts the output rows first and throws `outOfMemory` (having
    /// allocated none of them) when they would not fit in what `memory` has left.
    static func join(
        _ left: Table, _ right: Table, isLeft: Bool, leftKey: Int, rightKey: Int,
        leftColumns: [Int], rightColumns: [Int], names: [String], strategy: JoinStrategy,
        memory: MemoryBudget = MemoryBudget(), range: SourceRange? = nil
    ) throws(Diagnostic) -> (Table, Stats) {
        var stats = Stats()
        var repeatedKeys = Set<Int32>()
        let (leftIds, rightIds, keySpace) = GroupKeys.sharedIds(left.columns[leftKey], right.columns[rightKey])
        // Chains of right rows per key id, kept in right-row order, and each chain's length.
        var head = [Int32](repeating: -1, count: keySpace)
        var next = [Int32](repeating: -1, count: right.rowCount)
        var matches = [Int32](repeating: 0, count: keySpace)
        for row in stride(from: right.rowCount - 1, through: 0, by: -1) {
            let id = rightIds[row]
            guard id >= 0 else { continue }
            next[row] = head[Int(id)]
            head[Int(id)] = Int32(row)
            matches[Int(id)] += 1
        }
        try Cancellation.check()
        let outputRows = countRows(leftIds, matches, isLeft: isLeft)
        // Per row: its left and right row numbers while gathering, each column's value, validity bits.
        let columnCount = leftColumns.count + rightColumns.count
        let rowBytes =
            8 + (columnCount + 7) / 8 + leftColumns.map { left.columns[$0].type.valueWidth }.reduce(0, +)
            + rightColumns.map { right.columns[$0].type.valueWidth }.reduce(0, +)
        let (bytes, overflow) = outputRows.multipliedReportingOverflow(by: rowBytes)
        try memory.check(
            overflow ? Int.max : bytes, for: "this join would make \(ByteSize.count(outputRows)) rows", range: range)
        var leftRows: [Int32]
        var rightRows: [Int32]
        if strategy == .uniqueRight {
            // Every key is on at most one right row, the usual lookup-table join: each left row
            // gives at most one output row, so the output fits arrays sized to the left side.
            (leftRows, rightRows) = uniqueMatches(leftIds, head, isLeft: isLeft, unmatched: &stats.unmatched)
        } else {
            (leftRows, rightRows) = ([], [])
            leftRows.reserveCapacity(left.rowCount)
            rightRows.reserveCapacity(left.rowCount)
            for row in 0..<left.rowCount {
                // After Ctrl-C the output stops here: the operator throws before it is used.
                if row & (Cancellation.rowsBetweenChecks - 1) == 0, Cancellation.isRequested { break }
                let id = leftIds[row]
                var match = id >= 0 ? head[Int(id)] : -1
                if match < 0 {
                    stats.unmatched.append(row)
                    if isLeft {
                        leftRows.append(Int32(row))
                        rightRows.append(-1)
                    }
                    continue
                }
                if next[Int(match)] >= 0 {
                    repeatedKeys.insert(id)
                    var extra = -1
                    var m = match
                    while m >= 0 {
                        extra += 1
                        m = next[Int(m)]
                    }
                    stats.extraRows += extra
                }
                while match >= 0 {
                    leftRows.append(Int32(row))
                    rightRows.append(match)
                    match = next[Int(match)]
                }
            }
        }
        try Cancellation.check()
        // When every left row is kept once, in order, the left columns are already the output.
        let inOrder = leftRows.count == left.rowCount && stats.extraRows == 0
        let columns =
            leftColumns.map { inOrder ? left.columns[$0] : left.columns[$0].gather(leftRows) }
            + rightColumns.map { right.columns[$0].gather(rightRows) }
        stats.multipliedKeys = repeatedKeys.count
        return (Table(names: names, columns: columns, rowCount: leftRows.count), stats)
    }

    /// How many rows the join makes: each left row once per right row with its key (once with
    /// none, for a left join).
    private static func countRows(_ leftIds: [Int32], _ matches: [Int32], isLeft: Bool) -> Int {
        var total = 0
        for id in leftIds {
            let n = id >= 0 ? Int(matches[Int(id)]) : 0
            total &+= n == 0 && isLeft ? 1 : n
        }
        return total
    }

    /// Output rows for a join whose right keys are all distinct: one pass over the left ids.
    private static func uniqueMatches(_ leftIds: [Int32], _ head: [Int32], isLeft: Bool, unmatched: inout [Int])
        -> (left: [Int32], right: [Int32])
    {
        let n = leftIds.count
        var count = 0
        var leftRows = [Int32](repeating: 0, count: n)
        var rightRows = [Int32](repeating: 0, count: n)
        leftIds.withUnsafeBufferPointer { ids in
            head.withUnsafeBufferPointer { head in
                leftRows.withUnsafeMutableBufferPointer { leftRows in
                    rightRows.withUnsafeMutableBufferPointer { rightRows in
                        for row in 0..<n {
                            let id = ids[row]
                            let match = id >= 0 ? head[Int(id)] : -1
                            if match < 0 {
                                unmatched.append(row)
                                if !isLeft { continue }
                            }
                            leftRows[count] = Int32(row)
                            rightRows[count] = match
                            count += 1
                        }
                    }
                }
            }
        }
        leftRows.removeLast(n - count)
        rightRows.removeLast(n - count)
        return (leftRows, rightRows)
    }
}
