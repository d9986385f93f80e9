/// Conversions between calendar dates and days since 1970-01-01 (proleptic Gregorian),
/// after Howard Hinnant's `days_from_civil` algorithms.
public enum CivilDate {
    /// 0001-01-01 and 9999-12-31 as days since the epoch: the range of every date Quarry holds.
    public static let firstDay: Int64 = -719_162
    public static let lastDay: Int64 = 2_932_896

    /// Days since the epoch, or nil when the date does not exist (Feb 30, month 13, ...).
    public static func days(year: Int, month: Int, day: Int) -> Int32? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            (1...9999).contains(year)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146097 + dayOfEra - 719468)
    }

    /// The calendar date of a day number.
    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public static func format(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// ISO weekday: Monday = 1 ... Sunday = 7.
    public static func weekday(_ days: Int32) -> Int {
        let d = Int(days)
        // 1970-01-01 was a Thursday (4).
        return ((d % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// Parses `YYYY-MM-DD` or US `M/D/YYYY` text.
    public static func parse(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        return CivilDate.parseISODate(bytes) ?? parseUS(bytes[...])
    }

    /// Parses `M/D/YYYY` (month and day with one or two digits).
    public static func parseUS<C: Collection<UInt8>>(_ b: C) -> Int32? {
        var parts = [0, 0, 0]
        var digits = [0, 0, 0]
        var part = 0
        for c in b {
            if c == UInt8(ascii: "/") {
                part += 1
                if part > 2 { return nil }
            } else if isDigit(c) {
                parts[part] = parts[part] * 10 + Int(c - 48)
                digits[part] += 1
            } else {
                return nil
            }
        }
        guard part == 2, (1...2).contains(digits[0]), (1...2).contains(digits[1]), digits[2] == 4 else { return nil }
        return days(year: parts[2], month: parts[0], day: parts[1])
    }

    /// Days since 1970-01-01 for `YYYY-MM-DD`, or nil when it is not a real date. Reads the bytes
    /// in place (no copy: the loader calls this for every date field).
    public static func parseISODate<C: Collection<UInt8>>(_ b: C) -> Int32? where C.Index == Int {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let c = b[s + i]
                guard isDigit(c) else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        return CivilDate.days(year: year, month: month, day: day)
    }
}
