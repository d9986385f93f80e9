import QuarryBase

/// Turns statement text into tokens. Works on UTF-8 bytes; names and strings may hold any Unicode.
public struct Lexer {
    private let bytes: [UInt8]
    private var position = 0
    private var sawNewline = true

    public init(_ text: String) { bytes = Array(text.utf8) }

    /// All tokens of `text`, ending with `.endOfInput`; throws the first lexical error.
    public static func tokenize(_ text: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    public mutating func next() throws(Diagnostic) -> Token {
        skipTrivia()
        let start = position
        let startsLine = sawNewline
        sawNewline = false
        guard position < bytes.count else {
            return Token(kind: .endOfInput, range: SourceRange(start, start), startsLine: true)
        }
        let c = bytes[position]
        position += 1
        func token(_ kind: TokenKind) -> Token {
            Token(kind: kind, range: SourceRange(start, position), startsLine: startsLine)
        }
        switch c {
        case UInt8(ascii: "("): return token(.leftParen)
        case UInt8(ascii: ")"): return token(.rightParen)
        case UInt8(ascii: ","): return token(.comma)
        case UInt8(ascii: ";"): return token(.semicolon)
        case UInt8(ascii: "|"): return token(.pipe)
        case UInt8(ascii: ":"): return token(.colon)
        case UInt8(ascii: "+"): return token(.plus)
        case UInt8(ascii: "-"): return token(.minus)
        case UInt8(ascii: "*"): return token(.star)
        case UInt8(ascii: "/"): return token(.slash)
        case UInt8(ascii: "%"): return token(.percent)
        case UInt8(ascii: "="):
            if peek == UInt8(ascii: "=") { position += 1 }
            return token(.equal)
        case UInt8(ascii: "!"):
            if peek == UInt8(ascii: "=") {
                position += 1
                return token(.notEqual)
            }
            throw Diagnostic.unexpectedCharacter("!", range: SourceRange(start, position))
        case UInt8(ascii: "<"):
            if peek == UInt8(ascii: "=") {
                position += 1
                return token(.lessEqual)
            }
            if peek == UInt8(ascii: ">") {
                position += 1
                return token(.notEqual)
            }
            return token(.less)
        case UInt8(ascii: ">"):
            if peek == UInt8(ascii: "=") {
                position += 1
                return token(.greaterEqual)
            }
            return token(.greater)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            try skipString(quote: c, start: start)
            return token(.string)
        case UInt8(ascii: "`"):
            while position < bytes.count, bytes[position] != UInt8(ascii: "`"), bytes[position] != 10 { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "`") else {
                throw Diagnostic.unterminatedIdentifier(range: SourceRange(start, position))
            }
            position += 1
            return token(.quotedIdentifier)
        case UInt8(ascii: "@"):
            while position < bytes.count, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "-") { position += 1 }
            let range = SourceRange(start, position)
            guard CivilDate.parseISODate(bytes[(start + 1)..<position]) != nil else {
                throw Diagnostic.invalidDateLiteral(text(range), range: range)
            }
            return token(.date)
        case _ where isDigit(c):
            return try number(start: start, startsLine: startsLine)
        case _ where isNameStart(c):
            while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
            return token(.identifier)
        default:
            while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
            let range = SourceRange(start, position)
            throw Diagnostic.unexpectedCharacter(text(range), range: range)
        }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func text(_ range: SourceRange) -> String {
        String(decoding: bytes[range.start..<range.end], as: UTF8.self)
    }

    private mutating func skipTrivia() {
        while position < bytes.count {
            switch bytes[position] {
            case 10:
                sawNewline = true
                position += 1
            case 32, 9, 13: position += 1
            case UInt8(ascii: "#"):
                while position < bytes.count, bytes[position] != 10 { position += 1 }
            default: return
            }
        }
    }

    private mutating func skipString(quote: UInt8, start: Int) throws(Diagnostic) {
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            position += 1
            if b == quote { return }
        }
        position = bytes.count
        throw Diagnostic.unterminatedString(range: SourceRange(start, position))
    }

    private mutating func number(start: Int, startsLine: Bool) throws(Diagnostic) -> Token {
        var kind = TokenKind.integer
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), isDigit(bytes[position + 1]) {
            kind = .float
            position += 1
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var p = position + 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            if p < bytes.count, isDigit(bytes[p]) {
                kind = .float
                position = p
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
        }
        if position < bytes.count, isNameByte(bytes[position]) {
            while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
            let range = SourceRange(start, position)
            throw Diagnostic.invalidNumber(text(range), range: range)
        }
        return Token(kind: kind, range: SourceRange(start, position), startsLine: startsLine)
    }
}
