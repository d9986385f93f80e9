import QuarryBase
import QuarrySyntax

/// `describe`: one row per column of the input — its type, how many values and nulls, how many
/// distinct values, the smallest and largest, the mean (numbers) and the most common value.
package enum Describe {
    static let names = ["column", "type", "non_null", "nulls", "distinct", "min", "max", "mean", "most_common"]
    static let types: [DataType] = [.string, .string, .int, .int, .int, .string, .string, .float, .string]

    static func run(_ table: Table) -> Table {
        var rows: [[Value]] = []
        for (name, column) in zip(table.names, table.columns) {
            let nulls = column.nullCount
            let (ids, cardinality) = GroupKeys.ids(column)
            var counts = [Int](repeating: 0, count: cardinality)
            var firstRow = [Int](repeating: -1, count: cardinality)
            for row in 0..<column.count where column.isValid(row) {
                counts[Int(ids[row])] += 1
                if firstRow[Int(ids[row])] < 0 { firstRow[Int(ids[row])] = row }
            }
            let present = counts.indices.filter { counts[$0] > 0 }
            let key = SortKernels.key(column, descending: false)
            // The most common value; among equally common ones, the smallest.
            let common = present.min { a, b in
                counts[a] != counts[b] ? counts[a] > counts[b] : SortKernels.compare(key, firstRow[a], firstRow[b]) < 0
            }
            let ordered = present.map { firstRow[$0] }.sorted { SortKernels.compare(key, $0, $1) < 0 }
            func text(_ row: Int?) -> Value {
                guard let row else { return .null }
                let full = ValueFormatter.plain(column.value(at: row))
                return .string(full.count > 40 ? String(full.prefix(39)) + "…" : full)
            }
            var mean = Value.null
            if column.type.isNumeric, column.count > nulls {
                let (sums, valid) = AggregateKernels.compensatedSums(column, ids: .single(rows: column.count), groups: 1)
                mean = .float(sums[0] / Double(valid[0]))
            }
            rows.append([
                .string(name), .string(column.type.name), .int(Int64(column.count - nulls)), .int(Int64(nulls)),
                .int(Int64(present.count)), text(ordered.first), text(ordered.last), mean, text(common.map { firstRow[$0] }),
            ])
        }
        let columns = types.indices.map { c in Column.from(rows.map { $0[c] }, type: types[c]) }
        return Table(names: names, columns: columns, rowCount: rows.count)
    }
}

/// `freq COLUMN, ...`: how often each value (or combination) occurs, most common first, with its
/// share, the running share, and a bar drawn in text. Nulls are counted as a value of their own.
package enum Frequency {
    static let names = ["count", "percent", "cumulative", "bar"]
    static let types: [DataType] = [.int, .float, .float, .string]
    static let barWidth = 30

    static func run(_ table: Table, columns: [Int]) -> Table {
        let keys = columns.map { table.columns[$0] }
        let (ids, groups, firstRow) = GroupKeys.grouping(keys, rows: table.rowCount)
        let groupCount = table.rowCount == 0 ? 0 : groups
        var counts = [Int](repeating: 0, count: groupCount)
        for id in ids where groupCount > 0 { counts[Int(id)] += 1 }
        let representatives = keys.map { $0.gather(Array(firstRow.prefix(groupCount))) }
        let sortKeys = representatives.map { SortKernels.key($0, descending: false) }
        let order = (0..<groupCount).sorted { a, b in
            if counts[a] != counts[b] { return counts[a] > counts[b] }
            for key in sortKeys {
                let c = SortKernels.compare(key, a, b)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        let total = Double(max(1, table.rowCount))
        let largest = counts.max() ?? 1
        var running = 0
        var percent: [Double] = []
        var cumulative: [Double] = []
        var bars: [Value] = []
        for g in order {
            running += counts[g]
            percent.append(round2(Double(counts[g]) * 100 / total))
            cumulative.append(round2(Double(running) * 100 / total))
            bars.append(.string(bar(counts[g], of: largest, width: barWidth)))
        }
        let indices = order.map { Int32($0) }
        let out =
            representatives.map { $0.gather(indices) } + [
                Column(.int(order.map { Int64(counts[$0]) })), Column(.float(percent)), Column(.float(cumulative)),
                Column.from(bars, type: .string),
            ]
        return Table(names: columns.map { table.names[$0] } + names, columns: out, rowCount: order.count)
    }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// A bar `value / largest` of `width` cells, in eighths of a block.
    package static func bar(_ value: Int, of largest: Int, width: Int) -> String {
        let eighths = largest > 0 ? Int((Double(value) / Double(largest) * Double(width * 8)).rounded()) : 0
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
