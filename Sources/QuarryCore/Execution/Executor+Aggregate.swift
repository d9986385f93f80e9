extension Executor {
    /// Groups `table` by the keys (in key order, nulls last) and computes each aggregate per group.
    func aggregate(
        _ table: Table, keys: [(name: String, expr: BoundExpr)],
        aggregates: [(name: String, aggregate: BoundAggregate)]
    ) throws(Diagnostic) -> Table {
        let n = table.rowCount
        var keyColumns: [Column] = []
        for key in keys { keyColumns.append(try evaluate(key.expr, table).materialize(count: n, type: key.expr.type)) }
        var (ids, groupCount, firstRow) = GroupKeys.grouping(keyColumns, rows: n)
        if !keys.isEmpty && n == 0 { (groupCount, firstRow) = (0, []) }

        let representatives = keyColumns.map { $0.gather(firstRow) }
        let order =
            keys.isEmpty
            ? [Int32](0..<Int32(groupCount))
            : SortKernels.permutation(representatives, descending: Array(repeating: false, count: keys.count))
        var columns = representatives.map { $0.gather(order) }
        var skipped: [(text: String, nulls: Int)] = []
        for (_, aggregate) in aggregates {
            var argument: Column?
            if let expr = aggregate.argument {
                argument = try evaluate(expr, table).materialize(count: n, type: expr.type)
                if aggregate.function.kind != .count, aggregate.function.kind != .countDistinct, let argument {
                    skipped.append((aggregate.text, argument.nullCount))
                }
            }
            let perGroup = try AggregateKernels.compute(aggregate, argument, ids: ids, groups: groupCount)
            columns.append(perGroup.gather(order))
        }
        notes?.checkAggregates(skipped, rows: n)
        return Table(names: keys.map(\.name) + aggregates.map(\.name), columns: columns, rowCount: groupCount)
    }
}

