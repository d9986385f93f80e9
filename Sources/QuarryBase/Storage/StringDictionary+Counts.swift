extension StringDictionary {
    /// Rows per code of a column over this dictionary: one pass over the codes array (over the
    /// valid rows only when some are null). A whole-column kernel, for completion's "most rows first".
    package func rowCounts(codes: [Int32], validity: Bitmap?) -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        counts.withUnsafeMutableBufferPointer { counts in
            codes.withUnsafeBufferPointer { codes in
                if validity == nil {
                    for code in codes { counts[Int(code)] += 1 }
                } else {
                    Bitmap.forEachSet(validity, in: 0..<codes.count) { counts[Int(codes[$0])] += 1 }
                }
            }
        }
        return counts
    }

    /// The codes in case-folded order: by the value lowercased (byte-wise), ties by the value
    /// itself, so the values starting with a prefix, ignoring case, are one run of it. Two rank
    /// sorts and a counting sort.
    package func foldedOrder() -> [Int32] {
        let exact = ranks()
        let folded = StringDictionary(values.map { $0.lowercased() }).ranks()
        // The codes in exact order, then placed stably by folded rank.
        var byExact = [Int32](repeating: 0, count: count)
        for code in 0..<count { byExact[Int(exact[code])] = Int32(code) }
        var start = [Int](repeating: 0, count: count + 1)
        for code in 0..<count { start[Int(folded[code]) + 1] += 1 }
        for i in 0..<count { start[i + 1] += start[i] }
        var order = [Int32](repeating: 0, count: count)
        for code in byExact {
            let bucket = Int(folded[Int(code)])
            order[start[bucket]] = code
            start[bucket] += 1
        }
        return order
    }
}
