import QuarryBase

/// The k best first-key numbers read so far, and the rows at least as good as the k-th best at
/// the time each was read (few, since that bar only rises; the list is trimmed to the bar when
/// it grows). Shared by the top N's pass over every row and its pass over the best blocks.
struct CandidateScan<T: Comparable> {
    let k: Int
    let descending: Bool
    private(set) var best: [T] = []
    private(set) var rows: [Int32] = []
    private(set) var bar: T?
    private var trimAt: Int

    init(k: Int, descending: Bool) {
        self.k = k
        self.descending = descending
        trimAt = 4 * k + Tuning.topNTrimSlack
        best.reserveCapacity(k)
    }

    @inline(__always) func worse(_ a: T, _ b: T) -> Bool { descending ? a < b : a > b }

    /// Reads the rows of `range`. Most rows lose to the bar once the heap is full: the value is
    /// tested first, the validity bit (empty `words`: every row valid) only for the few that pass.
    mutating func read(_ range: Range<Int>, _ v: UnsafeBufferPointer<T>, _ words: UnsafeBufferPointer<UInt64>) {
        let descending = self.descending
        let k = self.k
        func worse(_ a: T, _ b: T) -> Bool { descending ? a < b : a > b }
        var (best, rows, bar, trimAt) = (self.best, self.rows, self.bar, self.trimAt)
        (self.best, self.rows) = ([], [])
        for i in range {
            let x = v[i]
            if let bar, worse(x, bar) { continue }
            if !words.isEmpty, words[i >> 6] & (1 << UInt64(i & 63)) == 0 { continue }
            SortKernels.offer(x, to: &best, keeping: k, worse: worse)
            rows.append(Int32(i))
            if best.count == k { bar = best[0] }
            if rows.count >= trimAt, let bar {
                rows.removeAll { worse(v[Int($0)], bar) }
                // Many rows tied with the bar stay: let the list grow before trimming again.
                trimAt = max(trimAt, 2 * rows.count)
            }
        }
        (self.best, self.rows, self.bar, self.trimAt) = (best, rows, bar, trimAt)
    }
}

extension SortKernels {
    /// The rows whose first-key number is at least as good as the k-th best, reading the blocks
    /// of a stored column best bound first and stopping once no block left can hold a row that
    /// good (a block whose bound ties the k-th best is still read: its ties may win on a later
    /// key). Nil when the key is not an integer one or fewer than k rows have a value.
    static func candidatesByBlocks(_ k: Int, _ key: Key, _ blocks: BlockBounds) -> [Int32]? {
        guard k > 0, case .ints(let values) = key.values,
            blocks.bounds.count == (values.count + BlockBounds.rowsPerBlock - 1) / BlockBounds.rowsPerBlock
        else { return nil }
        var scan = CandidateScan<Int64>(k: k, descending: key.descending)
        func bound(_ block: Int) -> Int64 {
            let range = blocks.bounds[block]!
            return key.descending ? range.upperBound : range.lowerBound
        }
        let order = blocks.bounds.indices.filter { blocks.bounds[$0] != nil }.sorted { scan.worse(bound($1), bound($0)) }
        let words = key.validity?.words ?? []
        values.withUnsafeBufferPointer { v in
            words.withUnsafeBufferPointer { words in
                for block in order {
                    if let bar = scan.bar, scan.worse(bound(block), bar) { break }
                    scan.read(blocks.rows(of: block, count: v.count), v, words)
                }
            }
        }
        guard scan.best.count == k else { return nil }
        let threshold = scan.best[0]
        return values.withUnsafeBufferPointer { v in scan.rows.filter { !scan.worse(v[Int($0)], threshold) } }
    }
}