/// Aggregates over dense group ids: each loops once over the rows into per-group accumulators.
enum AggregateKernels {
    static func compute(_ aggregate: BoundAggregate, _ argument: Column?, ids: [Int32], groups: Int) throws(Diagnostic) -> Column
    {
        guard let argument else {
            var counts = [Int64](repeating: 0, count: groups)
            for id in ids { counts[Int(id)] += 1 }
            return Column(.int(counts))
        }
        let valid = { (row: Int) in argument.isValid(row) }
        switch aggregate.function.kind {
        case .count:
            var counts = [Int64](repeating: 0, count: groups)
            for row in ids.indices where valid(row) { counts[Int(ids[row])] += 1 }
            return Column(.int(counts))
        case .countDistinct:
            let (values, cardinality) = GroupKeys.ids(argument)
            var seen = Set<Int64>()
            var counts = [Int64](repeating: 0, count: groups)
            for row in ids.indices where valid(row) {
                if seen.insert(Int64(ids[row]) * Int64(cardinality) + Int64(values[row])).inserted { counts[Int(ids[row])] += 1 }
            }
            return Column(.int(counts))
        case .sum:
            return try sum(argument, ids: ids, groups: groups, range: aggregate.range)
        case .avg:
            let (sums, counts) = compensatedSums(argument, ids: ids, groups: groups)
            return Column(.float(zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : 0 }), validity: Bitmap(counts.map { $0 > 0 }))
        case .min, .max:
            return extreme(argument, ids: ids, groups: groups, wantMax: aggregate.function.kind == .max)
        case .median, .quantile:
            let q = aggregate.function.kind == .median ? 0.5 : aggregate.parameter ?? 0.5
            return quantile(argument, q, ids: ids, groups: groups)
        case .stddev:
            return standardDeviation(argument, ids: ids, groups: groups)
        }
    }

    static func sum(_ argument: Column, ids: [Int32], groups: Int, range: SourceRange) throws(Diagnostic) -> Column {
        var counts = [Int](repeating: 0, count: groups)
        switch argument.storage {
        case .int(let v):
            var sums = [Int64](repeating: 0, count: groups)
            var overflow = false
            for row in ids.indices where argument.isValid(row) {
                let g = Int(ids[row])
                let (s, o) = sums[g].addingReportingOverflow(v[row])
                sums[g] = s
                overflow = overflow || o
                counts[g] += 1
            }
            if overflow { throw Diagnostic.integerOverflow("sum", range: range) }
            return Column(.int(sums), validity: Bitmap(counts.map { $0 > 0 }))
        default:
            let (sums, counts) = compensatedSums(argument, ids: ids, groups: groups)
            return Column(.float(sums), validity: Bitmap(counts.map { $0 > 0 }))
        }
    }

    /// Per-group sums of doubles with Neumaier's compensation, so the result does not depend on
    /// row order the way a plain running sum does; and the count of values per group.
    static func compensatedSums(_ argument: Column, ids: [Int32], groups: Int) -> (sums: [Double], counts: [Int]) {
        let values = argument.asDoubles
        var sums = [Double](repeating: 0, count: groups)
        var compensation = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        for row in ids.indices where argument.isValid(row) {
            let g = Int(ids[row])
            let x = values[row]
            let t = sums[g] + x
            if abs(sums[g]) >= abs(x) {
                compensation[g] += (sums[g] - t) + x
            } else {
                compensation[g] += (x - t) + sums[g]
            }
            sums[g] = t
            counts[g] += 1
        }
        return (zip(sums, compensation).map { $0 + $1 }, counts)
    }

    /// min or max: the best row per group, compared in the column's own order.
    static func extreme(_ argument: Column, ids: [Int32], groups: Int, wantMax: Bool) -> Column {
        let key = SortKernels.key(argument, descending: wantMax)
        var best = [Int32](repeating: -1, count: groups)
        for row in ids.indices where argument.isValid(row) {
            let g = Int(ids[row])
            if best[g] < 0 || SortKernels.compare(key, row, Int(best[g])) < 0 { best[g] = Int32(row) }
        }
        return argument.gather(best)
    }

    /// Continuous quantile: sorts each group's values and interpolates between neighbours.
    static func quantile(_ argument: Column, _ q: Double, ids: [Int32], groups: Int) -> Column {
        let values = argument.asDoubles
        var counts = [Int](repeating: 0, count: groups + 1)
        for row in ids.indices where argument.isValid(row) { counts[Int(ids[row]) + 1] += 1 }
        for g in 0..<groups { counts[g + 1] += counts[g] }
        var fill = counts
        var sorted = [Double](repeating: 0, count: counts[groups])
        for row in ids.indices where argument.isValid(row) {
            let g = Int(ids[row])
            sorted[fill[g]] = values[row]
            fill[g] += 1
        }
        var out = [Double](repeating: 0, count: groups)
        for g in 0..<groups where counts[g + 1] > counts[g] {
            sorted[counts[g]..<counts[g + 1]].sort()
            let slice = sorted[counts[g]..<counts[g + 1]]
            let position = q * Double(slice.count - 1)
            let lo = Int(position.rounded(.down))
            let hi = Int(position.rounded(.up))
            let a = slice[slice.startIndex + lo]
            let b = slice[slice.startIndex + hi]
            out[g] = a + (b - a) * (position - Double(lo))
        }
        return Column(.float(out), validity: Bitmap((0..<groups).map { counts[$0 + 1] > counts[$0] }))
    }

    /// Sample standard deviation, from each group's mean in a second pass (numerically stable).
    static func standardDeviation(_ argument: Column, ids: [Int32], groups: Int) -> Column {
        let values = argument.asDoubles
        var sums = [Double](repeating: 0, count: groups)
        var counts = [Int](repeating: 0, count: groups)
        for row in ids.indices where argument.isValid(row) {
            sums[Int(ids[row])] += values[row]
            counts[Int(ids[row])] += 1
        }
        let means = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : 0 }
        var squares = [Double](repeating: 0, count: groups)
        for row in ids.indices where argument.isValid(row) {
            let d = values[row] - means[Int(ids[row])]
            squares[Int(ids[row])] += d * d
        }
        let out = (0..<groups).map { counts[$0] > 1 ? (squares[$0] / Double(counts[$0] - 1)).squareRoot() : 0 }
        return Column(.float(out), validity: Bitmap(counts.map { $0 > 1 }))
    }
}

extension Column {
    /// The values as doubles (ints widened), for numeric aggregates.
    var asDoubles: [Double] {
        switch storage {
        case .float(let v): v
        case .int(let v): v.map { Double($0) }
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .date(let v): v.map { Double($0) }
        case .timestamp(let v): v.map { Double($0) }
        case .string: Array(repeating: 0, count: count)
        }
    }
}
