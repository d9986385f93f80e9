/// Timestamps as microseconds since 1970-01-01 00:00:00 UTC: parsing ISO 8601 text and
/// printing it back, always in UTC.
public enum Timestamp {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// The timestamp at midnight (UTC) of a date.
    public static func from(days: Int32) -> Int64 { Int64(days) * microsPerDay }

    /// The date (UTC) a timestamp falls on.
    public static func days(_ micros: Int64) -> Int32 {
        Int32((micros >= 0 ? micros : micros - microsPerDay + 1) / microsPerDay)
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:MM]]`; an offset (hours below 24, minutes
    /// below 60) is converted to UTC, and the result must fall within the years 1 to 9999.
    public static func parse<C: Collection<UInt8>>(_ text: C) -> Int64? where C.Index == Int {
        let b = text
        let s = b.startIndex
        let n = b.count
        guard n >= 16, let days = CivilDate.parseISODate(b[s..<(s + 10)]) else { return nil }
        let separator = b[s + 10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "t") else {
            return nil
        }
        var i = s + 11
        func twoDigits() -> Int? {
            guard i + 1 < s + n, isDigit(b[i]), isDigit(b[i + 1]) else { return nil }
            defer { i += 2 }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard let hour = twoDigits(), hour < 24, i < s + n, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let minute = twoDigits(), minute < 60 else { return nil }
        var second = 0
        var micros = 0
        if i < s + n, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let sec = twoDigits(), sec < 60 else { return nil }
            second = sec
            if i < s + n, b[i] == UInt8(ascii: ".") {
                i += 1
                var digits = 0
                while i < s + n, isDigit(b[i]) {
                    if digits < 6 { micros = micros * 10 + Int(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 6) { micros *= 10 }
            }
        }
        var offsetMinutes = 0
        if i < s + n {
            let sign = b[i]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                i += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                i += 1
                guard let hours = twoDigits(), hours < 24 else { return nil }
                var minutes = 0
                if i < s + n, b[i] == UInt8(ascii: ":") { i += 1 }
                if i < s + n {
                    guard let m = twoDigits(), m < 60 else { return nil }
                    minutes = m
                }
                offsetMinutes = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        guard i == s + n else { return nil }
        let seconds = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        let result = from(days: days) + seconds * microsPerSecond + Int64(micros)
        // An offset can carry 0001-01-01 back into year 0, or 9999-12-31 on into year 10000.
        return range.contains(result) ? result : nil
    }

    /// 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC: the timestamps Quarry holds.
    public static let range: ClosedRange<Int64> =
        CivilDate.firstDay * microsPerDay...(CivilDate.lastDay + 1) * microsPerDay - 1

    public static func parse(_ text: String) -> Int64? { parse(Array(text.utf8)) }

    /// `YYYY-MM-DD HH:MM:SS`, with `.ffffff` (trailing zeros dropped) when there are fractions.
    public static func format(_ micros: Int64) -> String {
        let days = Timestamp.days(micros)
        var rest = micros - from(days: days)
        let fraction = Int(rest % microsPerSecond)
        rest /= microsPerSecond
        let (h, m, s) = (Int(rest / 3600), Int(rest / 60 % 60), Int(rest % 60))
        func pad(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        var out = CivilDate.format(days) + " \(pad(h)):\(pad(m)):\(pad(s))"
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out
    }
}
