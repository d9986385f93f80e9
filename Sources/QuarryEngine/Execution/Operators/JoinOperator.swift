import QuarryBase

/// `join`: hashes the right side's keys and probes with each left row, in left order.
enum JoinOperator {
    static func run(_ join: PhysicalJoin, _ executor: Executor) throws(Diagnostic) -> Table {
        let left = try executor.run(join.left)
        let right = try executor.run(join.right)
        let j = join.logical
        let (joined, stats) = try JoinKernels.join(
            left, right, isLeft: j.keepsUnmatchedLeft, leftKey: j.leftKey, rightKey: j.rightKey,
            leftColumns: j.leftColumns, rightColumns: j.rightColumns, names: j.names, strategy: join.strategy,
            memory: executor.memory, range: j.range)
        executor.report(
            .joined(
                JoinReport(
                    leftRows: left.rowCount, unmatched: stats.unmatched, multipliedKeys: stats.multipliedKeys,
                    extraRows: stats.extraRows, leftKey: left.columns[j.leftKey], leftKeyName: left.names[j.leftKey],
                    rightName: j.rightName, keepsUnmatchedLeft: j.keepsUnmatchedLeft)))
        return joined
    }
}
