import QuarryBase
import QuarrySyntax

/// Aggregates over dense group ids: each loops once over the rows into per-group accumulators.
enum AggregateKernels {
    static func compute(_ aggregate: BoundAggregate, _ argument: Column?, ids: GroupIds, groups: Int) throws(Diagnostic)
        -> Column
    {
        guard let argument else { return Column(.int(counts(nil, ids: ids, groups: groups))) }
        switch aggregate.function.kind {
        case .count:
            return Column(.int(counts(argument.validity, ids: ids, groups: groups)))
        case .countDistinct:
            return Column(.int(distinctCounts(argument, ids: ids, groups: groups)))
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

    static func sum(_ argument: Column, ids: GroupIds, groups: Int, range: SourceRange) throws(Diagnostic) -> Column {
        switch argument.storage {
        case .int(let v):
            guard let (sums, counts) = intSums(v, argument.validity, ids: ids, groups: groups) else {
                throw Diagnostic.integerOverflow("sum", range: range)
            }
            return Column(.int(sums), validity: Bitmap(counts.map { $0 > 0 }))
        default:
            let (sums, counts) = compensatedSums(argument, ids: ids, groups: groups)
            return Column(.float(sums), validity: Bitmap(counts.map { $0 > 0 }))
        }
    }

    /// Rows per group (only rows holding a value when `validity` is given), on all cores.
    static func counts(_ validity: Bitmap?, ids: GroupIds, groups: Int) -> [Int64] {
        if ids.isSingle { return [Int64(validity?.setCount ?? ids.rows)] }
        let parts = RowParts.map(ids.rows, groups: groups) { range in
            var counts = [Int64](repeating: 0, count: groups)
            counts.withUnsafeMutableBufferPointer { counts in
                ids.forEach(validity, in: range) { _, g in counts[g] += 1 }
            }
            return counts
        }
        return parts.dropFirst().reduce(parts[0]) { zip($0, $1).map { $0 + $1 } }
    }

    /// Distinct values per group. Each (group, value) pair is a slot: a flag array indexed by slot
    /// when the pairs are few enough (dictionary codes make that the usual case), else a hash set.
    static func distinctCounts(_ argument: Column, ids: GroupIds, groups: Int) -> [Int64] {
        let ids = ids.materialized
        let (values, cardinality) = GroupKeys.ids(argument)
        var counts = [Int64](repeating: 0, count: groups)
        let (space, overflow) = groups.multipliedReportingOverflow(by: cardinality)
        if !overflow, space <= max(1 << 22, ids.count) {
            var seen = [Bool](repeating: false, count: space)
            ids.withUnsafeBufferPointer { ids in
                values.withUnsafeBufferPointer { values in
                    seen.withUnsafeMutableBufferPointer { seen in
                        Bitmap.forEachSet(argument.validity, in: 0..<ids.count) { row in
                            let slot = Int(ids[row]) * cardinality + Int(values[row])
                            if !seen[slot] {
                                seen[slot] = true
                                counts[Int(ids[row])] += 1
                            }
                        }
                    }
                }
            }
        } else {
            var seen = Set<Int64>()
            for row in ids.indices where argument.isValid(row) {
                if seen.insert(Int64(ids[row]) * Int64(cardinality) + Int64(values[row])).inserted { counts[Int(ids[row])] += 1 }
            }
        }
        return counts
    }

    /// Per-group sums of integers and how many values each took, on all cores; nil when a sum
    /// does not fit. A sum that wraps past the Int64 range counts the wrap (`carries`) and goes on,
    /// so whether the result fits does not depend on row order or on how the rows were split.
    static func intSums(_ values: [Int64], _ validity: Bitmap?, ids: GroupIds, groups: Int) -> (
        sums: [Int64], counts: [Int64]
    )? {
        typealias Part = (sums: [Int64], counts: [Int64], carries: [Int64])
        let parts = RowParts.map(ids.rows, groups: groups) { range -> Part in
            var sums = [Int64](repeating: 0, count: groups)
            var counts = [Int64](repeating: 0, count: groups)
            var carries = [Int64](repeating: 0, count: groups)
            values.withUnsafeBufferPointer { values in
                sums.withUnsafeMutableBufferPointer { sums in
                    counts.withUnsafeMutableBufferPointer { counts in
                        ids.forEach(validity, in: range) { row, g in
                            let (s, wrapped) = sums[g].addingReportingOverflow(values[row])
                            sums[g] = s
                            counts[g] += 1
                            if wrapped { carries[g] += values[row] > 0 ? 1 : -1 }
                        }
                    }
                }
            }
            return (sums, counts, carries)
        }
        var (sums, counts, carries) = parts[0]
        for part in parts.dropFirst() {
            for g in 0..<groups {
                let (s, wrapped) = sums[g].addingReportingOverflow(part.sums[g])
                sums[g] = s
                counts[g] += part.counts[g]
                carries[g] += part.carries[g] + (wrapped ? (part.sums[g] > 0 ? 1 : -1) : 0)
            }
        }
        return carries.allSatisfy { $0 == 0 } ? (sums, counts) : nil
    }

    /// Per-group sums of doubles with Neumaier's compensation, so the result does not depend on
    /// row order the way a plain running sum does; and the count of values per group. Infinities
    /// and NaN follow IEEE rules. Each part
    /// of the rows keeps its own sums and compensations; the parts are then added the same way.
    static func compensatedSums(_ argument: Column, ids: GroupIds, groups: Int) -> (sums: [Double], counts: [Int]) {
        typealias Part = (sums: [Double], compensation: [Double], counts: [Int])
        let values = argument.asDoubles
        let parts = RowParts.map(ids.rows, groups: groups) { range -> Part in
            var part = Part(
                [Double](repeating: 0, count: groups), [Double](repeating: 0, count: groups),
                [Int](repeating: 0, count: groups))
            values.withUnsafeBufferPointer { values in
                ids.forEach(argument.validity, in: range) { row, g in
                    neumaierAdd(values[row], to: &part.sums[g], &part.compensation[g])
                    part.counts[g] += 1
                }
            }
            return part
        }
        var (sums, compensation, counts) = parts[0]
        for part in parts.dropFirst() {
            for g in 0..<groups {
                neumaierAdd(part.sums[g], to: &sums[g], &compensation[g])
                compensation[g] += part.compensation[g]
                counts[g] += part.counts[g]
            }
        }
        // An infinite or NaN sum is already the IEEE answer (inf + 1 = inf, inf - inf = nan); its
        // compensation is meaningless then (inf - inf), and adding it would turn inf into nan.
        return (zip(sums, compensation).map { $0.isFinite ? $0 + $1 : $0 }, counts)
    }

    /// Adds `x` to a running sum, keeping the low-order bits the addition lost in `compensation`.
    @inline(__always) static func neumaierAdd(_ x: Double, to sum: inout Double, _ compensation: inout Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// min or max: the best row per group, compared in the column's own order (ties keep the
    /// first row). Numbers and dates compare as plain values in a typed loop; the rest (strings,
    /// floats with NaN, which sorts after every number) through the sort kernels' comparison.
    static func extreme(_ argument: Column, ids: GroupIds, groups: Int, wantMax: Bool) -> Column {
        let best: [Int32]
        switch argument.storage {
        case .int(let v): best = extremeRows(v, argument.validity, ids: ids, groups: groups, wantMax: wantMax)
        case .date(let v): best = extremeRows(v, argument.validity, ids: ids, groups: groups, wantMax: wantMax)
        case .timestamp(let v): best = extremeRows(v, argument.validity, ids: ids, groups: groups, wantMax: wantMax)
        case .float(let v) where !v.contains(where: \.isNaN):
            best = extremeRows(v, argument.validity, ids: ids, groups: groups, wantMax: wantMax)
        default:
            let key = SortKernels.key(argument, descending: wantMax)
            let ids = ids.materialized
            var rows = [Int32](repeating: -1, count: groups)
            for row in ids.indices where argument.isValid(row) {
                let g = Int(ids[row])
                if rows[g] < 0 || SortKernels.compare(key, row, Int(rows[g])) < 0 { rows[g] = Int32(row) }
            }
            best = rows
        }
        return argument.gather(best)
    }

    /// The row of each group's smallest (or largest) value, on all cores; -1 for a group with none.
    static func extremeRows<T: Comparable>(_ values: [T], _ validity: Bitmap?, ids: GroupIds, groups: Int, wantMax: Bool)
        -> [Int32]
    {
        let parts = RowParts.map(ids.rows, groups: groups) { range in
            var best = [Int32](repeating: -1, count: groups)
            values.withUnsafeBufferPointer { values in
                best.withUnsafeMutableBufferPointer { best in
                    ids.forEach(validity, in: range) { row, g in
                        let b = Int(best[g])
                        if b < 0 || (wantMax ? values[row] > values[b] : values[row] < values[b]) { best[g] = Int32(row) }
                    }
                }
            }
            return best
        }
        // Parts are in row order, so a later part wins only when strictly better.
        var best = parts[0]
        for part in parts.dropFirst() {
            for g in 0..<groups where part[g] >= 0 {
                let (x, b) = (part[g], best[g])
                if b < 0 || (wantMax ? values[Int(x)] > values[Int(b)] : values[Int(x)] < values[Int(b)]) { best[g] = x }
            }
        }
        return best
    }

    /// Continuous quantile: sorts each group's values and interpolates between neighbours.
    static func quantile(_ argument: Column, _ q: Double, ids: GroupIds, groups: Int) -> Column {
        let ids = ids.materialized
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
            // Equal neighbours (two infinities among them) need no interpolation: inf - inf is nan.
            out[g] = a == b ? a : a + (b - a) * (position - Double(lo))
        }
        return Column(.float(out), validity: Bitmap((0..<groups).map { counts[$0 + 1] > counts[$0] }))
    }

    /// Sample standard deviation, from each group's mean in a second pass (numerically stable).
    static func standardDeviation(_ argument: Column, ids: GroupIds, groups: Int) -> Column {
        let ids = ids.materialized
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
