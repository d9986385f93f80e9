import QuarryBase
import QuarryEngine

/// What a CSV field could be read as, as a set of flags; a column's type is what all its
/// non-empty fields agree on. Works on raw bytes.
struct FieldKinds: OptionSet {
    let rawValue: UInt8
    static let bool = FieldKinds(rawValue: 1)
    /// An integer, or a float with a zero fraction (`93.0`) when every value is whole.
    static let int = FieldKinds(rawValue: 2)
    static let float = FieldKinds(rawValue: 4)
    static let date = FieldKinds(rawValue: 8)
    /// `NULL`, `null`, `NA`, `N/A`: null in a typed column, text in a string column.
    static let nullWord = FieldKinds(rawValue: 16)
    static let timestamp = FieldKinds(rawValue: 32)
    static let all: FieldKinds = [.bool, .int, .float, .date, .timestamp]
}

enum FieldClassifier {
    static func classify(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> FieldKinds {
        let length = end - start
        guard length > 0 else { return FieldKinds.all }
        let first = b[start]
        if isDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") {
            var kinds = numberKinds(b, start, end)
            if isDigit(first), length >= 8 {
                // A date is also a timestamp (at midnight), so date and timestamp values can mix.
                if CSVNumbers.parseDate(b, start, end) != nil {
                    kinds.formUnion([.date, .timestamp])
                } else if CSVNumbers.parseTimestamp(b, start, end) != nil {
                    kinds.insert(.timestamp)
                }
            }
            if kinds.isEmpty, DecimalText.specialFloat(b, start, end) != nil { return .float }
            return kinds
        }
        if first | 0x20 == UInt8(ascii: "i") || first | 0x20 == UInt8(ascii: "n"),
            DecimalText.specialFloat(b, start, end) != nil
        {
            return .float
        }
        switch length {
        case 2: if matchesWord(b, start, "NA") { return .nullWord }
        case 3: if matchesWord(b, start, "N/A") { return .nullWord }
        case 4:
            if matchesWord(b, start, "NULL") || matchesWord(b, start, "null") { return .nullWord }
            if matchesWordFolded(b, start, "true") { return .bool }
        case 5: if matchesWordFolded(b, start, "false") { return .bool }
        default: break
        }
        return []
    }

    /// Whether the field is one of the null words, without classifying it otherwise: the second
    /// pass asks this of every typed field, and most start with a digit.
    @inline(__always)
    static func isNullWord(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard b[start] == UInt8(ascii: "N") || b[start] == UInt8(ascii: "n") else { return false }
        switch end - start {
        case 2: return matchesWord(b, start, "NA")
        case 3: return matchesWord(b, start, "N/A")
        case 4: return matchesWord(b, start, "NULL") || matchesWord(b, start, "null")
        default: return false
        }
    }

