/// Sizes as people write and read them: `4GB`, `512 MB`, `1.5GiB`; `2.1 GB`, `180 GB`.
public enum ByteSize {
    /// Reads a size: a number with an optional unit, `KB MB GB TB` in powers of 1000, `KiB MiB
    /// GiB TiB` (also `K M G T`) in powers of 1024, `B` or none for bytes. Nil when it is not one.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.filter { $0 != " " && $0 != "_" }
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).lowercased()
        guard let value = Double(number), value >= 0 else { return nil }
        let kibi = 1024.0
        let units: [String: Double] = [
            "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
            "k": kibi, "kib": kibi, "m": kibi * kibi, "mib": kibi * kibi, "g": kibi * kibi * kibi,
            "gib": kibi * kibi * kibi, "t": kibi * kibi * kibi * kibi, "tib": kibi * kibi * kibi * kibi,
        ]
        guard let scale = units[unit] else { return nil }
        let bytes = value * scale
        guard bytes < 9e18 else { return nil }
        return Int(bytes.rounded())
    }

    /// A size for messages, in powers of 1000 with one decimal below 10: `850 MB`, `2.1 GB`.
    public static func format(_ bytes: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(max(0, bytes))
        var unit = 0
        while value >= 999.5, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(Int(value)) bytes" }
        return number(value) + " " + units[unit]
    }

    /// A count for messages: `950`, `12,400`, `2.1 million`, `92 billion`.
    public static func count(_ n: Int) -> String {
        guard n >= 1_000_000 else { return ValueFormatter.grouped(Int64(n)) }
        let names = ["million", "billion", "trillion", "quadrillion", "quintillion"]
        var value = Double(n) / 1e6
        var name = 0
        while value >= 999.5, name < names.count - 1 {
            value /= 1000
            name += 1
        }
        return number(value) + " " + names[name]
    }

    /// One decimal below 10 (`2.1`), whole above (`180`).
    private static func number(_ value: Double) -> String {
        if value < 9.95 {
            let tenths = Int((value * 10).rounded())
            return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        }
        return "\(Int(value.rounded()))"
    }
}
