import QuarryBase
import QuarrySyntax

/// The span of an integer column, which decides whether an array indexed by value can replace a
/// hash map (group ids, per-day lookup tables).
enum RangeKernels {
    /// The smallest and largest values in rows that hold one (all rows when `validity` is nil),
    /// on all cores; nil when no row holds a value.
    static func minMax<T: FixedWidthInteger>(_ values: [T], _ validity: Bitmap?) -> (low: T, high: T)? {
        let parts = RowParts.map(values.count) { range -> (low: T, high: T) in
            var low = T.max
            var high = T.min
            values.withUnsafeBufferPointer { values in
                Bitmap.forEachSet(validity, in: range) { row in
                    low = Swift.min(low, values[row])
                    high = Swift.max(high, values[row])
                }
            }
            return (low, high)
        }
        let low = parts.map(\.low).min()!
        let high = parts.map(\.high).max()!
        return low <= high ? (low, high) : nil
    }
}
