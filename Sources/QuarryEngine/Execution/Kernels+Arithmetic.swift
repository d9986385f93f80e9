import QuarryBase
import QuarrySyntax

/// Arithmetic over whole columns. Each kernel loops over typed arrays; nulls propagate through
/// the validity bitmap, and a division by zero gives null rather than an error.
enum ArithmeticKernels {
    static func evaluate(
        _ op: BinaryOperator, _ left: Datum, _ right: Datum, leftType: DataType, rightType: DataType,
        resultType: DataType, count: Int, range: SourceRange
    ) throws(Diagnostic) -> Datum {
        if left.isNullScalar || right.isNullScalar { return .scalar(.null) }
        let scalarResult: Bool = {
            if case .scalar = left, case .scalar = right { return true }
            return false
        }()
        let n = scalarResult ? 1 : count
        let validity = left.validity & right.validity
        switch (leftType, rightType, resultType) {
        case (.string, .string, _):
            return concatenate(left, right, n: n, validity: validity, scalarResult: scalarResult)
        case (.date, .date, _):
            let days = mapPairs(left.dates, right.dates, n) { Int64($0) - Int64($1) }
            return makeDatum(.int(days), validity: validity, scalarResult: scalarResult)
        case (.date, _, .date), (_, .date, .date):
            return try shiftDates(
                op, left, right, dateOnLeft: leftType == .date, n: n, validity: validity,
                scalarResult: scalarResult, range: range)
        case (.int, .int, .int):
            return try integers(op, left.ints, right.ints, n: n, validity: validity, scalarResult: scalarResult, range: range)
        default:
            return floats(op, left.floats, right.floats, n: n, validity: validity, scalarResult: scalarResult)
        }
    }

    /// `+ - * %` on 64-bit integers; overflow is an error, `%` by zero is null.
    static func integers(
        _ op: BinaryOperator, _ a: Operand<Int64>, _ b: Operand<Int64>, n: Int, validity: Bitmap?,
        scalarResult: Bool, range: SourceRange
    ) throws(Diagnostic) -> Datum {
        var overflow = false
        var out: [Int64]
        var validity = validity
        switch op {
        case .add:
            out = mapPairs(a, b, n) {
                let r = $0.addingReportingOverflow($1)
                overflow = overflow || r.overflow
                return r.partialValue
            }
        case .subtract:
            out = mapPairs(a, b, n) {
                let r = $0.subtractingReportingOverflow($1)
                overflow = overflow || r.overflow
                return r.partialValue
            }
        case .multiply:
            out = mapPairs(a, b, n) {
                let r = $0.multipliedReportingOverflow(by: $1)
                overflow = overflow || r.overflow
                return r.partialValue
            }
        default:
            var zero = Bitmap(count: n, value: true)
            var anyZero = false
            out = [Int64](repeating: 0, count: n)
            for i in 0..<n {
                let divisor = b[i]
                if divisor == 0 {
                    zero.clear(i)
                    anyZero = true
                    continue
                }
                let r = a[i].remainderReportingOverflow(dividingBy: divisor)
                out[i] = r.overflow ? 0 : r.partialValue
            }
            if anyZero { validity = validity & zero }
        }
        if overflow {
            // A null row's placeholder may have overflowed; only a real value counts.
            let real = zip(0..<n, out).contains { i, _ in validity?[i] ?? true && overflowAt(op, a[i], b[i]) }
            if real { throw Diagnostic.integerOverflow("`\(op.rawValue)`", range: range) }
        }
        return makeDatum(.int(out), validity: validity, scalarResult: scalarResult)
    }

    private static func overflowAt(_ op: BinaryOperator, _ x: Int64, _ y: Int64) -> Bool {
        switch op {
        case .add: x.addingReportingOverflow(y).overflow
        case .subtract: x.subtractingReportingOverflow(y).overflow
        case .multiply: x.multipliedReportingOverflow(by: y).overflow
        default: false
        }
    }

