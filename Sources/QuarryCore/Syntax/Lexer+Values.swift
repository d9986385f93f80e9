extension Lexer {
    /// The value of a string token: quotes removed, backslash escapes (`\" \' \\ \n \t`) applied.
    public static func stringValue(_ source: [UInt8], _ range: SourceRange) -> String {
        var out: [UInt8] = []
        var i = range.start + 1
        let end = range.end - 1
        while i < end {
            let b = source[i]
            if b == UInt8(ascii: "\\"), i + 1 < end {
                let e = source[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                default: out.append(e)
                }
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The name in a backquoted identifier token.
    public static func quotedName(_ source: [UInt8], _ range: SourceRange) -> String {
        String(decoding: source[(range.start + 1)..<(range.end - 1)], as: UTF8.self)
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
