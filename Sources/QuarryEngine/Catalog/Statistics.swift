import QuarryBase
import Synchronization

/// What is known about one column of a stored table, collected when the table is added to the
/// catalog. The optimizer and the lowering read it to choose how to evaluate and group.
public struct ColumnStatistics: Sendable {
    public let type: DataType
    public let rows: Int
    public let nulls: Int
    /// For int, date and timestamp columns: the smallest and largest value held (nil when every
    /// row is null, or for other types).
    public let range: ClosedRange<Int64>?
    /// A text column's dictionary size.
    let dictionarySize: Int?

    init(_ column: Column) {
        type = column.type
        rows = column.count
        nulls = column.nullCount
        switch column.storage {
        case .int(let v): range = RangeKernels.minMax(v, column.validity).map { $0.low...$0.high }
        case .timestamp(let v): range = RangeKernels.minMax(v, column.validity).map { $0.low...$0.high }
        case .date(let v): range = RangeKernels.minMax(v, column.validity).map { Int64($0.low)...Int64($0.high) }
        default: range = nil
        }
        if case .string(_, let dictionary) = column.storage { dictionarySize = dictionary.count } else { dictionarySize = nil }
    }

    /// The number of values from the smallest to the largest, for integer-like columns.
    public var span: Int? {
        guard let range else { return nil }
        let (span, overflow) = range.upperBound.subtractingReportingOverflow(range.lowerBound)
        return overflow || span >= Int64(Int32.max) ? nil : Int(span) + 1
    }

    /// The number of distinct non-null values, at most: a text column's dictionary size, the
    /// span of an integer range, 2 for bools; nil when nothing bounds it cheaply.
    public var distinctAtMost: Int? {
        if type == .bool { return min(2, rows) }
        if nulls == rows { return 0 }
        return (dictionarySize ?? span).map { min($0, rows) }
    }
}

/// The statistics of a table's columns, plus facts worked out on first request and kept (whether
/// a column's values are all different, which a join's strategy depends on).
public final class TableStatistics: Sendable {
    public let rows: Int
    public let columns: [ColumnStatistics]
    private let table: Table
    private let uniqueness = Mutex<[Int: Bool]>([:])
    private let blocks = Mutex<[Int: BlockBounds?]>([:])

    public init(_ table: Table) {
        self.table = table
        rows = table.rowCount
        columns = table.columns.map(ColumnStatistics.init)
    }

    /// True when no two rows of the column hold the same non-null value.
    public func isUnique(_ column: Int) -> Bool {
        if let known = uniqueness.withLock({ $0[column] }) { return known }
        let values = table.columns[column]
        let (ids, cardinality) = GroupKeys.ids(values)
        var seen = [Bool](repeating: false, count: cardinality)
        var unique = true
        for row in 0..<values.count where values.isValid(row) {
            let id = Int(ids[row])
            if seen[id] {
                unique = false
                break
            }
            seen[id] = true
        }
        uniqueness.withLock { $0[column] = unique }
        return unique
    }

    /// The smallest and largest value of each block of rows of an int, date or timestamp column
    /// (a zone map), worked out on first request and kept; nil for other types.
    public func blockBounds(_ column: Int) -> BlockBounds? {
        if let known = blocks.withLock({ $0[column] }) { return known }
        let bounds = BlockBounds(table.columns[column])
        blocks.withLock { $0[column] = bounds }
        return bounds
    }
}

/// Each block's smallest and largest value: a top N reads only the blocks that can still hold
/// one of its rows.
public struct BlockBounds: Sendable {
    public static let rowsPerBlock = 1 << 16
    /// Per block; nil where every row of the block is null.
    public let bounds: [ClosedRange<Int64>?]

    init?(_ column: Column) {
        switch column.storage {
        case .int(let v), .timestamp(let v): bounds = Self.blocks(v, column.validity)
        case .date(let v): bounds = Self.blocks(v, column.validity)
        default: return nil
        }
    }

    public func rows(of block: Int, count: Int) -> Range<Int> {
        block * Self.rowsPerBlock..<min((block + 1) * Self.rowsPerBlock, count)
    }

    private static func blocks<T: FixedWidthInteger>(_ values: [T], _ validity: Bitmap?) -> [ClosedRange<Int64>?] {
        let blockCount = (values.count + rowsPerBlock - 1) / rowsPerBlock
        return values.withUnsafeBufferPointer { values in
            (0..<blockCount).map { block in
                var low = T.max
                var high = T.min
                var any = false
                Bitmap.forEachSet(validity, in: block * rowsPerBlock..<min((block + 1) * rowsPerBlock, values.count)) { row in
                    low = Swift.min(low, values[row])
                    high = Swift.max(high, values[row])
                    any = true
                }
                return any ? Int64(low)...Int64(high) : nil
            }
        }
    }
}
