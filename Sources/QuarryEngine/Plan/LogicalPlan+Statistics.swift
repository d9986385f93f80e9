import QuarryBase

/// What the statistics of the stored tables say about a plan's output columns. A column that is
/// passed through unchanged (by filters, sorts, limits, plain projections and joins) holds a
/// subset of its table column's values, so that column's range and distinct count still bound it.
extension LogicalPlan {
    /// The statistics of the stored column that output column `i` passes through, if any.
    public func columnStatistics(_ i: Int) -> ColumnStatistics? {
        guard let (ref, column) = origin(of: i) else { return nil }
        return ref.source.statistics.columns[column]
    }

    /// True when no two rows of output column `i` can hold the same value.
    public func isUnique(_ i: Int) -> Bool {
        switch op {
        case .aggregate(_, let a) where a.outputs == nil && a.keys.count == 1 && i == 0: return true
        case .distinct(_, let columns) where columns.count == 1: return true
        default: break
        }
        guard let (ref, column) = origin(of: i, uniquenessKept: true) else { return false }
        return ref.source.statistics.isUnique(column)
    }

    /// The stored table and column that output column `i` passes through unchanged. With
    /// `uniquenessKept`, only through operators that never repeat a row.
    func origin(of i: Int, uniquenessKept: Bool = false) -> (TableRef, Int)? {
        switch op {
        case .scan(let ref, let columns): return (ref, columns[i])
        case .filter(let c, _), .sort(let c, _), .limit(let c, _), .topN(let c, _, _):
            return c.origin(of: i, uniquenessKept: uniquenessKept)
        case .project(let c, let outputs):
            guard case .column(let j) = outputs[i].expr.kind else { return nil }
            return c.origin(of: j, uniquenessKept: uniquenessKept)
        case .distinct(let c, let columns): return c.origin(of: columns[i], uniquenessKept: uniquenessKept)
        case .aggregate(let c, let a):
            guard a.outputs == nil, i < a.keys.count, case .column(let j) = a.keys[i].expr.kind else { return nil }
            return c.origin(of: j, uniquenessKept: uniquenessKept)
        case .join(let j):
            if uniquenessKept { return nil }
            if i < j.leftColumns.count { return j.left.origin(of: j.leftColumns[i]) }
            return j.right.origin(of: j.rightColumns[i - j.leftColumns.count])
        case .count, .describe, .frequency: return nil
        }
    }
}
