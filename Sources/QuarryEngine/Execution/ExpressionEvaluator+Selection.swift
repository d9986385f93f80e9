import QuarryBase
import QuarrySyntax

extension ExpressionEvaluator {
    /// The rows where `predicate` is true, as a selection vector.
    static func selection(_ predicate: BoundExpr, _ table: Table) throws(Diagnostic) -> [Int32] {
        guard let keep = try trueRowMask(predicate, table) else { return (0..<Int32(table.rowCount)).map { $0 } }
        var selected: [Int32] = []
        selected.reserveCapacity(keep.reduce(0) { $0 + $1.nonzeroBitCount })
        Bitmap.forEachSet(Bitmap(words: keep, count: table.rowCount), in: 0..<table.rowCount) { selected.append(Int32($0)) }
        return selected
    }

    /// The number of rows where `predicate` is true, counted from its bitmap (no selection made).
    static func count(_ predicate: BoundExpr, _ table: Table) throws(Diagnostic) -> Int {
        guard let keep = try trueRowMask(predicate, table) else { return table.rowCount }
        return keep.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// A bitmap of the rows where `predicate` is true; nil when it is true of every row.
    ///
    /// A row is kept only when every `and` part is true, and a null counts as false, so each
    /// part becomes a bitmap of its true rows and the bitmaps are intersected word by word,
    /// without three-valued logic over every row. A part that reads one text column and
    /// compares it with constants is decided once per dictionary code and read into the bitmap
    /// by code, with no column of answers in between.
    static func trueRowMask(_ predicate: BoundExpr, _ table: Table) throws(Diagnostic) -> [UInt64]? {
        var keep: [UInt64]?
        func intersect(_ mask: [UInt64]) { keep = keep.map { zip($0, mask).map { $0 & $1 } } ?? mask }
        for part in predicate.conjuncts {
            if let (inner, c) = perCodeCondition(part, table),
                let mask = try PerValueEvaluation.trueRows(inner, table.columns[c])
            {
                intersect(mask)
                continue
            }
            switch try evaluate(part, table) {
            case .scalar(.bool(true)): continue
            case .scalar: return [UInt64](repeating: 0, count: (table.rowCount + 63) >> 6)
            case .column(let c): intersect(trueRows(c))
            }
        }
        return keep
    }

    /// A condition worked out per value of one text column: one the optimizer marked
    /// (`perValue`), or a comparison or `in` list of a text column with constants.
    static func perCodeCondition(_ part: BoundExpr, _ table: Table) -> (inner: BoundExpr, column: Int)? {
        let column: Int
        switch part.kind {
        case .perValue(let inner, let c): return (inner, c)
        case .binary(let op, let a, let b) where op.isComparison:
            guard case .column(let c) = (a.isColumn ? a : b).kind, (a.isColumn ? b : a).isConstant else { return nil }
            column = c
        case .inList(let x, _, _):
            guard case .column(let c) = x.kind else { return nil }
            column = c
        default: return nil
        }
        guard table.columns[column].type == .string else { return nil }
        return (part.remapped { _ in 0 }, column)
    }

    /// A bitmap of the rows where a bool column is true (not false, not null).
    static func trueRows(_ column: Column) -> [UInt64] {
        guard case .bool(let values) = column.storage else { return [UInt64](repeating: 0, count: (column.count + 63) >> 6) }
        var words = values.withUnsafeBufferPointer { v in packBits(count: v.count) { v[$0] } }
        if let validity = column.validity {
            for w in words.indices { words[w] &= validity.words[w] }
        }
        return words
    }

    /// Bitmap words for `count` rows, bit i set where `isSet(i)`: each word is assembled in a
    /// register from its 64 flags, then stored once.
    @inline(__always)
    static func packBits(count: Int, _ isSet: (Int) -> Bool) -> [UInt64] {
        let wordCount = (count + 63) >> 6
        return [UInt64](unsafeUninitializedCapacity: wordCount) { words, initialized in
            for w in 0..<wordCount {
                var bits: UInt64 = 0
                for i in w << 6..<min(w << 6 + 64, count) { bits |= (isSet(i) ? 1 : 0) << UInt64(i & 63) }
                words[w] = bits
            }
            initialized = wordCount
        }
    }

    /// Bitmap words with bit i set where `isTrue[codes[i]]`, the words split between the cores.
    static func packBits(codes: [Int32], isTrue: [Bool]) -> [UInt64] {
        let count = codes.count
        let wordCount = (count + 63) >> 6
        return [UInt64](unsafeUninitializedCapacity: wordCount) { words, initialized in
            codes.withUnsafeBufferPointer { codes in
                isTrue.withUnsafeBufferPointer { isTrue in
                    _ = RowParts.map(count) { range in
                        for w in range.lowerBound >> 6..<(range.upperBound + 63) >> 6 {
                            var bits: UInt64 = 0
                            for i in w << 6..<min(w << 6 + 64, count) {
                                bits |= (isTrue[Int(codes[i])] ? 1 : 0) << UInt64(i & 63)
                            }
                            words[w] = bits
                        }
                    }
                }
            }
            initialized = wordCount
        }
    }
}
