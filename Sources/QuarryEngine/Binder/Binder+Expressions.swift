import QuarryBase
import QuarrySyntax

extension Binder {
    /// Finds a column: by exact name, else case-insensitively when only one column matches.
    func resolveColumn(_ name: String, _ range: SourceRange, _ schema: Schema) throws(Diagnostic) -> Int {
        switch schema.lookup(name) {
        case .found(let i): return i
        case .ambiguous(let matches): throw Diagnostic.ambiguousColumn(name, matches: matches, range: range)
        case .missing: break
        }
        var hint: String?
        // `year` written as a column: the date parts are the functions named after themselves.
        if FunctionRegistry.scalars[name.lowercased()]?.naming == .functionOnly,
            let dateColumn = schema.types.firstIndex(of: .date)
        {
            hint = "to use the \(name.lowercased()) of a date, write \(name.lowercased())(\(display(schema.names[dateColumn])))"
        }
        throw Diagnostic.unknownColumn(name, known: schema.names, range: range, hint: hint)
    }

    /// Binds an expression over `schema`; aggregates are not allowed here (`context` names the clause).
    func bindExpr(_ expr: Expr, _ schema: Schema, context: String) throws(Diagnostic) -> BoundExpr {
        try bindExpr(expr, schema, context: context, aggregate: nil)
    }

    /// Binds an expression; `aggregate` (when given) binds aggregate calls for a group by.
    func bindExpr(
        _ expr: Expr, _ schema: Schema, context: String,
        aggregate: ((Expr, String, [Expr]) throws(Diagnostic) -> BoundExpr)?
    ) throws(Diagnostic) -> BoundExpr {
        func bind(_ e: Expr) throws(Diagnostic) -> BoundExpr { try bindExpr(e, schema, context: context, aggregate: aggregate) }
        let range = expr.range
        switch expr.kind {
        case .literal(let v):
            return BoundExpr(kind: .constant(v), type: v.type, range: range)

        case .column(let name):
            let i = try resolveColumn(name, range, schema)
            return BoundExpr(kind: .column(i), type: schema.types[i], range: range)

        case .negate(let operand):
            let x = try bind(operand)
            guard x.type.isNumeric || x.type == .null else {
                throw Diagnostic.typeMismatch("cannot negate \(x.type.name); `-` needs a number", range: range)
            }
            return BoundExpr(kind: .negate(x), type: x.type == .null ? .int : x.type, range: range)

        case .not(let operand):
            let x = try bind(operand)
            guard x.type == .bool || x.type == .null else {
                throw Diagnostic.typeMismatch("`not` needs a true/false value, but this is \(x.type.name)", range: operand.range)
            }
            return BoundExpr(kind: .not(x), type: .bool, range: range)

        case .binary(let op, let l, let r):
            return try bindBinary(op, try bind(l), try bind(r), range)

        case .isNull(let operand, let negated):
            return BoundExpr(kind: .isNull(try bind(operand), negated: negated), type: .bool, range: range)

        case .inList(let operand, let items, let negated):
            let x = try bind(operand)
            var values: [Value] = []
            for item in items {
                let bound = try coerceForComparison(try bind(item), to: x.type, operatorRange: item.range)
                guard case .constant(let v) = bound.kind else {
                    throw Diagnostic.typeMismatch(
                        "the list after `in` must hold constant values", range: item.range,
                        hint: "compare with `or` instead: a = b or a = c")
                }
                guard comparable(x.type, bound.type) else {
                    throw Diagnostic.typeMismatch("cannot compare \(x.type.name) with \(bound.type.name)", range: item.range)
                }
                values.append(v)
            }
            return BoundExpr(kind: .inList(x, values, negated: negated), type: .bool, range: range)

        case .call(let name, let nameRange, let arguments):
            let lower = name.lowercased()
            if FunctionRegistry.aggregates[lower] != nil {
                guard let aggregate else { throw Diagnostic.aggregateNotAllowed(lower, clause: context, range: range) }
                return try aggregate(expr, lower, arguments)
            }
            guard let function = FunctionRegistry.scalars[lower] else {
                throw Diagnostic.unknownFunction(name, known: FunctionRegistry.allNames, range: nameRange)
            }
            guard function.arity.contains(arguments.count) else {
                throw Diagnostic.wrongArgumentCount(
                    lower, function.signature, takes: function.arity, given: arguments.count, range: range)
            }
            var bound: [BoundExpr] = []
            for argument in arguments { bound.append(try bind(argument)) }
            // A text literal where a date is wanted reads as a date: year("2024-05-01").
            if function.resolve(bound.map(\.type)) == nil {
                let retried = try bound.map { (b: BoundExpr) throws(Diagnostic) in
                    try coerceForComparison(b, to: .date, operatorRange: b.range)
                }
                if function.resolve(retried.map(\.type)) != nil { bound = retried }
            }
            guard let (wanted, result) = function.resolve(bound.map(\.type)) else {
                let given = bound.map(\.type.name).joined(separator: ", ")
                throw Diagnostic.typeMismatch(
                    "\(lower) cannot take (\(given))", range: range,
                    hint: "it is \(function.signature)")
            }
            let converted = zip(bound, wanted).map { b, t in cast(b, to: t) }
            return BoundExpr(kind: .call(function, converted), type: result, range: range)
        }
    }

