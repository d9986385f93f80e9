import QuarryBase
import QuarrySyntax

/// Turns key columns into dense integer ids, so grouping and joining index plain arrays.
///
/// Strings use their dictionary codes directly (no hashing per row); other types hash the
/// value once per row into a map of distinct values.
enum GroupKeys {
    /// An id per row (nulls share one id) and the number of ids used.
    static func ids(_ column: Column, method: KeyIds? = nil) -> (ids: [Int32], cardinality: Int) {
        if method == .hashed {
            switch column.storage {
            case .int(let v), .timestamp(let v): return hashedIds(v, column.validity)
            case .date(let v): return hashedIds(v.map { Int64($0) }, column.validity)
            default: break
            }
        }
        switch column.storage {
        case .string(let codes, let dict):
            guard let validity = column.validity else { return (codes, dict.count) }
            let nullId = Int32(dict.count)
            return ((0..<codes.count).map { validity[$0] ? codes[$0] : nullId }, dict.count + 1)
        case .bool(let v):
            return ((0..<v.count).map { column.isValid($0) ? (v[$0] ? 1 : 0) : 2 }, 3)
        case .int(let v): return hashIds(v, column.validity)
        case .date(let v): return hashIds(v.map { Int64($0) }, column.validity)
        case .timestamp(let v): return hashIds(v, column.validity)
        case .float(let v): return hashIds(v.map { floatKey($0) }, column.validity)
        }
    }

    /// A key for a double that treats 0.0 and -0.0 (and every NaN) as one value.
    @inline(__always) static func floatKey(_ x: Double) -> Int64 {
        if x == 0 { return 0 }
        if x.isNaN { return Int64(bitPattern: Double.nan.bitPattern) }
        return Int64(bitPattern: x.bitPattern)
    }

    static func hashIds(_ values: [Int64], _ validity: Bitmap?) -> (ids: [Int32], cardinality: Int) {
        denseIds(values, validity) ?? hashedIds(values, validity)
    }

    /// Ids through a hash map of the distinct values, numbered by first appearance.
    static func hashedIds(_ values: [Int64], _ validity: Bitmap?) -> (ids: [Int32], cardinality: Int) {
        var map = [Int64: Int32]()
        var ids = [Int32](repeating: 0, count: values.count)
        var next: Int32 = 0
        var nullId: Int32 = -1
        for i in values.indices {
            // After Ctrl-C the rest keep id 0: the caller throws before the ids are used.
            if i & (Cancellation.rowsBetweenChecks - 1) == 0, Cancellation.isRequested { return (ids, max(1, Int(next))) }
            if let validity, !validity[i] {
                if nullId < 0 {
                    nullId = next
                    next += 1
                }
                ids[i] = nullId
            } else if let id = map[values[i]] {
                ids[i] = id
            } else {
                map[values[i]] = next
                ids[i] = next
                next += 1
            }
        }
        return (ids, Int(next))
    }

    /// When the values span a small range (years, months, days, small codes), an array indexed
    /// by value replaces the hash map: one load and store per row.
    static func denseIds(_ values: [Int64], _ validity: Bitmap?) -> (ids: [Int32], cardinality: Int)? {
        guard let (low, high) = RangeKernels.minMax(values, validity) else { return nil }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < Int64(Int32.max), Tuning.denseIdsFit(span: Int(span), rows: values.count) else { return nil }
        var slot = [Int32](repeating: -1, count: Int(span) + 1)
        var next: Int32 = 0
        var nullId: Int32 = -1
        let ids = [Int32](unsafeUninitializedCapacity: values.count) { ids, initialized in
            values.withUnsafeBufferPointer { v in
                slot.withUnsafeMutableBufferPointer { slot in
                    let words = validity?.words ?? []
                    for i in 0..<v.count {
                        if validity != nil, words[i >> 6] & (1 << UInt64(i & 63)) == 0 {
                            if nullId < 0 {
                                nullId = next
                                next += 1
                            }
                            ids[i] = nullId
                            continue
                        }
                        let s = Int(v[i] &- low)
                        if slot[s] < 0 {
                            slot[s] = next
                            next += 1
                        }
                        ids[i] = slot[s]
                    }
                }
            }
            initialized = values.count
        }
        return (ids, Int(next))
    }

    /// Dense group ids over several key columns, numbered by first appearance.
    static func grouping(_ keys: [Column], rows: Int, methods: [KeyIds]? = nil) -> (
        ids: [Int32], groupCount: Int, firstRow: [Int32]
    ) {
        guard let first = keys.first else {
            return ([Int32](repeating: 0, count: rows), 1, [0])
        }
        var (ids, cardinality) = ids(first, method: methods?.first)
        if keys.count == 1, first.type == .string || first.type == .bool {
            // Hashed and dense ids are numbered by first appearance; dictionary codes are not.
            (ids, cardinality) = compact(ids, space: cardinality)
        }
        // Each combination with a further key is renumbered by first appearance as it is made.
        for (k, key) in keys.enumerated().dropFirst() {
            let (more, moreCardinality) = GroupKeys.ids(key, method: methods?[k])
            let (product, overflow) = cardinality.multipliedReportingOverflow(by: moreCardinality)
            if !overflow, Tuning.combinedIdsFit(pairs: product, rows: rows) {
                let combined = (0..<rows).map { Int64(ids[$0]) * Int64(moreCardinality) + Int64(more[$0]) }
                (ids, cardinality) = compact(combined, space: product)
            } else {
                let combined = (0..<rows).map { Int64(ids[$0]) << 32 | Int64(more[$0]) }
                (ids, cardinality) = compact(combined, space: nil)
            }
        }
        return (ids, cardinality, firstRows(ids, count: cardinality))
    }

