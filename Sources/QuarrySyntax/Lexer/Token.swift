import QuarryBase

/// The kinds of token the lexer produces. Keywords are identifiers: the parser recognises them by
/// their text, case-insensitively, only where a keyword can stand.
public enum TokenKind: Sendable, Equatable {
    case identifier
    /// A name in backquotes: `` `# Laid Off` ``.
    case quotedIdentifier
    case string
    case integer
    case float
    /// `@2024-01-31`
    case date
    case leftParen, rightParen, comma, semicolon, pipe, colon
    case plus, minus, star, slash, percent
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case endOfInput

    /// How the token reads in an error message.
    public var describe: String {
        switch self {
        case .identifier: "a name"
        case .quotedIdentifier: "a quoted name"
        case .string: "a string"
        case .integer, .float: "a number"
        case .date: "a date"
        case .leftParen: "`(`"
        case .rightParen: "`)`"
        case .comma: "`,`"
        case .semicolon: "`;`"
        case .pipe: "`|`"
        case .colon: "`:`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .slash: "`/`"
        case .percent: "`%`"
        case .equal: "`=`"
        case .notEqual: "`!=`"
        case .less: "`<`"
        case .lessEqual: "`<=`"
        case .greater: "`>`"
        case .greaterEqual: "`>=`"
        case .endOfInput: "the end of the statement"
        }
    }
}

/// A token is its kind and where it stands in the source; its text is sliced when needed.
public struct Token: Sendable, Equatable {
    public let kind: TokenKind
    public let range: SourceRange
    /// True when the token is the first on its line: line ends may end a statement there.
    public let startsLine: Bool
}
