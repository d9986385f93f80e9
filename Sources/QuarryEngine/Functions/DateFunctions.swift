import QuarryBase
import QuarrySyntax

/// Date functions: parts of a date, and truncation to the start of a period. Each also takes a
/// timestamp (its date in UTC, or for `date_trunc` the timestamp truncated).
enum DateFunctions {
    static let all: [ScalarFunction] = [
        part("year", "the year of a date or timestamp", "layoffs group by year(date)") { CivilDate.civil($0).year },
        part("month", "the month, 1 to 12", "layoffs where year(date) = 2023 group by month(date)") {
            CivilDate.civil($0).month
        },
        part("day", "the day of the month, 1 to 31", "layoffs select company, day(date)") { CivilDate.civil($0).day },
        part("quarter", "the quarter of the year, 1 to 4", "layoffs group by year(date), quarter(date)") {
            (CivilDate.civil($0).month - 1) / 3 + 1
        },
        part(
            "weekday", "the day of the week: 0 Sunday, 1 Monday, ... 6 Saturday", "layoffs group by weekday(date)",
            sql: { "dayofweek(\($0[0]))" }, extract: { CivilDate.weekday($0) % 7 }),
        ScalarFunction(
            name: "date_trunc", signature: "date_trunc(unit: string, d: date|timestamp) -> same type",
            summary:
                "the start of the year, quarter, month, week (Monday) or day containing d (hour, minute, second for timestamps)",
            example: "layoffs group by month = date_trunc(\"month\", date)", arity: 2...2,
            // DuckDB's date_trunc of a date gives a timestamp; Quarry keeps it a date.
            sql: { call in
                let truncated = "date_trunc(\(call[0]), \(call[1]))"
                return call.result == .date ? "CAST(\(truncated) AS \(call.dialect.typeName(.date)))" : truncated
            },
            resolve: truncateTypes,
            kernel: { args, n, range throws(Diagnostic) in
                guard case .scalar(.string(let unitText)) = args[0] else {
                    if args[0].isNullScalar { return .scalar(.null) }
                    throw Diagnostic.invalidArgument(
                        "the unit of date_trunc must be a constant", range: range,
                        hint: "write one of \"year\", \"quarter\", \"month\", \"week\", \"day\"")
                }
                let unit = unitText.lowercased()
                let truncateDay: (Int32) -> Int32
                var microsUnit: Int64?
                switch unit {
                case "year": truncateDay = { d in CivilDate.days(year: CivilDate.civil(d).year, month: 1, day: 1) ?? d }
                case "quarter":
                    truncateDay = { d in
                        let c = CivilDate.civil(d)
                        return CivilDate.days(year: c.year, month: (c.month - 1) / 3 * 3 + 1, day: 1) ?? d
                    }
                case "month":
                    truncateDay = { d in
                        let c = CivilDate.civil(d)
                        return CivilDate.days(year: c.year, month: c.month, day: 1) ?? d
                    }
                case "week": truncateDay = { d in d - Int32(CivilDate.weekday(d) - 1) }
                case "day": truncateDay = { $0 }
                case "hour", "minute", "second":
                    truncateDay = { $0 }
                    microsUnit = unit == "hour" ? 3_600_000_000 : unit == "minute" ? 60_000_000 : 1_000_000
                default:
                    throw Diagnostic.invalidArgument(
                        "unknown unit \"\(unitText)\" for date_trunc", range: range,
                        hint: "write one of \"year\", \"quarter\", \"month\", \"week\", \"day\", \"hour\", \"minute\", \"second\""
                    )
                }
                let scalar = allScalar(args)
                let rows = scalar ? 1 : n
                if case .timestamp = args[1].type {
                    let times = args[1].timestamps
                    let out = (0..<rows).map { i -> Int64 in
                        let t = times[i]
                        if let microsUnit { return t - ((t % microsUnit) + microsUnit) % microsUnit }
                        return Timestamp.from(days: truncateDay(Timestamp.days(t)))
                    }
                    return makeDatum(.timestamp(out), validity: args[1].validity, scalarResult: scalar)
                }
                let dates = args[1].dates
                return makeDatum(
                    .date((0..<rows).map { truncateDay(dates[$0]) }), validity: args[1].validity, scalarResult: scalar)
            }),
    ]

    static let truncateTypes: ScalarFunction.Resolve = { types in
        guard types[0] == .string || types[0] == .null, types[1].isTemporal || types[1] == .null else { return nil }
        let t = types[1] == .null ? DataType.date : types[1]
        return ([.string, t], t)
    }

    static let partTypes: ScalarFunction.Resolve = { types in
        types[0].isTemporal || types[0] == .null ? ([types[0]], .int) : nil
    }

    /// A function giving one integer part of a date (or of a timestamp's UTC date).
    /// Each is named after itself (`year(date)` is `year`).
    static func part(
        _ name: String, _ summary: String, _ example: String, sql: ScalarFunction.Spelling? = nil,
        extract: @escaping @Sendable (Int32) -> Int
    ) -> ScalarFunction {
        ScalarFunction(
            name: name, signature: "\(name)(d: date|timestamp) -> int", summary: summary, example: example, arity: 1...1,
            naming: .functionOnly, sql: sql, resolve: partTypes
        ) { args, n, _ in
            if args[0].isNullScalar { return .scalar(.null) }
            let scalar = allScalar(args)
            let rows = scalar ? 1 : n
            let values: [Int64]
            if case .timestamp = args[0].type {
                let times = args[0].timestamps
                values = (0..<rows).map { Int64(extract(Timestamp.days(times[$0]))) }
            } else {
                // (A column of few distinct days is worked out once per day by the optimizer's
                // `EvaluatePerValue`, which calls this on those days only.)
                let dates = args[0].dates
                values = (0..<rows).map { Int64(extract(dates[$0])) }
            }
            return makeDatum(.int(values), validity: args[0].validity, scalarResult: scalar)
        }
    }
}