    /// The groups some row reached (`seen`), and each group's number among those (-1 for a group
    /// no row reached): groups that would be empty are dropped by renumbering.
    static func reached(_ seen: [Bool]) -> (kept: [Int32], renumbered: [Int32]) {
        let kept = seen.indices.filter { seen[$0] }.map { Int32($0) }
        guard kept.count < seen.count else { return (kept, kept) }
        var renumbered = [Int32](repeating: -1, count: seen.count)
        for (new, old) in kept.enumerated() { renumbered[Int(old)] = Int32(new) }
        return (kept, renumbered)
    }

    /// The first row of each id.
    static func firstRows(_ ids: [Int32], count: Int) -> [Int32] {
        var first = [Int32](repeating: -1, count: count)
        var found = 0
        ids.withUnsafeBufferPointer { ids in
            first.withUnsafeMutableBufferPointer { first in
                for row in 0..<ids.count where first[Int(ids[row])] < 0 {
                    first[Int(ids[row])] = Int32(row)
                    found += 1
                    // Ids are numbered by first appearance: once all are seen, the rest adds nothing.
                    if found == count { break }
                }
            }
        }
        return first
    }

    /// Renumbers ids by first appearance: through an array indexed by id when `space` bounds
    /// them, else through a hash map.
    static func compact<T: BinaryInteger & Hashable>(_ ids: [T], space: Int?) -> (ids: [Int32], count: Int) {
        var count: Int32 = 0
        let out = [Int32](unsafeUninitializedCapacity: ids.count) { out, initialized in
            ids.withUnsafeBufferPointer { source in
                if let space {
                    var map = [Int32](repeating: -1, count: space)
                    for i in 0..<source.count {
                        let k = Int(source[i])
                        if map[k] < 0 {
                            map[k] = count
                            count += 1
                        }
                        out[i] = map[k]
                    }
                } else {
                    var map = [T: Int32]()
                    for i in 0..<source.count {
                        // After Ctrl-C the rest get id 0: the caller throws before the ids are used.
                        if i & (Cancellation.rowsBetweenChecks - 1) == 0, Cancellation.isRequested {
                            (out.baseAddress! + i).initialize(repeating: 0, count: source.count - i)
                            count = max(count, 1)
                            break
                        }
                        if let id = map[source[i]] {
                            out[i] = id
                        } else {
                            map[source[i]] = count
                            out[i] = count
                            count += 1
                        }
                    }
                }
            }
            initialized = ids.count
        }
        return (out, Int(count))
    }

    /// Ids for two key columns in one shared space, for joins; nulls get -1 and never match.
    static func sharedIds(_ a: Column, _ b: Column) -> ([Int32], [Int32], Int) {
        if case .string(let codesA, let dictA) = a.storage, case .string(let codesB, let dictB) = b.storage {
            let toA: [Int32] = dictA === dictB ? Array(0..<Int32(dictB.count)) : dictB.values.map { dictA.code(of: $0) ?? -1 }
            let idsA = a.validity == nil ? codesA : (0..<codesA.count).map { a.isValid($0) ? codesA[$0] : -1 }
            let idsB = (0..<codesB.count).map { b.isValid($0) ? toA[Int(codesB[$0])] : -1 }
            return (idsA, idsB, dictA.count)
        }
        let keysA = joinKeys(a, asFloat: a.type == .float || b.type == .float)
        let keysB = joinKeys(b, asFloat: a.type == .float || b.type == .float)
        var map = [Int64: Int32]()
        var idsA = [Int32](repeating: -1, count: keysA.count)
        for i in keysA.indices where a.isValid(i) {
            // After Ctrl-C the rest match nothing: the caller throws before the ids are used.
            if i & (Cancellation.rowsBetweenChecks - 1) == 0, Cancellation.isRequested { break }
            if let id = map[keysA[i]] {
                idsA[i] = id
            } else {
                let id = Int32(map.count)
                map[keysA[i]] = id
                idsA[i] = id
            }
        }
        if Cancellation.isRequested { return (idsA, [Int32](repeating: -1, count: keysB.count), map.count) }
        let idsB = (0..<keysB.count).map { b.isValid($0) ? map[keysB[$0]] ?? -1 : -1 }
        return (idsA, idsB, map.count)
    }

    static func joinKeys(_ column: Column, asFloat: Bool) -> [Int64] {
        switch column.storage {
        case .int(let v): asFloat ? v.map { floatKey(Double($0)) } : v
        case .float(let v): v.map(floatKey)
        case .date(let v): v.map { Int64($0) }
        case .timestamp(let v): v
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .string(let codes, _): codes.map { Int64($0) }
        }
    }
}