    /// Arithmetic on floats (ints are widened); `/` and `%` by zero are null.
    static func floats(
        _ op: BinaryOperator, _ a: Operand<Double>, _ b: Operand<Double>, n: Int, validity: Bitmap?, scalarResult: Bool
    ) -> Datum {
        var validity = validity
        let out: [Double]
        switch op {
        case .add: out = mapPairs(a, b, n, +)
        case .subtract: out = mapPairs(a, b, n, -)
        case .multiply: out = mapPairs(a, b, n, *)
        default:
            var zero = Bitmap(count: n, value: true)
            var anyZero = false
            let divide = op == .divide
            out = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                for i in 0..<n {
                    let divisor = b[i]
                    if divisor == 0 {
                        zero.clear(i)
                        anyZero = true
                        buffer[i] = 0
                    } else {
                        buffer[i] = divide ? a[i] / divisor : a[i].truncatingRemainder(dividingBy: divisor)
                    }
                }
                initialized = n
            }
            if anyZero { validity = validity & zero }
        }
        return makeDatum(.float(out), validity: validity, scalarResult: scalarResult)
    }

    /// `date + int`, `int + date` and `date - int`: days added to a date.
    static func shiftDates(
        _ op: BinaryOperator, _ left: Datum, _ right: Datum, dateOnLeft: Bool, n: Int, validity: Bitmap?,
        scalarResult: Bool, range: SourceRange
    ) throws(Diagnostic) -> Datum {
        let dates = dateOnLeft ? left.dates : right.dates
        let offsets = dateOnLeft ? right.ints : left.ints
        let sign: Int64 = op == .subtract ? -1 : 1
        var outOfRange = false
        let out = mapPairs(dates, offsets, n) { (d: Int32, k: Int64) -> Int32 in
            guard let days = shiftedDay(d, by: k, sign: sign) else {
                outOfRange = true
                return 0
            }
            return days
        }
        if outOfRange {
            // A null row's placeholder may be out of range; only a real value counts.
            let real = (0..<n).contains { i in validity?[i] ?? true && shiftedDay(dates[i], by: offsets[i], sign: sign) == nil }
            if real { throw Diagnostic.dateOutOfRange(range: range) }
        }
        return makeDatum(.date(out), validity: validity, scalarResult: scalarResult)
    }

    /// `d + sign * k` days, or nil when that overflows or falls outside the years 1 to 9999.
    @inline(__always)
    static func shiftedDay(_ d: Int32, by k: Int64, sign: Int64) -> Int32? {
        let (shifted, productOverflow) = k.multipliedReportingOverflow(by: sign)
        let (days, sumOverflow) = Int64(d).addingReportingOverflow(shifted)
        guard !productOverflow, !sumOverflow, days >= CivilDate.firstDay, days <= CivilDate.lastDay else { return nil }
        return Int32(days)
    }

    /// `+` on strings: each pair of values joined.
    static func concatenate(_ left: Datum, _ right: Datum, n: Int, validity: Bitmap?, scalarResult: Bool) -> Datum {
        let a = StringAccess(left)
        let b = StringAccess(right)
        var builder = DictionaryBuilder()
        var codes = [Int32](repeating: 0, count: n)
        for i in 0..<n where validity?[i] ?? true { codes[i] = builder.code(for: a[i] + b[i]) }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return makeDatum(.string(codes: codes, dictionary: builder.build()), validity: validity, scalarResult: scalarResult)
    }
}

/// Reads strings row by row from a string column or scalar.
struct StringAccess {
    let scalar: String?
    let codes: [Int32]
    let values: [String]

    init(_ datum: Datum) {
        switch datum {
        case .scalar(.string(let s)):
            scalar = s
            codes = []
            values = []
        case .column(let c):
            if case .string(let codes, let dict) = c.storage {
                scalar = nil
                self.codes = codes
                values = dict.values
            } else {
                scalar = ""
                codes = []
                values = []
            }
        default:
            scalar = ""
            codes = []
            values = []
        }
    }

    @inline(__always) subscript(i: Int) -> String { scalar ?? values[Int(codes[i])] }
}
