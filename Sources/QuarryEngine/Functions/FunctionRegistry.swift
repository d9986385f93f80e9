import QuarryBase
import QuarrySyntax

/// A scalar function, in one entry: its name and documentation, how its result is named, how
/// it is written in SQL, how it types its arguments, and its kernel. Adding a function is adding
/// an entry to one of the lists `FunctionRegistry` reads.
public struct ScalarFunction: Sendable {
    public typealias Resolve = @Sendable ([DataType]) -> (arguments: [DataType], result: DataType)?
    public typealias Kernel = @Sendable (_ arguments: [Datum], _ rows: Int, _ range: SourceRange) throws(Diagnostic) -> Datum
    public typealias Spelling = @Sendable (SQLCall) -> String

    /// How `f(column)` is named when no name is written.
    public enum Naming: Sendable {
        /// `lower(company)` is `lower_company`.
        case functionAndColumn
        /// `year(date)` is `year`.
        case functionOnly
    }

    public let name: String
    public let signature: String
    public let summary: String
    public let example: String
    public let arity: ClosedRange<Int>
    var naming = Naming.functionAndColumn
    /// The call in SQL; nil when it is `name(arguments)` in every dialect.
    var sql: Spelling? = nil
    /// Given the argument types: the types to convert the arguments to and the result type,
    /// or nil when the arguments do not fit.
    let resolve: Resolve
    let kernel: Kernel
}

/// A function call being written as SQL: the arguments already in SQL, with their types.
public struct SQLCall {
    public let arguments: [String]
    public let types: [DataType]
    public let result: DataType
    public let dialect: any SQLDialect

    subscript(i: Int) -> String { arguments[i] }
}

/// The aggregate functions. Each skips nulls; see `AggregateKernels` for the evaluation.
public enum AggregateKind: String, Sendable, CaseIterable {
    case count
    case countDistinct = "count_distinct"
    case sum, avg, min, max, median, stddev, quantile
}

public struct AggregateFunction: Sendable {
    public let kind: AggregateKind
    public let signature: String
    public let summary: String
    public let example: String
    /// The call in SQL, from its argument in SQL (nil for `count()`) and its result type.
    let sql: @Sendable (_ argument: String?, _ result: DataType, _ parameter: Double?) -> String

    public var name: String { kind.rawValue }
}

/// Every function Quarry knows, by lower-case name; help text is generated from here.
public enum FunctionRegistry {
    public static let scalars: [String: ScalarFunction] = {
        var all: [String: ScalarFunction] = [:]
        for f in StringFunctions.all + NumericFunctions.all + DateFunctions.all + ConversionFunctions.all {
            all[f.name] = f
        }
        return all
    }()

