import QuarryBase

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
}
