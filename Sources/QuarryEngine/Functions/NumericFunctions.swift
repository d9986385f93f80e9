import Glibc
import QuarryBase
import QuarrySyntax

/// Number functions (rounding, absolute values, roots, powers, logarithms), plus the conditionals
/// `coalesce` and `if`.
enum NumericFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction(
            name: "round", signature: "round(x: number[, digits: int]) -> number",
            summary: "x rounded half away from zero, to digits decimal places (default 0)",
            example: "layoffs select company, pct = round(percentage_laid_off * 100, 1)", arity: 1...2,
            resolve: roundTypes
        ) { args, n, _ in
            let digits = args.count > 1 ? args[1].ints : Operand(scalar: 0)
            return unaryNumeric(
                args[0], n, validity: combinedValidity(args),
                int: { x, i in
                    let d = digits[i]
                    guard d < 0 else { return x }
                    let scale = Double(sign: .plus, exponent: 0, significand: pow(10, Double(-max(d, -18))))
                    return Int64(exactly: (Double(x) / scale).rounded(.toNearestOrAwayFromZero) * scale) ?? x
                },
                float: { x, i in
                    let scale = pow(10, Double(max(-300, min(300, digits[i]))))
                    let r = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
                    return r.isFinite ? r : x
                })
        },
        ScalarFunction(
            name: "abs", signature: "abs(x: number) -> number", summary: "the absolute value",
            example: "layoffs derive change = abs(total_laid_off - 100)", arity: 1...1,
            resolve: numericSame
        ) { args, n, range throws(Diagnostic) in
            if case .int = args[0].type, args[0].containsIntMin {
                throw Diagnostic.integerOverflow("abs", range: range)
            }
            return unaryNumeric(
                args[0], n, validity: args[0].validity, int: { x, _ in x.magnitude > UInt64(Int64.max) ? x : abs(x) },
                float: { x, _ in abs(x) })
        },
        ScalarFunction(
            name: "floor", signature: "floor(x: number) -> number", summary: "the largest whole number not above x",
            example: "layoffs select floor(funds_raised)", arity: 1...1, resolve: numericSame
        ) { args, n, _ in
            unaryNumeric(args[0], n, validity: args[0].validity, int: { x, _ in x }, float: { x, _ in x.rounded(.down) })
        },
        ScalarFunction(
            name: "ceil", signature: "ceil(x: number) -> number", summary: "the smallest whole number not below x",
            example: "layoffs select ceil(funds_raised)", arity: 1...1, resolve: numericSame
        ) { args, n, _ in
            unaryNumeric(args[0], n, validity: args[0].validity, int: { x, _ in x }, float: { x, _ in x.rounded(.up) })
        },
        ScalarFunction(
            name: "coalesce", signature: "coalesce(a, b, ...) -> same type",
            summary: "the first of its arguments that is not null",
            example: "layoffs select company, laid_off = coalesce(total_laid_off, 0)", arity: 1...64,
            resolve: commonType
        ) { args, n, _ in
            if allScalar(args) { return args.first { !$0.isNullScalar } ?? .scalar(.null) }
            var pick = [Int8](repeating: -1, count: n)
            for (k, arg) in args.enumerated().reversed() {
                switch arg {
                case .scalar(.null): continue
                case .scalar: pick = Array(repeating: Int8(k), count: n)
                case .column(let c): for i in 0..<n where c.isValid(i) { pick[i] = Int8(k) }
                }
            }
            return .column(choose(args, pick, n))
        },
        ScalarFunction(
            name: "if", signature: "if(condition: bool, then, else) -> same type",
            summary: "then where the condition is true, else where it is false or null",
            example: "layoffs select company, size = if(total_laid_off > 1000, \"large\", \"small\")", arity: 3...3,
            sql: { "(CASE WHEN \($0[0]) THEN \($0[1]) ELSE \($0[2]) END)" },
            resolve: conditionalTypes,
            kernel: { args, n, _ in
                let rows = allScalar(args) ? 1 : n
                let condition = args[0].bools
                let valid = args[0].validity
                let pick = (0..<rows).map { i -> Int8 in (valid?[i] ?? true) && !args[0].isNullScalar && condition[i] ? 0 : 1 }
                let column = choose(Array(args[1...]), pick, rows)
                return allScalar(args) ? .scalar(column.value(at: 0)) : .column(column)
            }),
        math(
            "sqrt", "sqrt(x: number) -> float", "the square root; null for a negative x",
            "countries select country, root = sqrt(population)", sql: "sqrt"
        ) { $0[0].squareRoot() },
        math(
            "power", "power(x: number, y: number) -> float", "x to the power y; null where that is not a finite number",
            "countries select country, squared = power(population, 2)", arity: 2, sql: "power"
        ) { Glibc.pow($0[0], $0[1]) },
        math(
            "ln", "ln(x: number) -> float", "the natural logarithm; null for x of zero or less",
            "layoffs select company, size = ln(total_laid_off)", sql: "ln"
        ) { Glibc.log($0[0]) },
        math(
            "log10", "log10(x: number) -> float", "the base-10 logarithm; null for x of zero or less",
            "layoffs select company, digits = floor(log10(total_laid_off)) + 1", sql: "log10"
        ) { Glibc.log10($0[0]) },
        math(
            "exp", "exp(x: number) -> float", "e to the power x; null where that is too large for a float",
            "countries select growth = exp(0.05 * 10)", sql: "exp"
        ) { Glibc.exp($0[0]) },
    ]

    /// A function of float arguments (ints convert) giving a float. Like a division by zero, a
    /// result that is not a finite number (the root of a negative, the logarithm of zero, an
    /// overflow) is null; the SQL form says the same in the dialect.
    static func math(
        _ name: String, _ signature: String, _ summary: String, _ example: String, arity: Int = 1, sql: String,
        _ f: @escaping @Sendable ([Double]) -> Double
    ) -> ScalarFunction {
        ScalarFunction(
            name: name, signature: signature, summary: summary, example: example, arity: arity...arity,
            sql: { call in call.dialect.finiteOrNull("\(sql)(\(call.arguments.joined(separator: ", ")))") },
            resolve: exactly(Array(repeating: .float, count: arity), result: .float),
            kernel: { args, n, _ in
                if args.contains(where: \.isNullScalar) { return .scalar(.null) }
                let scalar = allScalar(args)
                let rows = scalar ? 1 : n
                let operands = args.map(\.floats)
                var validity = combinedValidity(args) ?? Bitmap(count: rows, value: true)
                var values = [Double](repeating: 0, count: rows)
                var x = [Double](repeating: 0, count: arity)
                for i in 0..<rows {
                    for k in 0..<arity { x[k] = operands[k][i] }
                    let y = f(x)
                    if y.isFinite { values[i] = y } else { validity.clear(i) }
                }
                return makeDatum(.float(values), validity: validity, scalarResult: scalar)
            })
    }

    static let roundTypes: ScalarFunction.Resolve = { types in
        guard let t = types.first, t.isNumeric || t == .null, types.count == 1 || types[1] == .int else { return nil }
        return (types.count == 1 ? [t] : [t, .int], t == .null ? .float : t)
    }

    /// Every argument converted to the arguments' common type.
    static let commonType: ScalarFunction.Resolve = { types in
        unify(types).map { (Array(repeating: $0, count: types.count), $0) }
    }

    static let conditionalTypes: ScalarFunction.Resolve = { types in
        guard types[0] == .bool || types[0] == .null, let t = unify([types[1], types[2]]) else { return nil }
        return ([.bool, t, t], t)
    }

    static let numericSame: ScalarFunction.Resolve = { types in
        guard let t = types.first, t.isNumeric || t == .null else { return nil }
        return ([t], t == .null ? .float : t)
    }

    /// A one-argument number function on an int or float column.
    static func unaryNumeric(_ x: Datum, _ n: Int, validity: Bitmap?, int: (Int64, Int) -> Int64, float: (Double, Int) -> Double)
        -> Datum
    {
        let scalar = { if case .scalar = x { true } else { false } }()
        let rows = scalar ? 1 : n
        switch x {
        case .scalar(.null): return .scalar(.null)
        case _ where x.type == .int:
            let a = x.ints
            return makeDatum(.int((0..<rows).map { int(a[$0], $0) }), validity: validity, scalarResult: scalar)
        default:
            let a = x.floats
            return makeDatum(.float((0..<rows).map { float(a[$0], $0) }), validity: validity, scalarResult: scalar)
        }
    }
}