    public static let aggregates: [String: AggregateFunction] = {
        let list = [
            AggregateFunction(
                kind: .count, signature: "count() | count(x)", summary: "number of rows, or of non-null values of x",
                example: "layoffs group by industry aggregate n = count()", sql: { x, _, _ in "count(\(x ?? "*"))" }),
            AggregateFunction(
                kind: .countDistinct, signature: "count_distinct(x)", summary: "number of distinct non-null values of x",
                example: "layoffs aggregate count_distinct(company)", sql: { x, _, _ in "count(DISTINCT \(x ?? "*"))" }),
            AggregateFunction(
                kind: .sum, signature: "sum(x: number)", summary: "sum of the non-null values; null when there are none",
                example: "layoffs group by year(date) aggregate sum(total_laid_off)",
                sql: { x, type, _ in type == .int ? "CAST(sum(\(x ?? "")) AS BIGINT)" : "sum(\(x ?? ""))" }),
            AggregateFunction(
                kind: .avg, signature: "avg(x: number) -> float", summary: "mean of the non-null values",
                example: "layoffs aggregate avg(percentage_laid_off)", sql: { x, _, _ in "avg(\(x ?? ""))" }),
            AggregateFunction(
                kind: .min, signature: "min(x)", summary: "smallest non-null value (numbers, text, dates)",
                example: "layoffs aggregate first = min(date)", sql: { x, _, _ in "min(\(x ?? ""))" }),
            AggregateFunction(
                kind: .max, signature: "max(x)", summary: "largest non-null value (numbers, text, dates)",
                example: "layoffs aggregate last = max(date)", sql: { x, _, _ in "max(\(x ?? ""))" }),
            AggregateFunction(
                kind: .median, signature: "median(x: number) -> float",
                summary: "middle value, interpolating between the two middle ones",
                example: "layoffs group by industry aggregate median(total_laid_off)",
                sql: { x, _, _ in "median(CAST(\(x ?? "") AS DOUBLE))" }),
            AggregateFunction(
                kind: .stddev, signature: "stddev(x: number) -> float",
                summary: "sample standard deviation; null for fewer than two values",
                example: "layoffs aggregate stddev(total_laid_off)", sql: { x, _, _ in "stddev_samp(\(x ?? ""))" }),
            AggregateFunction(
                kind: .quantile, signature: "quantile(x: number, q: float) -> float",
                summary: "the q-quantile (0 to 1), interpolating between neighbours",
                example: "layoffs aggregate p90 = quantile(total_laid_off, 0.9)",
                sql: { x, _, q in "quantile_cont(CAST(\(x ?? "") AS DOUBLE), \(q ?? 0.5))" }),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    /// All function names, for suggestions and completion.
    public static var allNames: [String] { (Array(scalars.keys) + Array(aggregates.keys)).sorted() }
}

// MARK: Helpers shared by the function files

/// The arguments fit when each is `wanted` (or a null literal); returns them unchanged.
func exactly(_ wanted: [DataType], result: DataType) -> ScalarFunction.Resolve {
    { types in
        guard types.count <= wanted.count else { return nil }
        for (t, w) in zip(types, wanted) where !(t == w || t == .null || (t == .int && w == .float)) {
            return nil
        }
        return (Array(wanted.prefix(types.count)), result)
    }
}

/// One string argument evaluated once per distinct value, giving a string per value.
func mapStrings(_ datum: Datum, _ transform: (String) -> String) -> Datum {
    switch datum {
    case .scalar(.string(let s)): return .scalar(.string(transform(s)))
    case .column(let c):
        guard case .string(let codes, let dict) = c.storage else { return datum }
        var builder = DictionaryBuilder()
        let remap = dict.values.map { builder.code(for: transform($0)) }
        let newCodes = remap.withUnsafeBufferPointer { table in codes.map { table[Int($0)] } }
        return .column(Column(.string(codes: newCodes, dictionary: builder.build()), validity: c.validity))
    default: return .scalar(.null)
    }
}

/// One string argument evaluated once per distinct value, giving a typed result per value.
func mapStringValues<R>(_ datum: Datum, _ transform: (String) -> R, _ wrap: ([R]) -> Column.Storage) -> Datum {
    switch datum {
    case .scalar(.string(let s)): return .scalar(Column(wrap([transform(s)])).value(at: 0))
    case .column(let c):
        guard case .string(let codes, let dict) = c.storage else { return datum }
        let answers = dict.values.map(transform)
        let perRow = answers.withUnsafeBufferPointer { table in codes.map { table[Int($0)] } }
        return .column(Column(wrap(perRow), validity: c.validity))
    default: return .scalar(.null)
    }
}

/// The first argument's validity combined with every other argument's.
func combinedValidity(_ arguments: [Datum]) -> Bitmap? {
    arguments.reduce(nil as Bitmap?) { $0 & $1.validity }
}

/// True when every argument is a scalar, so the result is one too.
func allScalar(_ arguments: [Datum]) -> Bool {
    arguments.allSatisfy { if case .scalar = $0 { true } else { false } }
}
