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
        let nullGroup: Int32 = j.keepsUnmatchedLeft ? rightGroups[right.rowCount] : -1
        // The group of each key id: -1 where no right row has that key.
        var groupOfKey = [Int32](repeating: -1, count: keySpace)
        for row in 0..<right.rowCount where rightIds[row] >= 0 { groupOfKey[Int(rightIds[row])] = rightGroups[row] }

        var (ids, unmatched, seen) = leftGroups(leftIds, groupOfKey, nullGroup: nullGroup, groupCount: groupCount)
        // An inner join drops unmatched rows: the aggregates see only the matched ones.
        let matched: [Int32]? =
            j.keepsUnmatchedLeft || unmatched.isEmpty ? nil : ids.indices.compactMap { ids[$0] >= 0 ? Int32($0) : nil }
        if let matched { ids = matched.map { ids[Int($0)] } }
        executor.report(
            .joined(
                JoinReport(
                    leftRows: left.rowCount, unmatched: unmatched, multipliedKeys: 0, extraRows: 0,
                    leftKey: left.columns[j.leftKey], leftKeyName: left.names[j.leftKey], rightName: j.rightName,
                    keepsUnmatchedLeft: j.keepsUnmatchedLeft)))
        executor.report(.finished(step: joinPlan.step, rows: ids.count))

        // Right rows whose group no left row reached make no group.
        var keptGroups = Array(0..<Int32(groupCount))
        if seen.contains(false) {
            keptGroups = keptGroups.filter { seen[Int($0)] }
            var renumbered = [Int32](repeating: -1, count: groupCount)
            for (new, old) in keptGroups.enumerated() { renumbered[Int(old)] = Int32(new) }
            ids = ids.map { renumbered[Int($0)] }
        }
        let groups = AggregateOperator.Groups(
            ids: ids, count: keptGroups.count, keys: keyColumns.map { $0.gather(keptGroups.map { firstRow[Int($0)] }) })
        let leftRows = Table(
            names: Array(j.names.prefix(leftCount)), columns: j.leftColumns.map { left.columns[$0] }, rowCount: left.rowCount)
        return try AggregateOperator.aggregate(groups, aggregation, executor) { (expr) throws(Diagnostic) in
            let argument = try ExpressionEvaluator.evaluate(expr, leftRows).materialize(count: leftRows.rowCount, type: expr.type)
            return matched.map { argument.gather($0) } ?? argument
        }
    }

    /// Each left row's group (-1 for an unmatched row of an inner join), the unmatched rows, and
    /// which groups some row reached; the rows are split between the cores.
    static func leftGroups(_ leftIds: [Int32], _ groupOfKey: [Int32], nullGroup: Int32, groupCount: Int) -> (
        ids: [Int32], unmatched: [Int], seen: [Bool]
    ) {
        typealias Part = (unmatched: [Int], seen: [Bool])
        var parts: [Part] = []
        let ids = [Int32](unsafeUninitializedCapacity: leftIds.count) { ids, initialized in
            let out = UncheckedBox(ids)
            parts = RowParts.map(leftIds.count) { range -> Part in
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
                                out.value[row] = group
                            }
                        }
                    }
                }
                return part
            }
            initialized = leftIds.count
        }
        let seen = (0..<groupCount).map { g in parts.contains { $0.seen[g] } }
        return (ids, parts.flatMap(\.unmatched), seen)
    }
}
