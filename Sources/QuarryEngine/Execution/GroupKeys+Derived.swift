import QuarryBase
import QuarrySyntax

/// Grouping by an expression of one small-domain column, such as `year(date)` or `month(date)`,
/// without evaluating the expression on every row.
///
/// Ten million dates hold a few thousand distinct days. The key only depends on the day, so the
/// expression runs once per distinct day, and every row then finds its group through an array
/// indexed by its day, read as each aggregate runs: two passes over a 4-byte column (range, first
/// rows) split between the cores, instead of materialising a key column, then hashing it.
struct DerivedGrouping {
    /// The group of every row, numbered by first appearance.
    var ids: GroupIds
    var groupCount: Int
    /// The key's value for each group (one row per group, in group order).
    var keys: Column

    /// Groups `table` by `key`, which reads only column `source` (the lowering chose this from
    /// the column's statistics); nil when the column holds no value or, against those
    /// statistics, spans too wide a range for the lookup array.
    static func make(
        key: BoundExpr, source: Int, table: Table, evaluate: (BoundExpr, Table) throws(Diagnostic) -> Column
    ) throws(Diagnostic) -> DerivedGrouping? {
        let column = table.columns[source]
        switch column.storage {
        case .int(let v): return try make(v, column.validity, key: key, table: table, evaluate: evaluate)
        case .date(let v): return try make(v, column.validity, key: key, table: table, evaluate: evaluate)
        default: return nil
        }
    }

    private static func make<T: FixedWidthInteger>(
        _ values: [T], _ validity: Bitmap?, key: BoundExpr, table: Table,
        evaluate: (BoundExpr, Table) throws(Diagnostic) -> Column
    ) throws(Diagnostic) -> DerivedGrouping? {
        let rows = values.count
        guard let (low, high) = RangeKernels.minMax(values, validity) else { return nil }
        let (difference, overflow) = Int(high).subtractingReportingOverflow(Int(low))
        guard !overflow, difference < Tuning.derivedGroupingMaximumSpan else { return nil }
        let span = difference + 1

        // The first row holding each value (slot = value - low), and the first null row.
        let parts = RowParts.map(rows, groups: span) { range -> (slots: [Int32], firstNull: Int32) in
            var first = [Int32](repeating: Int32.max, count: span)
            values.withUnsafeBufferPointer { values in
                first.withUnsafeMutableBufferPointer { first in
                    Bitmap.forEachSet(validity, in: range) { row in
                        let s = Int(values[row]) &- Int(low)
                        if first[s] == Int32.max { first[s] = Int32(row) }
                    }
                }
            }
            var firstNull = Int32.max
            if let validity, let row = range.first(where: { !validity[$0] }) { firstNull = Int32(row) }
            return (first, firstNull)
        }
        var slotFirst = parts[0].slots
        for part in parts.dropFirst() { for s in 0..<span { slotFirst[s] = min(slotFirst[s], part.slots[s]) } }
        let firstNull = parts.map(\.firstNull).min()!

        // One representative row per distinct value, in order of first appearance; the key is
        // evaluated on those rows only, then grouped (two days can share a year).
        var representatives = slotFirst.filter { $0 != Int32.max }
        if firstNull != Int32.max { representatives.append(firstNull) }
        representatives.sort()
        let keyValues = try evaluate(key, table.gather(representatives))
        let (valueGroup, groupCount, valueFirst) = GroupKeys.grouping([keyValues], rows: representatives.count)

        var slotGroup = [Int32](repeating: 0, count: span)
        var nullGroup: Int32 = 0
        for (j, row) in representatives.enumerated() {
            if row == firstNull {
                nullGroup = valueGroup[j]
            } else {
                slotGroup[Int(values[Int(row)]) &- Int(low)] = valueGroup[j]
            }
        }

        // Each row's group is read from the slot table by its own value as the aggregates run:
        // no array of ids is made.
        let form: GroupIds.Form
        if let days = values as? [Int32] {
            form = .lookedUp32(keys: days, low: Int(low), table: slotGroup, keyValidity: validity, nullGroup: nullGroup)
        } else if let numbers = values as? [Int64] {
            form = .lookedUp64(keys: numbers, low: Int(low), table: slotGroup, keyValidity: validity, nullGroup: nullGroup)
        } else {
            return nil
        }
        let ids = GroupIds(form, rows: rows)
        return DerivedGrouping(ids: ids, groupCount: groupCount, keys: keyValues.gather(valueFirst))
    }
}
