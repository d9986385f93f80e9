import QuarryBase

/// What differs between SQL engines: how names, literals and types are written, and how a
/// table's own row order is read. The generator asks its dialect for each of these.
public protocol SQLDialect: Sendable {
    var name: String { get }
    func quote(_ identifier: String) -> String
    func literal(_ value: Value, type: DataType) -> String
    func typeName(_ type: DataType) -> String
    /// An expression numbering a stored table's rows in their order.
    var rowNumberOfSource: String { get }
    /// `expression` (a float), or null where it is not a finite number, as Quarry's math functions give.
    func finiteOrNull(_ expression: String) -> String
}

/// DuckDB's SQL: what `explain sql` writes.
public struct DuckDBDialect: SQLDialect {
    public let name = "duckdb"
    public let rowNumberOfSource = "rowid"

    public init() {}

    public func finiteOrNull(_ expression: String) -> String {
        "(CASE WHEN isfinite(\(expression)) THEN \(expression) END)"
    }

    public func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func literal(_ v: Value, type: DataType) -> String {
        switch v {
        case .null: return type == .null ? "NULL" : "CAST(NULL AS \(typeName(type)))"
        case .int(let x): return String(x)
        case .float(let x): return "CAST(\(ValueFormatter.float(x)) AS DOUBLE)"
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .date(let d): return "DATE '\(CivilDate.format(d))'"
        case .timestamp(let t): return "TIMESTAMP '\(Timestamp.format(t))'"
        }
    }

    public func typeName(_ type: DataType) -> String {
        switch type {
        case .int: "BIGINT"
        case .float: "DOUBLE"
        case .bool: "BOOLEAN"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP"
        case .string, .null: "VARCHAR"
        }
    }
}
