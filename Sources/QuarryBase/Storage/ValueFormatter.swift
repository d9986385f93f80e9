/// How single values are written as text, shared by every output format.
public enum ValueFormatter {
    /// The value as plain text: shortest exact floats, `YYYY-MM-DD` dates, `null` for null.
    public static func plain(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .int(let x): String(x)
        case .float(let x): float(x)
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .date(let d): CivilDate.format(d)
        case .timestamp(let t): Timestamp.format(t)
        }
    }

    /// The shortest text that reads back as exactly `x`.
    public static func float(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return x.description
    }

    /// An integer with thousands separators, for table output.
    public static func grouped(_ x: Int64) -> String {
        let digits = String(x.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return x < 0 ? "-" + out : out
    }
}
