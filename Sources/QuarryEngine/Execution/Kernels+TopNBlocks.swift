import QuarryBase

extension SortKernels {
    /// The rows whose first-key number is at least as good as the k-th best, reading the blocks
    /// of a stored column best bound first and stopping once no block left can hold a row that
    /// good (a block whose bound ties the k-th best is still read: its ties may win on a later
    /// key). Nil when the key is not an integer one or fewer than k rows have a value.
    static func candidatesByBlocks(_ k: Int, _ key: Key, _ blocks: BlockBounds) -> [Int32]? {
        guard k > 0, case .ints(let values) = key.values,
            blocks.bounds.count == (values.count + BlockBounds.rowsPerBlock - 1) / BlockBounds.rowsPerBlock
        else { return nil }
        let descending = key.descending
        func worse(_ a: Int64, _ b: Int64) -> Bool { descending ? a < b : a > b }
        func bound(_ block: Int) -> Int64 {
            let range = blocks.bounds[block]!
            return descending ? range.upperBound : range.lowerBound
        }
        let order = blocks.bounds.indices.filter { blocks.bounds[$0] != nil }.sorted { worse(bound($1), bound($0)) }
        var best: [Int64] = []
        best.reserveCapacity(k)
        var rows: [Int32] = []
        var bar: Int64?
        let words = key.validity?.words ?? []
        values.withUnsafeBufferPointer { v in
            words.withUnsafeBufferPointer { words in
                for block in order {
                    if let bar, worse(bound(block), bar) { break }
                    for i in blocks.rows(of: block, count: v.count) {
                        let x = v[i]
                        if let bar, worse(x, bar) { continue }
                        if !words.isEmpty, words[i >> 6] & (1 << UInt64(i & 63)) == 0 { continue }
                        offer(x, to: &best, keeping: k, worse: worse)
                        rows.append(Int32(i))
                        if best.count == k { bar = best[0] }
                    }
                    // Keep the list to the rows that still meet the bar.
                    if let bar, rows.count > 4 * k + Tuning.topNTrimSlack { rows.removeAll { worse(v[Int($0)], bar) } }
                }
            }
        }
        guard best.count == k else { return nil }
        let threshold = best[0]
        return values.withUnsafeBufferPointer { v in rows.filter { !worse(v[Int($0)], threshold) } }
    }
}