    /// Wraps `e` in a conversion when its type differs (null literals just take the type).
    func cast(_ e: BoundExpr, to type: DataType) -> BoundExpr {
        if e.type == type || type == .null { return e }
        if e.type == .null { return BoundExpr(kind: .constant(.null), type: type, range: e.range) }
        return BoundExpr(kind: .cast(e, type), type: type, range: e.range)
    }

    func comparable(_ a: DataType, _ b: DataType) -> Bool {
        a == b || a == .null || b == .null || (a.isNumeric && b.isNumeric) || (a.isTemporal && b.isTemporal)
    }

    /// A string literal compared with a date (or timestamp) reads as one; a date compared with a
    /// timestamp becomes midnight of that day; anything else is left alone.
    func coerceForComparison(_ e: BoundExpr, to other: DataType, operatorRange: SourceRange) throws(Diagnostic) -> BoundExpr {
        if other == .timestamp, e.type == .date { return cast(e, to: .timestamp) }
        guard other.isTemporal, e.type == .string, case .constant(.string(let text)) = e.kind else { return e }
        if other == .date, let days = CivilDate.parse(text) {
            return BoundExpr(kind: .constant(.date(days)), type: .date, range: e.range)
        }
        if other == .timestamp, let micros = CivilDate.parse(text).map(Timestamp.from(days:)) ?? Timestamp.parse(text) {
            return BoundExpr(kind: .constant(.timestamp(micros)), type: .timestamp, range: e.range)
        }
        throw Diagnostic.invalidArgument(
            "\"\(text)\" is not a \(other.name)", range: e.range,
            hint: other == .date
                ? "write dates as \"YYYY-MM-DD\" (or M/D/YYYY), e.g. \"2024-01-31\""
                : "write timestamps as \"YYYY-MM-DD HH:MM:SS\" (or a date), e.g. \"2024-01-31 09:30:00\"")
    }

    func bindBinary(_ op: BinaryOperator, _ left: BoundExpr, _ right: BoundExpr, _ range: SourceRange) throws(Diagnostic)
        -> BoundExpr
    {
        var l = left
        var r = right
        if op.isComparison {
            l = try coerceForComparison(l, to: r.type, operatorRange: range)
            r = try coerceForComparison(r, to: l.type, operatorRange: range)
            guard comparable(l.type, r.type) else {
                var hint = "convert one side, e.g. with string(x) or float(x)"
                if l.type == .date || r.type == .date { hint = "convert the text with date(x)" }
                throw Diagnostic.typeMismatch("cannot compare \(l.type.name) with \(r.type.name)", range: range, hint: hint)
            }
            return BoundExpr(kind: .binary(op, l, r), type: .bool, range: range)
        }
        if op == .and || op == .or {
            for side in [l, r] where side.type != .bool && side.type != .null {
                throw Diagnostic.typeMismatch(
                    "`\(op.rawValue)` needs true/false values, but this is \(side.type.name)", range: side.range)
            }
            return BoundExpr(kind: .binary(op, l, r), type: .bool, range: range)
        }
        let type = try arithmeticType(op, l.type, r.type, range)
        return BoundExpr(kind: .binary(op, l, r), type: type, range: range)
    }

    func arithmeticType(_ op: BinaryOperator, _ a: DataType, _ b: DataType, _ range: SourceRange) throws(Diagnostic) -> DataType {
        switch (a, b) {
        case (.int, .int): return op == .divide ? .float : .int
        case (.int, .float), (.float, .int), (.float, .float): return .float
        case (.string, .string) where op == .add: return .string
        case (.date, .int) where op == .add || op == .subtract: return .date
        case (.int, .date) where op == .add: return .date
        case (.date, .date) where op == .subtract: return .int
        case (.null, .null): return .null
        case (.null, let t), (let t, .null):
            if t.isNumeric { return op == .divide ? .float : t }
            if t == .string && op == .add { return .string }
            if t == .date && (op == .add || op == .subtract) { return .date }
        default: break
        }
        let verb =
            ["+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "take the remainder of"][op.rawValue]
            ?? op.rawValue
        var hint: String?
        if a == .string || b == .string {
            hint = op == .add ? "convert the number to text first: string(x)" : "convert the text first: float(x)"
        }
        throw Diagnostic.typeMismatch("cannot \(verb) \(a.name) and \(b.name)", range: range, hint: hint)
    }

    /// The name a computed column gets when none is written: see README's language tour.
    func defaultName(_ expr: Expr, _ schema: Schema? = nil) -> String {
        switch expr.kind {
        case .column(let name):
            // A column keeps its own name, even when written in another case.
            if let schema, let i = try? resolveColumn(name, expr.range, schema) { return schema.names[i] }
            return name
        case .call(let name, _, let arguments):
            let lower = name.lowercased()
            if FunctionRegistry.scalars[lower]?.naming == .functionOnly { return lower }
            if arguments.isEmpty { return lower }
            if case .column = arguments[0].kind,
                arguments.dropFirst().allSatisfy({ if case .literal = $0.kind { true } else { false } })
            {
                return "\(lower)_\(defaultName(arguments[0], schema))"
            }
        default: break
        }
        return text(expr.range).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(
            separator: " ")
    }
}
