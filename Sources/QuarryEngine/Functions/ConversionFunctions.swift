import QuarryBase
import QuarrySyntax

/// Conversions between types. A value that cannot be converted is an error naming the value,
/// never a silent null.
package enum ConversionFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction(
            name: "int", signature: "int(x) -> int",
            summary: "x as an integer: floats round half away from zero, text is parsed",
            example: "layoffs select company, pct = int(percentage_laid_off * 100)", arity: 1...1,
            // Quarry rounds half away from zero; a SQL cast of a double rounds half to even.
            sql: { call in
                let int = call.dialect.typeName(.int)
                switch call.types[0] {
                case .string: return "CAST(round(CAST(\(call[0]) AS \(call.dialect.typeName(.float)))) AS \(int))"
                case .float: return "CAST(round(\(call[0])) AS \(int))"
                default: return "CAST(\(call[0]) AS \(int))"
                }
            },
            resolve: from([.int, .float, .string, .bool], to: .int),
            kernel: { args, n, range throws(Diagnostic) in
                try convert(args[0], n, to: .int, range: range)
            }),
        ScalarFunction(
            name: "float", signature: "float(x) -> float", summary: "x as a floating-point number",
            example: "layoffs select float(total_laid_off)", arity: 1...1, sql: cast(to: .float),
            resolve: from([.int, .float, .string, .bool], to: .float)
        ) { args, n, range throws(Diagnostic) in
            try convert(args[0], n, to: .float, range: range)
        },
        ScalarFunction(
            name: "string", signature: "string(x) -> string", summary: "x as text, written as Quarry prints it",
            example: "layoffs select label = company + \" \" + string(year(date))", arity: 1...1, sql: cast(to: .string),
            resolve: from(DataType.allCases, to: .string)
        ) { args, n, range throws(Diagnostic) in
            try convert(args[0], n, to: .string, range: range)
        },
        ScalarFunction(
            name: "date", signature: "date(x: string|timestamp) -> date",
            summary: "text written YYYY-MM-DD or M/D/YYYY as a date, or a timestamp's date (UTC)",
            example: "layoffs where date >= date(\"2024-01-01\")", arity: 1...1,
            sql: { call in
                let date = call.dialect.typeName(.date)
                guard call.types[0] == .string else { return "CAST(\(call[0]) AS \(date))" }
                // Quarry also reads US dates (M/D/YYYY).
                return "COALESCE(TRY_CAST(\(call[0]) AS \(date)), CAST(strptime(\(call[0]), '%m/%d/%Y') AS \(date)))"
            },
            resolve: from([.string, .date, .timestamp], to: .date),
            kernel: { args, n, range throws(Diagnostic) in
                try convert(args[0], n, to: .date, range: range)
            }),
        ScalarFunction(
            name: "timestamp", signature: "timestamp(x: string|date) -> timestamp",
            summary: "ISO 8601 text (e.g. 2024-01-31T09:30:00Z; offsets become UTC) or a date's midnight as a timestamp",
            example: "layoffs select company, at = timestamp(date)", arity: 1...1, sql: cast(to: .timestamp),
            resolve: from([.string, .date, .timestamp], to: .timestamp)
        ) { args, n, range throws(Diagnostic) in
            try convert(args[0], n, to: .timestamp, range: range)
        },
    ]

    /// `CAST(x AS type)` in the dialect's type names.
    static func cast(to type: DataType) -> ScalarFunction.Spelling {
        { "CAST(\($0[0]) AS \($0.dialect.typeName(type)))" }
    }

    static func from(_ accepted: [DataType], to result: DataType) -> ScalarFunction.Resolve {
        { types in accepted.contains(types[0]) || types[0] == .null ? ([types[0]], result) : nil }
    }

    /// Converts a datum to `type`; used by the conversion functions and by implicit casts.
    static func convert(_ datum: Datum, _ n: Int, to type: DataType, range: SourceRange?) throws(Diagnostic) -> Datum {
        switch datum {
        case .scalar(.null): return .scalar(.null)
        case .scalar(let v):
            let column = try convert(Column.from([v], type: v.type), to: type, range: range)
            return .scalar(column.value(at: 0))
        case .column(let c): return .column(try convert(c, to: type, range: range))
        }
    }

    package static func convert(_ column: Column, to type: DataType, range: SourceRange?) throws(Diagnostic) -> Column {
        if column.type == type { return column }
        let validity = column.validity
        switch (column.storage, type) {
        case (.int(let v), .float): return Column(.float(v.map { Double($0) }), validity: validity)
        case (.date(let v), .timestamp): return Column(.timestamp(v.map(Timestamp.from(days:))), validity: validity)
        case (.timestamp(let v), .date): return Column(.date(v.map(Timestamp.days)), validity: validity)
        case (.bool(let v), .int): return Column(.int(v.map { $0 ? 1 : 0 }), validity: validity)
        case (.bool(let v), .float): return Column(.float(v.map { $0 ? 1 : 0 }), validity: validity)
        case (.float(let v), .int):
            var out = [Int64](repeating: 0, count: v.count)
            for i in v.indices where column.isValid(i) {
                guard let x = Int64(exactly: v[i].rounded(.toNearestOrAwayFromZero)) else {
                    throw Diagnostic.conversionFailed(ValueFormatter.plain(.float(v[i])), to: .int, range: range)
                }
                out[i] = x
            }
            return Column(.int(out), validity: validity)
        case (.string(let codes, let dict), _) where type != .string:
            return try parseStrings(codes, dict, validity: validity, to: type, range: range)
        case (_, .string):
            var builder = DictionaryBuilder()
            let codes = (0..<column.count).map { i in
                column.isValid(i) ? builder.code(for: ValueFormatter.plain(column.value(at: i))) : 0
            }
            if builder.values.isEmpty { _ = builder.code(for: "") }
            return Column(.string(codes: codes, dictionary: builder.build()), validity: validity)
        default:
            throw Diagnostic.typeMismatch("cannot convert \(column.type.name) to \(type.name)", range: range ?? SourceRange(0, 0))
        }
    }

    /// Parses each distinct string once; a used value that does not parse is an error.
    static func parseStrings(
        _ codes: [Int32], _ dict: StringDictionary, validity: Bitmap?, to type: DataType,
        range: SourceRange?
    ) throws(Diagnostic) -> Column {
        let parsed: [Value?] = dict.values.map { text in
            let t = trimmed(text)
            switch type {
            // The loaders' rule for numbers (`DecimalText`): decimal only, so `0x10` is no number.
            case .int: return DecimalText.int(t).map { .int($0) }
            case .float: return DecimalText.double(t).map { .float($0) }
            case .date: return CivilDate.parse(t).map { .date($0) } ?? Timestamp.parse(t).map { .date(Timestamp.days($0)) }
            case .timestamp: return (CivilDate.parse(t).map(Timestamp.from(days:)) ?? Timestamp.parse(t)).map { .timestamp($0) }
            case .bool:
                switch t.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return nil
                }
            default: return nil
            }
        }
        var values = [Value](repeating: .null, count: codes.count)
        for (i, code) in codes.enumerated() where validity?[i] ?? true {
            guard let v = parsed[Int(code)] else {
                throw Diagnostic.conversionFailed(dict.values[Int(code)], to: type, range: range)
            }
            values[i] = v
        }
        return Column.from(values, type: type)
    }
}
