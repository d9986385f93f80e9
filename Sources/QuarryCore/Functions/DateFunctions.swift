/// Date functions: parts of a date, and truncation to the start of a period.
enum DateFunctions {
    static let all: [ScalarFunction] = [
        part("year", "the year of a date", "layoffs group by year(date)") { CivilDate.civil($0).year },
        part("month", "the month of a date, 1 to 12", "layoffs where year(date) = 2023 group by month(date)") {
            CivilDate.civil($0).month
        },
        part("day", "the day of the month, 1 to 31", "layoffs select company, day(date)") { CivilDate.civil($0).day },
        part("quarter", "the quarter of the year, 1 to 4", "layoffs group by year(date), quarter(date)") {
            (CivilDate.civil($0).month - 1) / 3 + 1
        },
        part("weekday", "the day of the week: 0 Sunday, 1 Monday, ... 6 Saturday", "layoffs group by weekday(date)") {
            CivilDate.weekday($0) % 7
        },
        ScalarFunction(
            name: "date_trunc", signature: "date_trunc(unit: string, d: date) -> date",
            summary: "the first day of the year, quarter, month or week (Monday) containing d",
            example: "layoffs group by month = date_trunc(\"month\", date)", arity: 2...2,
            resolve: exactly([.string, .date], result: .date)
        ) { args, n, range throws(Diagnostic) in
            guard case .scalar(.string(let unitText)) = args[0] else {
                if args[0].isNullScalar { return .scalar(.null) }
                throw Diagnostic.invalidArgument(
                    "the unit of date_trunc must be a constant", range: range,
                    hint: "write one of \"year\", \"quarter\", \"month\", \"week\", \"day\"")
            }
            let unit = unitText.lowercased()
            let truncate: (Int32) -> Int32
            switch unit {
            case "year": truncate = { d in CivilDate.days(year: CivilDate.civil(d).year, month: 1, day: 1) ?? d }
            case "quarter":
                truncate = { d in
                    let c = CivilDate.civil(d)
                    return CivilDate.days(year: c.year, month: (c.month - 1) / 3 * 3 + 1, day: 1) ?? d
                }
            case "month":
                truncate = { d in
                    let c = CivilDate.civil(d)
                    return CivilDate.days(year: c.year, month: c.month, day: 1) ?? d
                }
            case "week": truncate = { d in d - Int32(CivilDate.weekday(d) - 1) }
            case "day": truncate = { $0 }
            default:
                throw Diagnostic.invalidArgument(
                    "unknown unit \"\(unitText)\" for date_trunc", range: range,
                    hint: "write one of \"year\", \"quarter\", \"month\", \"week\", \"day\"")
            }
            let dates = args[1].dates
            let scalar = allScalar(args)
            return makeDatum(
                .date((0..<(scalar ? 1 : n)).map { truncate(dates[$0]) }), validity: args[1].validity, scalarResult: scalar)
        },
    ]

    /// A function giving one integer part of a date.
    static func part(_ name: String, _ summary: String, _ example: String, _ extract: @escaping @Sendable (Int32) -> Int)
        -> ScalarFunction
    {
        ScalarFunction(
            name: name, signature: "\(name)(d: date) -> int", summary: summary, example: example, arity: 1...1,
            resolve: exactly([.date], result: .int)
        ) { args, n, _ in
            if args[0].isNullScalar { return .scalar(.null) }
            let dates = args[0].dates
            let scalar = allScalar(args)
            return makeDatum(
                .int((0..<(scalar ? 1 : n)).map { Int64(extract(dates[$0])) }), validity: args[0].validity, scalarResult: scalar)
        }
    }
}
