import QuarryBase
import QuarrySyntax

/// Comparisons over whole columns, giving a bool column. Strings compare through their
/// dictionaries: a predicate against one value is decided once per distinct string, then
/// looked up by code for every row.
enum CompareKernels {
    static func evaluate(
        _ op: BinaryOperator, _ left: Datum, _ right: Datum, leftType: DataType, rightType: DataType, count: Int
    ) -> Datum {
        if left.isNullScalar || right.isNullScalar { return .scalar(.null) }
        let scalarResult: Bool = {
            if case .scalar = left, case .scalar = right { return true }
            return false
        }()
        let n = scalarResult ? 1 : count
        let validity = left.validity & right.validity
        let out: [Bool]
        switch (leftType, rightType) {
        case (.int, .int): out = compare(op, left.ints, right.ints, n)
        case (.date, .date): out = compare(op, left.dates, right.dates, n)
        case (.timestamp, .timestamp): out = compare(op, left.timestamps, right.timestamps, n)
        case (.bool, .bool): out = compare(op, left.ints, right.ints, n)
        case (.string, .string): out = strings(op, left, right, n)
        default: out = compare(op, left.floats, right.floats, n)
        }
        return makeDatum(.bool(out), validity: validity, scalarResult: scalarResult)
    }

    static func compare<T: Comparable>(_ op: BinaryOperator, _ a: Operand<T>, _ b: Operand<T>, _ n: Int) -> [Bool] {
        switch op {
        case .equal: mapPairs(a, b, n, ==)
        case .notEqual: mapPairs(a, b, n, !=)
        case .less: mapPairs(a, b, n, <)
        case .lessEqual: mapPairs(a, b, n, <=)
        case .greater: mapPairs(a, b, n, >)
        default: mapPairs(a, b, n, >=)
        }
    }

    static func holds(_ op: BinaryOperator, _ a: String, _ b: String) -> Bool {
        switch op {
        case .equal: a == b
        case .notEqual: a != b
        case .less: StringDictionary.lessUTF8(a, b)
        case .lessEqual: !StringDictionary.lessUTF8(b, a)
        case .greater: StringDictionary.lessUTF8(b, a)
        default: !StringDictionary.lessUTF8(a, b)
        }
    }

    static func strings(_ op: BinaryOperator, _ left: Datum, _ right: Datum, _ n: Int) -> [Bool] {
        switch (left, right) {
        case (.scalar(.string(let a)), .scalar(.string(let b))):
            return [holds(op, a, b)]
        case (.column(let c), .scalar(.string(let s))):
            return perCode(c) { holds(op, $0, s) }
        case (.scalar(.string(let s)), .column(let c)):
            return perCode(c) { holds(op, s, $0) }
        case (.column(let a), .column(let b)):
            guard case .string(let codesA, let dictA) = a.storage, case .string(let codesB, let dictB) = b.storage else {
                return Array(repeating: false, count: n)
            }
            if dictA === dictB, op == .equal || op == .notEqual {
                return compare(op, Operand(array: codesA), Operand(array: codesB), n)
            }
            let (ranksA, ranksB) = sharedRanks(dictA, dictB)
            let x = codesA.map { ranksA[Int($0)] }
            let y = codesB.map { ranksB[Int($0)] }
            return compare(op, Operand(array: x), Operand(array: y), n)
        default:
            return Array(repeating: false, count: n)
        }
    }

    /// Evaluates `predicate` once per dictionary entry, then reads the answer by code per row.
    static func perCode(_ column: Column, _ predicate: (String) -> Bool) -> [Bool] {
        guard case .string(let codes, let dict) = column.storage else { return [] }
        let answers = dict.values.map(predicate)
        return answers.withUnsafeBufferPointer { table in codes.map { table[Int($0)] } }
    }

    /// Ranks for two dictionaries in one shared byte-wise order, so codes of both compare as ints.
    static func sharedRanks(_ a: StringDictionary, _ b: StringDictionary) -> ([Int32], [Int32]) {
        let merged = StringDictionary(a.values + b.values)
        let ranks = merged.ranks()
        return (Array(ranks[0..<a.count]), Array(ranks[a.count...]))
    }
}

/// `and`, `or`, `not` with SQL's three-valued logic: null and false is false, null or true is true.
enum LogicKernels {
    static func evaluate(_ op: BinaryOperator, _ left: Datum, _ right: Datum, count: Int) -> Datum {
        let scalarResult: Bool = {
            if case .scalar = left, case .scalar = right { return true }
            return false
        }()
        let n = scalarResult ? 1 : count
        let (a, aValid) = unpack(left)
        let (b, bValid) = unpack(right)
        var values = [Bool](repeating: false, count: n)
        var validity = Bitmap(count: n, value: true)
        let isAnd = op == .and
        for i in 0..<n {
            let x = a[i]
            let y = b[i]
            let xv = aValid[i]
            let yv = bValid[i]
            if isAnd {
                if (xv && !x) || (yv && !y) { values[i] = false } else if xv && yv { values[i] = true } else { validity.clear(i) }
            } else {
                if (xv && x) || (yv && y) { values[i] = true } else if xv && yv { values[i] = false } else { validity.clear(i) }
            }
        }
        return makeDatum(.bool(values), validity: validity, scalarResult: scalarResult)
    }

    static func not(_ operand: Datum) -> Datum {
        switch operand {
        case .scalar(.bool(let b)): return .scalar(.bool(!b))
        case .scalar: return .scalar(.null)
        case .column(let c):
            guard case .bool(let v) = c.storage else { return operand }
            return .column(Column(.bool(v.map { !$0 }), validity: c.validity))
        }
    }

    /// A bool operand and a validity operand for a datum.
    private static func unpack(_ d: Datum) -> (Operand<Bool>, Operand<Bool>) {
        switch d {
        case .scalar(.bool(let b)): return (Operand(scalar: b), Operand(scalar: true))
        case .scalar: return (Operand(scalar: false), Operand(scalar: false))
        case .column(let c):
            let values = d.bools
            guard let validity = c.validity else { return (values, Operand(scalar: true)) }
            return (values, Operand(array: (0..<c.count).map { validity[$0] }))
        }
    }
}
