import QuarryBase

/// `x in (a, b, ...)`: a hash-set lookup per row (per distinct value for strings).
/// Following SQL, a null in the list makes a non-match null rather than false.
enum MembershipKernel {
    static func evaluate(_ operand: Datum, type: DataType, values: [Value], negated: Bool, count: Int) -> Datum {
        let listHasNull = values.contains { $0.isNull }
        let scalar = { if case .scalar = operand { true } else { false } }()
        if operand.isNullScalar { return .scalar(.null) }
        let n = scalar ? 1 : count
        var found: [Bool]
        switch type {
        case .string:
            let set = Set(values.compactMap { if case .string(let s) = $0 { s } else { nil } })
            if case .scalar(.string(let s)) = operand {
                found = [set.contains(s)]
            } else if case .column(let c) = operand {
                found = CompareKernels.perCode(c) { set.contains($0) }
            } else {
                found = []
            }
        case .int where values.allSatisfy({ if case .float = $0 { false } else { true } }), .date, .bool, .timestamp:
            let set = Set(
                values.compactMap { v -> Int64? in
                    switch v {
                    case .int(let x): x
                    case .date(let d): Int64(d)
                    case .timestamp(let t): t
                    case .bool(let b): b ? 1 : 0
                    default: nil
                    }
                })
            let keys: Operand<Int64>
            switch type {
            case .date:
                let d = operand.dates
                keys = Operand(array: (0..<n).map { Int64(d[$0]) })
            case .timestamp: keys = operand.timestamps
            default: keys = operand.ints
            }
            found = (0..<n).map { set.contains(keys[$0]) }
        default:
            let set = Set(
                values.compactMap { v -> Double? in
                    switch v {
                    case .int(let x): Double(x)
                    case .float(let x): x
                    default: nil
                    }
                })
            let keys = operand.floats
            found = (0..<n).map { set.contains(keys[$0]) }
        }
        var validity = operand.validity ?? Bitmap(count: n, value: true)
        if listHasNull { for i in 0..<n where !found[i] { validity.clear(i) } }
        if negated { found = found.map { !$0 } }
        return makeDatum(.bool(found), validity: validity, scalarResult: scalar)
    }
}
