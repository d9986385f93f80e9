import QuarryBase

/// Which group each row is in, in whichever form the grouping found it, so that no array of
/// ids per row is made when a smaller one says the same: every row in one group (a whole-input
/// aggregate), or a row's group read from a small table by a key the row already has (its day,
/// for `group by year(date)`; its join key, for grouping through a join).
struct GroupIds {
    enum Form {
        case perRow([Int32])
        case single
        /// `table[key - low]` for rows whose key is valid, `nullGroup` for the others.
        case lookedUp32(keys: [Int32], low: Int, table: [Int32], keyValidity: Bitmap?, nullGroup: Int32)
        case lookedUp64(keys: [Int64], low: Int, table: [Int32], keyValidity: Bitmap?, nullGroup: Int32)
    }

    let form: Form
    let rows: Int

    init(_ ids: [Int32]) {
        form = .perRow(ids)
        rows = ids.count
    }

    init(_ form: Form, rows: Int) {
        self.form = form
        self.rows = rows
    }

    static func single(rows: Int) -> GroupIds { GroupIds(.single, rows: rows) }

    /// The ids, when they are held as an array of one per row.
    var perRow: [Int32]? {
        if case .perRow(let ids) = form { return ids }
        return nil
    }

    var isSingle: Bool {
        if case .single = form { return true }
        return false
    }

    /// The ids as an array, for the kernels not worth a loop of their own per form.
    var materialized: [Int32] {
        if case .perRow(let ids) = form { return ids }
        var ids = [Int32](repeating: 0, count: rows)
        ids.withUnsafeMutableBufferPointer { ids in forEach(nil, in: 0..<rows) { row, g in ids[row] = Int32(g) } }
        return ids
    }

    /// Calls `body(row, group)` for each row in `range` that holds a value (every row without
    /// `validity`).
    @inline(__always) func forEach(_ validity: Bitmap?, in range: Range<Int>, _ body: (Int, Int) -> Void) {
        switch form {
        case .perRow(let ids):
            ids.withUnsafeBufferPointer { ids in Bitmap.forEachSet(validity, in: range) { body($0, Int(ids[$0])) } }
        case .single:
            Bitmap.forEachSet(validity, in: range) { body($0, 0) }
        case .lookedUp32(let keys, let low, let table, let keyValidity, let nullGroup):
            Self.lookUp(keys, low, table, keyValidity, nullGroup, validity, range, body)
        case .lookedUp64(let keys, let low, let table, let keyValidity, let nullGroup):
            Self.lookUp(keys, low, table, keyValidity, nullGroup, validity, range, body)
        }
    }

    @inline(__always) private static func lookUp<K: FixedWidthInteger>(
        _ keys: [K], _ low: Int, _ table: [Int32], _ keyValidity: Bitmap?, _ nullGroup: Int32, _ validity: Bitmap?,
        _ range: Range<Int>, _ body: (Int, Int) -> Void
    ) {
        keys.withUnsafeBufferPointer { keys in
            table.withUnsafeBufferPointer { table in
                guard let keyValidity else {
                    Bitmap.forEachSet(validity, in: range) { body($0, Int(table[Int(keys[$0]) &- low])) }
                    return
                }
                keyValidity.words.withUnsafeBufferPointer { words in
                    Bitmap.forEachSet(validity, in: range) { row in
                        let valid = words[row >> 6] & (1 << UInt64(row & 63)) != 0
                        body(row, valid ? Int(table[Int(keys[row]) &- low]) : Int(nullGroup))
                    }
                }
            }
        }
    }
}
