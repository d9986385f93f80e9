import QuarryBase

/// The parser's one message that needs its tokens; the rest of the wording is in QuarryBase's
/// `Diagnostic+Catalog.swift`.
extension Diagnostic {
    static func expected(_ what: String, found token: Token, text: String, after previous: Token? = nil) -> Diagnostic {
        if token.kind == .endOfInput {
            let end = previous.map { SourceRange($0.range.end, $0.range.end) } ?? token.range
            return Diagnostic(.unexpectedEnd, "expected \(what), but the statement ended", range: end)
        }
        let shown = token.kind == .identifier ? "`\(text)`" : token.kind.describe
        return Diagnostic(.unexpectedToken, "expected \(what), found \(shown)", range: token.range)
    }
}
