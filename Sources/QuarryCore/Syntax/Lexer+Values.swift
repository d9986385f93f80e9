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

    /// Days since 1970-01-01 for `YYYY-MM-DD`, or nil when it is not a real date.
    public static func parseISODate<C: Collection<UInt8>>(_ text: C) -> Int32? {
        let b = Array(text)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        var year = 0
        var month = 0
        var day = 0
        for i in 0..<4 {
            guard isDigit(b[i]) else { return nil }
            year = year * 10 + Int(b[i] - 48)
        }
        for i in 5..<7 {
            guard isDigit(b[i]) else { return nil }
            month = month * 10 + Int(b[i] - 48)
        }
        for i in 8..<10 {
            guard isDigit(b[i]) else { return nil }
            day = day * 10 + Int(b[i] - 48)
        }
        return CivilDate.days(year: year, month: month, day: day)
    }
}