    /// int and/or float for a decimal number (see `DecimalText`); nothing for leading zeros
    /// (`004`), for a number too large for a double (`1e400`) or other text.
    static func numberKinds(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> FieldKinds {
        // A leading zero followed by more digits (`004`) is a code, not a number.
        guard let shape = DecimalText.shape(b, start, end), !shape.leadingZero else { return [] }
        if DecimalText.mayOverflow(shape), DecimalText.double(b, start, end) == nil { return [] }
        if shape.exponent || shape.integerDigits == 0 || !shape.wholeFraction { return .float }
        // Whole numbers must also fit in 64 bits to be ints.
        return CSVNumbers.parseInt(b, start, end) != nil ? [.int, .float] : .float
    }

    /// Whether a decimal number (a JSON number) reads as a finite double: `1e400` does not.
    static func fitsDouble(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard let shape = DecimalText.shape(b, start, end) else { return false }
        return !DecimalText.mayOverflow(shape) || DecimalText.double(b, start, end) != nil
    }

    /// Whether a float column (an inferred one, or one whose type was given) takes this field:
    /// a decimal number that fits a double, or `inf`, `-inf`, `nan`.
    static func isFloat(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        numberKinds(b, start, end).contains(.float) || DecimalText.specialFloat(b, start, end) != nil
    }

    static func matchesWord(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for k in 0..<w.count where b[start + k] != w[k] { return false }
        return true
    }

    static func matchesWordFolded(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for k in 0..<w.count where b[start + k] | 0x20 != w[k] { return false }
        return true
    }
}

/// Number and date parsing straight from bytes, without making Strings.
enum CSVNumbers {
    /// An integer, also written with a zero fraction (`93.0`); nil when it does not fit in 64 bits.
    static func parseInt(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var negative = false
        if b[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if b[i] == UInt8(ascii: "+") {
            i += 1
        }
        var value: Int64 = 0
        while i < end, isDigit(b[i]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) =
                negative ? m.subtractingReportingOverflow(Int64(b[i] - 48)) : m.addingReportingOverflow(Int64(b[i] - 48))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    /// An integer, or a number with a zero fraction (`93.0`); nil for anything else.
    static func parseWholeNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard FieldClassifier.numberKinds(b, start, end).contains(.int) else { return nil }
        return parseInt(b, start, end)
    }

    /// `true`/`false`, and `yes`/`no` (any case).
    static func parseBool(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool? {
        switch end - start {
        case 4 where FieldClassifier.matchesWordFolded(b, start, "true"): true
        case 5 where FieldClassifier.matchesWordFolded(b, start, "false"): false
        case 3 where FieldClassifier.matchesWordFolded(b, start, "yes"): true
        case 2 where FieldClassifier.matchesWordFolded(b, start, "no"): false
        default: nil
        }
    }

    /// ISO 8601 date and time, or a plain date (midnight), as microseconds since the epoch (UTC).
    static func parseTimestamp(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        if let days = parseDate(b, start, end) { return Timestamp.from(days: days) }
        return Timestamp.parse(UnsafeBufferPointer(rebasing: b[start..<end]))
    }

    /// Exact powers of ten that a double holds without rounding.
    static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }

    /// A decimal number. Up to 15 significant digits it is mantissa / 10^k, which is exact;
    /// longer numbers and exponents fall back to the standard library's parser.
    static func parseDouble(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var negative = false
        if b[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if b[i] == UInt8(ascii: "+") {
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        while i < end, isDigit(b[i]) {
            mantissa = mantissa &* 10 &+ UInt64(b[i] - 48)
            if mantissa != 0 { digits += 1 }
            i += 1
        }
        if i < end, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, isDigit(b[i]) {
                mantissa = mantissa &* 10 &+ UInt64(b[i] - 48)
                if mantissa != 0 { digits += 1 }
                scale += 1
                i += 1
            }
        }
        if i == end, digits <= 15, scale <= 22 {
            let value = Double(mantissa) / powersOfTen[scale]
            return negative ? -value : value
        }
        if let special = DecimalText.specialFloat(b, start, end) { return special }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        return Double(text)
    }

    /// The ten bytes at `start` as `YYYY-MM-DD` (what `CivilDate.parseISODate` accepts), read as
    /// one word and a half: a date column's every field goes through here, in both passes.
    @inline(__always)
    static func parseISODate(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int32? {
        let raw = UnsafeRawPointer(b.baseAddress! + start)
        let head = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        // The dashes, then each digit's value: a byte that is not a digit has one of 10 or more.
        guard head >> 32 & 0xFF == 0x2D, head >> 56 == 0x2D else { return nil }
        @inline(__always) func digit(_ word: UInt64, _ k: UInt64) -> Int {
            Int(UInt8(truncatingIfNeeded: word >> (8 * k)) &- 48)
        }
        let (y0, y1, y2, y3) = (digit(head, 0), digit(head, 1), digit(head, 2), digit(head, 3))
        let (m0, m1) = (digit(head, 5), digit(head, 6))
        let (d0, d1) = (digit(UInt64(tail), 0), digit(UInt64(tail), 1))
        guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 else { return nil }
        return CivilDate.days(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// `YYYY-MM-DD` or US `M/D/YYYY` as days since 1970-01-01.
    static func parseDate(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        let length = end - start
        if length == 10, b[start + 4] == UInt8(ascii: "-") { return parseISODate(b, start) }
        guard (8...10).contains(length) else { return nil }
        return CivilDate.parseUS(UnsafeBufferPointer(rebasing: b[start..<end]))
    }
}
