import QuarryBase

/// Grouping by one text column whose dictionary is small next to its rows: the dictionary codes
/// are the group ids as they stand, so the rows are read once, on all cores, only to see which
/// codes occur. Codes that occur in no row (a dictionary shared with rows filtered away) are
/// dropped by renumbering; nulls are one more group.
enum DictionaryGrouping {
    /// The groups, or nil when the dictionary is too large for its rows to pay off (then ids
    /// are renumbered by first appearance instead).
    static func make(_ key: Column) -> AggregateOperator.Groups? {
        guard case .string(let codes, let dictionary) = key.storage else { return nil }
        let rows = codes.count
        let k = dictionary.count
        guard rows >= Tuning.dictionaryGroupingMinimumRows, k <= rows / Tuning.dictionaryGroupingRowsPerCode else {
            return nil
        }
        let validity = key.validity.flatMap { $0.setCount < rows ? $0 : nil }
        var ids = codes
        if let validity { ids = withNullId(codes, validity, nullId: Int32(k)) }
        let groupCount = k + (validity == nil ? 0 : 1)
        let seen = occurring(ids, groupCount: groupCount)
        let (kept, renumbered) = GroupKeys.reached(seen)
        if kept.count < groupCount { ids = lookUp(ids, in: renumbered) }
        // The key per group: its code, or null for the null group (code 0 as placeholder).
        var keyValidity: Bitmap?
        if validity != nil, kept.last == Int32(k) {
            var bits = Bitmap(count: kept.count, value: true)
            bits.clear(kept.count - 1)
            keyValidity = bits
        }
        let keyCodes = kept.map { $0 == Int32(k) ? 0 : $0 }
        let keys = Column(.string(codes: keyCodes, dictionary: dictionary), validity: keyValidity)
        return AggregateOperator.Groups(ids: GroupIds(ids), count: kept.count, keys: [keys])
    }

    /// The codes with `nullId` on null rows, split between the cores.
    static func withNullId(_ codes: [Int32], _ validity: Bitmap, nullId: Int32) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: codes.count) { out, initialized in
            codes.withUnsafeBufferPointer { codes in
                validity.words.withUnsafeBufferPointer { words in
                    _ = RowParts.map(codes.count) { range in
                        for row in range {
                            out[row] = words[row >> 6] & (1 << UInt64(row & 63)) != 0 ? codes[row] : nullId
                        }
                    }
                }
            }
            initialized = codes.count
        }
    }

    /// `table[id]` for every id, split between the cores.
    static func lookUp(_ ids: [Int32], in table: [Int32]) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: ids.count) { out, initialized in
            ids.withUnsafeBufferPointer { ids in
                table.withUnsafeBufferPointer { table in
                    _ = RowParts.map(ids.count) { range in
                        for row in range { out[row] = table[Int(ids[row])] }
                    }
                }
            }
            initialized = ids.count
        }
    }

    /// Which ids occur in some row, each part of the rows marking its own flags.
    static func occurring(_ ids: [Int32], groupCount: Int) -> [Bool] {
        let parts = RowParts.map(ids.count) { range in
            var seen = [Bool](repeating: false, count: groupCount)
            ids.withUnsafeBufferPointer { ids in
                seen.withUnsafeMutableBufferPointer { seen in
                    for row in range { seen[Int(ids[row])] = true }
                }
            }
            return seen
        }
        return (0..<groupCount).map { g in parts.contains { $0[g] } }
    }
}