/// The common type of several values: equal types, int with float, or null with anything.
func unify(_ types: [DataType]) -> DataType? {
    var result = DataType.null
    for t in types where t != .null {
        if result == .null || result == t {
            result = t
        } else if result.isNumeric && t.isNumeric {
            result = .float
        } else {
            return nil
        }
    }
    return result
}

/// Builds a column taking row `i` from argument `pick[i]` (-1 for null). Arguments share one type.
func choose(_ args: [Datum], _ pick: [Int8], _ n: Int) -> Column {
    let type =
        args.compactMap { d -> DataType? in
            if case .column(let c) = d { return c.type }
            if case .scalar(let v) = d, !v.isNull { return v.type }
            return nil
        }.first ?? .string
    let sources = args.map { $0.materialize(count: n, type: type) }
    var valid = Bitmap(count: n, value: false)
    for i in 0..<n where pick[i] >= 0 && sources[Int(pick[i])].isValid(i) { valid.set(i) }
    /// Row i of the picked source's typed array.
    func gathered<T>(_ arrays: [[T]], _ filler: T) -> [T] {
        (0..<n).map { i in pick[i] >= 0 ? arrays[Int(pick[i])][i] : filler }
    }
    switch type {
    case .int: return Column(.int(gathered(sources.map { $0.intValues }, 0)), validity: valid)
    case .float: return Column(.float(gathered(sources.map { $0.floatValues }, 0)), validity: valid)
    case .bool: return Column(.bool(gathered(sources.map { $0.boolValues }, false)), validity: valid)
    case .date: return Column(.date(gathered(sources.map { $0.dateValues }, 0)), validity: valid)
    case .timestamp: return Column(.timestamp(gathered(sources.map { $0.timestampValues }, 0)), validity: valid)
    case .string, .null:
        var builder = DictionaryBuilder()
        var codes = [Int32](repeating: 0, count: n)
        for i in 0..<n where valid[i] {
            guard case .string(let cs, let dict) = sources[Int(pick[i])].storage else { continue }
            codes[i] = builder.code(for: dict.values[Int(cs[i])])
        }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return Column(.string(codes: codes, dictionary: builder.build()), validity: valid)
    }
}

extension Datum {
    /// True when an int operand holds Int64.min in a valid row (whose absolute value overflows).
    var containsIntMin: Bool {
        switch self {
        case .scalar(.int(let x)): return x == .min
        case .column(let c):
            guard case .int(let v) = c.storage else { return false }
            return v.indices.contains { v[$0] == .min && c.isValid($0) }
        default: return false
        }
    }
}
