import QuarryBase

/// An aggregate over a join with unique right keys, whose keys read only the right side and
/// whose arguments only the left side (`join countries on country | group by region`): the keys
/// are grouped once over the right rows, each left row takes the group of the right row its key
/// matches, and the aggregates read the left columns as they are. No joined row is made; the
/// join still reports its rows and unmatched keys, so explain and the notes see what the plain
/// join would show.
enum GroupThroughJoinOperator {
    static func run(_ joinPlan: PhysicalPlan, _ aggregation: Aggregation, _ methods: [KeyIds], _ executor: Executor)
        throws(Diagnostic) -> Table
    {
        guard case .join(let join) = joinPlan.op else { preconditionFailure("grouping through a join needs a join") }
        let left = try executor.run(join.left)
        let right = try executor.run(join.right)
        let j = join.logical
        let leftCount = j.leftColumns.count
        let (leftIds, rightIds, keySpace) = GroupKeys.sharedIds(left.columns[j.leftKey], right.columns[j.rightKey])

        // The keys over the right rows, plus one row of nulls for the left rows a left join keeps
        // unmatched.
        var keyRows = right
        if j.keepsUnmatchedLeft { keyRows = right.gather(Array(0..<Int32(right.rowCount)) + [-1]) }
        var keyColumns: [Column] = []
        for key in aggregation.keys {
            let expr = key.expr.remapped { j.rightColumns[$0 - leftCount] }
            keyColumns.append(
                try ExpressionEvaluator.evaluate(expr, keyRows).materialize(count: keyRows.rowCount, type: expr.type))
        }
        let (rightGroups, groupCount, firstRow) = GroupKeys.grouping(keyColumns, rows: keyRows.rowCount, methods: methods)
        try Cancellation.check()
        let nullGroup: Int32 = j.keepsUnmatchedLeft ? rightGroups[right.rowCount] : -1
        // The group of each key id: -1 where no right row has that key.
        var groupOfKey = [Int32](repeating: -1, count: keySpace)
        for row in 0..<right.rowCount where rightIds[row] >= 0 { groupOfKey[Int(rightIds[row])] = rightGroups[row] }

        let (unmatched, seen) = leftMatches(leftIds, groupOfKey, nullGroup: nullGroup, groupCount: groupCount)
        // Right rows whose group no left row reached make no group.
        let (keptGroups, renumbered) = GroupKeys.reached(seen)
        // A left row's group by its key id + 1 (slot 0 for a null key): -1 where it has no match
        // (an inner join drops those rows), the null group where a left join keeps them.
        let missing = j.keepsUnmatchedLeft ? renumbered[Int(nullGroup)] : -1
        let groupOfSlot = [missing] + groupOfKey.map { $0 >= 0 ? renumbered[Int($0)] : missing }
        // With no row dropped, each row's group is read from that table as the aggregates run;
        // else the matched rows are picked out, with their groups.
        var ids = GroupIds(
            .lookedUp32(keys: leftIds, low: -1, table: groupOfSlot, keyValidity: nil, nullGroup: -1), rows: left.rowCount)
        var matched: [Int32]?
        if missing < 0, !unmatched.isEmpty {
            let rows = leftIds.indices.compactMap { groupOfSlot[Int(leftIds[$0]) + 1] >= 0 ? Int32($0) : nil }
            ids = GroupIds(rows.map { groupOfSlot[Int(leftIds[Int($0)]) + 1] })
            matched = rows
        }
        executor.report(
            .joined(
                JoinReport(
                    leftRows: left.rowCount, unmatched: unmatched, multipliedKeys: 0, extraRows: 0,
                    leftKey: left.columns[j.leftKey], leftKeyName: left.names[j.leftKey], rightName: j.rightName,
                    keepsUnmatchedLeft: j.keepsUnmatchedLeft)))
        executor.report(.finished(step: joinPlan.step, rows: ids.rows))

        let groups = AggregateOperator.Groups(
            ids: ids, count: keptGroups.count, keys: keyColumns.map { $0.gather(keptGroups.map { firstRow[Int($0)] }) })
        let leftRows = Table(
            names: Array(j.names.prefix(leftCount)), columns: j.leftColumns.map { left.columns[$0] }, rowCount: left.rowCount)
        return try AggregateOperator.aggregate(groups, aggregation, executor) { (expr) throws(Diagnostic) in
            let argument = try ExpressionEvaluator.evaluate(expr, leftRows).materialize(count: leftRows.rowCount, type: expr.type)
            return matched.map { argument.gather($0) } ?? argument
        }
    }

    /// The left rows with no match, and which groups some left row reaches; the rows are split
    /// between the cores.
    static func leftMatches(_ leftIds: [Int32], _ groupOfKey: [Int32], nullGroup: Int32, groupCount: Int) -> (
        unmatched: [Int], seen: [Bool]
    ) {
        typealias Part = (unmatched: [Int], seen: [Bool])
        let parts = RowParts.map(leftIds.count) { range -> Part in
            var part = Part([], [Bool](repeating: false, count: groupCount))
            leftIds.withUnsafeBufferPointer { keys in
                groupOfKey.withUnsafeBufferPointer { groupOfKey in
                    part.seen.withUnsafeMutableBufferPointer { seen in
                        for row in range {
                            let key = keys[row]
                            var group = key >= 0 ? groupOfKey[Int(key)] : -1
                            if group < 0 {
                                part.unmatched.append(row)
                                group = nullGroup
                            }
                            if group >= 0 { seen[Int(group)] = true }
                        }
                    }
                }
            }
            return part
        }
        let seen = (0..<groupCount).map { g in parts.contains { $0.seen[g] } }
        return (parts.flatMap(\.unmatched), seen)
    }
}
