import QuarryBase
import QuarrySyntax

/// Sorting: each key becomes an array of integers or doubles that orders like the values
/// (strings through their dictionary's ranks), then row indices are sorted by those arrays.
enum SortKernels {
    /// A sort key in comparable form.
    struct Key {
        enum Values {
            case ints([Int64])
            case floats([Double])
            /// Dictionary codes, ordered through each code's rank (no per-row copy).
            case ranked(codes: [Int32], ranks: [Int32])
        }
        let values: Values
        let validity: Bitmap?
        let descending: Bool
    }

    static func key(_ column: Column, descending: Bool) -> Key {
        let values: Key.Values
        switch column.storage {
        case .int(let v): values = .ints(v)
        case .float(let v): values = .floats(v)
        case .bool(let v): values = .ints(v.map { $0 ? 1 : 0 })
        case .date(let v): values = .ints(v.map { Int64($0) })
        case .timestamp(let v): values = .ints(v)
        case .string(let codes, let dict): values = .ranked(codes: codes, ranks: dict.ranks())
        }
        return Key(values: values, validity: column.validity, descending: descending)
    }

    /// The order of rows that sorts by `columns` in turn; ties keep their input order, nulls go last.
    static func permutation(_ columns: [Column], descending: [Bool]) -> [Int32] {
        let rows = columns.first?.count ?? 0
        let keys = zip(columns, descending).map { key($0, descending: $1) }
        var order = (0..<Int32(rows)).map { $0 }
        // After Ctrl-C every pair compares as in order, so the sort finishes in a few linear
        // passes; the operator then throws, and the order is never used.
        var comparisons = 0
        var cancelled = false
        order.sort { a, b in
            comparisons &+= 1
            if comparisons & (Cancellation.rowsBetweenChecks - 1) == 0, Cancellation.isRequested { cancelled = true }
            if cancelled { return false }
            let i = Int(a)
            let j = Int(b)
            for key in keys {
                let c = compare(key, i, j)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        return order
    }

    /// The first `k` rows of the order `permutation` would give, found with a heap of k rows:
    /// each row is compared once with the worst row kept so far, so n rows cost about n
    /// comparisons when k is small, instead of n log n for a full sort.
    static func firstRows(
        _ k: Int, of columns: [Column], descending: [Bool], strategy: TopNStrategy, bounds: BlockBounds? = nil
    ) -> [Int32] {
        let rows = columns.first?.count ?? 0
        guard strategy != .fullSort, k < rows else { return Array(permutation(columns, descending: descending).prefix(k)) }
        let keys = zip(columns, descending).map { key($0, descending: $1) }
        /// True when row a comes before row b (ties by position, so the result is stable).
        func before(_ a: Int32, _ b: Int32) -> Bool {
            for key in keys {
                let c = compare(key, Int(a), Int(b))
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        // With numbers as the first key, one tight loop finds the k-th best number; only rows at
        // least that good can be in the answer, and they are few.
        // (When fewer than k rows have a number, nulls may be in the answer: the heap decides.)
        if strategy == .blockBounds, let bounds, let candidates = candidatesByBlocks(k, keys[0], bounds) {
            return Array(candidates.sorted(by: before).prefix(k))
        }
        if strategy == .candidates || strategy == .blockBounds, let candidates = candidatesByFirstKey(k, keys[0]) {
            return Array(candidates.sorted(by: before).prefix(k))
        }
        var heap: [Int32] = []
        heap.reserveCapacity(k)
        for row in 0..<Int32(rows) { offer(row, to: &heap, keeping: k) { before($1, $0) } }
        return heap.sorted(by: before)
    }

    /// Offers `x` to `heap`, which keeps the `k` best elements offered so far with the worst of
    /// them on top; `worse(a, b)` is true when a ranks below b. Most offers cost one comparison.
    @inline(__always)
    static func offer<T>(_ x: T, to heap: inout [T], keeping k: Int, worse: (T, T) -> Bool) {
        guard k > 0 else { return }
        if heap.count < k {
            heap.append(x)
            var i = heap.count - 1
            while i > 0, worse(heap[i], heap[(i - 1) / 2]) {
                heap.swapAt(i, (i - 1) / 2)
                i = (i - 1) / 2
            }
            return
        }
        guard worse(heap[0], x) else { return }
        heap[0] = x
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var w = i
            if l < heap.count, worse(heap[l], heap[w]) { w = l }
            if r < heap.count, worse(heap[r], heap[w]) { w = r }
            if w == i { return }
            heap.swapAt(i, w)
            i = w
        }
    }

    /// The rows whose first-key number is at least as good as the k-th best, or nil when the first
    /// key is not numeric or fewer than k rows have a value (then nulls could be in the answer).
    static func candidatesByFirstKey(_ k: Int, _ key: Key) -> [Int32]? {
        switch key.values {
        case .ints(let v): return candidates(k, v, key.validity, descending: key.descending)
        case .floats(let v):
            guard !v.contains(where: \.isNaN) else { return nil }
            return candidates(k, v, key.validity, descending: key.descending)
        case .ranked: return nil
        }
    }

    /// Each core reads its part of the rows once, keeping the k best numbers in a heap and the
    /// rows at least as good as the heap's worst at the time (few, since that bar only rises;
    /// the list is trimmed to the current bar when it grows). The k best of all parts then give
    /// the threshold, and the rows kept that meet it are the candidates, in row order.
    static func candidates<T: Comparable>(_ k: Int, _ values: [T], _ validity: Bitmap?, descending: Bool) -> [Int32]? {
        guard k > 0 else { return [] }
        func worse(_ a: T, _ b: T) -> Bool { descending ? a < b : a > b }
        let words = validity?.words ?? []
        let parts = RowParts.map(values.count) { range -> CandidateScan<T> in
            var scan = CandidateScan<T>(k: k, descending: descending)
            values.withUnsafeBufferPointer { v in words.withUnsafeBufferPointer { words in scan.read(range, v, words) } }
            return scan
        }
        var best: [T] = []
        for x in parts.map(\.best).joined() { offer(x, to: &best, keeping: k, worse: worse) }
        guard best.count == k else { return nil }
        let threshold = best[0]
        return values.withUnsafeBufferPointer { v in parts.flatMap { $0.rows.filter { !worse(v[Int($0)], threshold) } } }
    }

    /// -1, 0 or 1: how row i orders against row j under `key`.
    @inline(__always)
    static func compare(_ key: Key, _ i: Int, _ j: Int) -> Int {
        if let validity = key.validity {
            let vi = validity[i]
            let vj = validity[j]
            if !vi || !vj { return vi == vj ? 0 : (vi ? -1 : 1) }
        }
        var c: Int
        switch key.values {
        case .ranked(let codes, let ranks):
            let x = ranks[Int(codes[i])]
            let y = ranks[Int(codes[j])]
            c = x < y ? -1 : (x > y ? 1 : 0)
        case .ints(let v): c = v[i] < v[j] ? -1 : (v[i] > v[j] ? 1 : 0)
        case .floats(let v):
            // NaN sorts after every number.
            let x = v[i]
            let y = v[j]
            if x.isNaN || y.isNaN { c = x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) } else { c = x < y ? -1 : (x > y ? 1 : 0) }
        }
        return key.descending ? -c : c
    }
}
