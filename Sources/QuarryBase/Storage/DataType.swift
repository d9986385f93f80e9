/// The types a column or an expression can have. Every type can hold null.
public enum DataType: String, Sendable, CaseIterable {
    case int, float, string, bool, date
    /// A moment in time, in UTC, to the microsecond.
    case timestamp
    /// The type of the bare `null` literal before it meets another type.
    case null

    public var isNumeric: Bool { self == .int || self == .float }

    /// Dates and timestamps: the types date functions take.
    public var isTemporal: Bool { self == .date || self == .timestamp }

    public var name: String { rawValue }
}

/// One value, used for literals, constants and single cells. Never stored per row in a column.
public enum Value: Sendable, Equatable {
    case null
    case int(Int64)
    case float(Double)
    case string(String)
    case bool(Bool)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)

    public var type: DataType {
        switch self {
        case .null: .null
        case .int: .int
        case .float: .float
        case .string: .string
        case .bool: .bool
        case .date: .date
        case .timestamp: .timestamp
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }
}
