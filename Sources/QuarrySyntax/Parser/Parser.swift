import QuarryBase

/// Recursive-descent parser; each `parseX` function is named after the rule `x` in
/// Grammar/quarry.ebnf and consumes exactly what that rule describes.
///
/// Line ends matter in one place: at depth 0 (outside brackets), a token that starts a new line
/// ends the statement unless it is a clause keyword or `|`. Everywhere else whitespace is free.
public struct Parser {
    let source: [UInt8]
    let tokens: [Token]
    var index = 0
    /// Bracket nesting; line ends are insignificant inside brackets.
    var depth = 0
    /// Index of the first token of the statement being parsed.
    var statementStart = 0
    /// How deeply expressions and queries are nested; bounded so no input can exhaust the stack.
    var nesting = 0
    static let maximumNesting = Limits.nesting
    /// Clauses read so far in this statement, its subqueries' included (`Limits.clauses`).
    var clauseCount = 0

    /// Clause keywords: a line starting with one of these continues the statement above.
    package static var clauseKeywords: Set<String> { ClauseKeywords.words }
    /// Words that cannot be bare column names in expressions.
    package static let reservedWords: Set<String> = [
        "and", "or", "not", "in", "is", "null", "true", "false", "as", "asc", "desc", "by", "on",
    ]

    public init(_ text: String) throws(Diagnostic) {
        source = Array(text.utf8)
        tokens = try Lexer.tokenize(text)
    }

    /// Parses every statement of a script (used by tests and completeness checks).
    public static func parseScript(_ text: String) throws(Diagnostic) -> [Statement] {
        var parser = try Parser(text)
        var statements: [Statement] = []
        while let statement = try parser.parseStatement() { statements.append(statement) }
        return statements
    }

    /// True when `text` is a whole statement (or several), false when more input could finish it:
    /// an open bracket or string, or a line ending in `|`, `,`, an operator or a keyword that needs more.
    public static func isComplete(_ text: String) -> Bool {
        do {
            _ = try parseScript(text)
            return true
        } catch {
            switch error.id {
            case .unexpectedEnd, .unterminatedString: return false
            case .unterminatedIdentifier: return false
            default: return true
            }
        }
    }

    /// Enters one more level of nesting, or reports that the input nests too deeply.
    mutating func nest() throws(Diagnostic) {
        nesting += 1
        guard nesting <= Parser.maximumNesting else {
            throw Diagnostic.nestedTooDeeply(Parser.maximumNesting, range: current.range)
        }
    }

    // MARK: Token helpers

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }

    func text(_ token: Token) -> String {
        String(decoding: source[token.range.start..<token.range.end], as: UTF8.self)
    }

    func text(_ range: SourceRange) -> String {
        String(decoding: source[range.start..<range.end], as: UTF8.self)
    }

    /// True when `token` is the bare word `word` (case-insensitive).
    func isWord(_ word: String, _ token: Token? = nil) -> Bool {
        let token = token ?? current
        return token.kind == .identifier && text(token).lowercased() == word
    }

    /// True when the current token sits on a new line at depth 0, so the statement may end here.
    var atLineBoundary: Bool { depth == 0 && current.startsLine && index > statementStart }

    /// True when an expression or list may continue with the current token.
    var canContinue: Bool { !atLineBoundary && current.kind != .endOfInput && current.kind != .semicolon }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .endOfInput { index += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard current.kind == kind, kind == .endOfInput || !atLineBoundary || depth > 0 else { return false }
        advance()
        return true
    }

    mutating func matchWord(_ word: String) -> Bool {
        guard isWord(word), !atLineBoundary else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: TokenKind, _ what: String) throws(Diagnostic) -> Token {
        guard current.kind == kind else { throw Diagnostic.expected(what, found: current, text: text(current), after: previous) }
        return advance()
    }

    mutating func expectWord(_ word: String) throws(Diagnostic) -> Token {
        guard isWord(word) else { throw Diagnostic.expected("`\(word)`", found: current, text: text(current), after: previous) }
        return advance()
    }

    /// A bare or backquoted name.
    mutating func parseName(_ what: String) throws(Diagnostic) -> Name {
        let token = current
        switch token.kind {
        case .identifier:
            advance()
            return Name(text: text(token), range: token.range)
        case .quotedIdentifier:
            advance()
            return Name(text: Lexer.quotedName(source, token.range), range: token.range)
        default:
            throw Diagnostic.expected(what, found: token, text: text(token), after: previous)
        }
    }

    // MARK: Statements

    /// The next statement, or nil at the end of the input.
    public mutating func parseStatement() throws(Diagnostic) -> Statement? {
        while current.kind == .semicolon { advance() }
        guard current.kind != .endOfInput else { return nil }
        statementStart = index
        depth = 0
        nesting = 0
        clauseCount = 0
        let start = current.range.start
        let kind: Statement.Kind
        if isWord("let"), tokens[index + 1].kind != .endOfInput, tokens[index + 2].kind == .equal {
            kind = try parseLetStatement()
        } else if isWord("explain"),
            tokens[index + 1].kind == .identifier || tokens[index + 1].kind == .leftParen
                || tokens[index + 1].kind == .quotedIdentifier
        {
            advance()
            // `explain sql QUERY` and `explain plan QUERY`, unless `sql` or `plan` is the table.
            var mode = Statement.ExplainMode.steps
            for (word, wordMode) in [("sql", Statement.ExplainMode.sql), ("plan", .plan)]
            where isWord(word)
                && (tokens[index + 1].kind == .identifier || tokens[index + 1].kind == .leftParen
                    || tokens[index + 1].kind == .quotedIdentifier)
            {
                advance()
                mode = wordMode
                break
            }
            kind = .explain(try parseQuery(), mode)
        } else if isWord("describe"), tokens[index + 1].kind == .identifier || tokens[index + 1].kind == .quotedIdentifier,
            !isClauseKeyword(tokens[index + 1])
        {
            // `describe layoffs` reads as `layoffs describe`.
            let keyword = advance()
            let name = try parseName("a table name")
            let clause = Clause(kind: .describe, keywordRange: keyword.range, range: keyword.range)
            var query = Query(
                source: .table(name), sourceRange: name.range, clauses: [clause], range: keyword.range.merged(with: name.range))
            if current.kind == .pipe || isClauseKeyword(current) {
                let rest = try parseClausesAfter(query)
                query = rest
            }
            kind = .query(query)
        } else if isWord("load"), tokens[index + 1].kind == .string {
            kind = try parseLoadStatement()
        } else {
            kind = .query(try parseQuery())
        }
        let end = previous.range.end
        try finishStatement()
        return Statement(kind: kind, range: SourceRange(start, end))
    }

    /// After a statement: `;`, the end of input, or a new line; anything else is misplaced.
    mutating func finishStatement() throws(Diagnostic) {
        if current.kind == .semicolon || current.kind == .endOfInput { return }
        if atLineBoundary {
            let word = text(current)
            let reserved = current.kind == .identifier && Parser.reservedWords.contains(word.lowercased())
            if !reserved, current.kind == .identifier || current.kind == .quotedIdentifier || current.kind == .leftParen {
                return
            }
            throw Diagnostic.misplacedLineStart(word, range: current.range)
        }
        throw unexpectedAfterClause()
    }

    /// The error for a token where a clause keyword should stand.
    func unexpectedAfterClause() -> Diagnostic {
        var diagnostic = Diagnostic.expected(
            "a clause keyword or the end of the statement", found: current, text: text(current), after: previous)
        if current.kind == .identifier {
            if let close = closestName(to: text(current), among: Parser.clauseKeywords.sorted()) {
                diagnostic.hint = "did you mean `\(close)`?"
            } else {
                diagnostic.hint = "clauses: " + Parser.clauseKeywords.sorted().joined(separator: ", ")
            }
        } else if current.kind.isOperatorLike {
            diagnostic.hint = "an expression cannot continue here; wrap it in parentheses"
        }
        return diagnostic
    }

    mutating func parseLetStatement() throws(Diagnostic) -> Statement.Kind {
        advance()
        let name = try parseName("a table name")
        _ = try expect(.equal, "`=`")
        return .bind(name, try parseQuery())
    }

    mutating func parseLoadStatement() throws(Diagnostic) -> Statement.Kind {
        advance()
        let pathToken = advance()
        let path = Lexer.stringValue(source, pathToken.range)
        var name: Name?
        if matchWord("as") { name = try parseName("a table name") }
        var types: [(Name, DataType)] = []
        if matchWord("types") {
            _ = try expect(.leftParen, "`(` and a list of column: type")
            depth += 1
            repeat {
                types.append(try parseTypeItem())
            } while match(.comma)
            _ = try expect(.rightParen, "`)` to close the list of types")
            depth -= 1
        }
        return .load(path: path, pathRange: pathToken.range, name: name, types: types)
    }

    /// type_item = name ":" type_name
    mutating func parseTypeItem() throws(Diagnostic) -> (Name, DataType) {
        let column = try parseName("a column name")
        _ = try expect(.colon, "`:` and a type")
        let token = current
        let names = DataType.allCases.filter { $0 != .null }.map(\.name)
        guard token.kind == .identifier, let type = DataType(rawValue: text(token).lowercased()), type != .null else {
            var error = Diagnostic.expected(
                "a type (\(names.joined(separator: ", ")))", found: token, text: text(token), after: previous)
            if token.kind == .identifier, let close = closestName(to: text(token), among: names) {
                error.hint = "did you mean `\(close)`?"
            }
            throw error
        }
        advance()
        return (column, type)
    }

    // MARK: Queries

    mutating func parseQuery() throws(Diagnostic) -> Query {
        let start = current.range.start
        let source = try parseSource()
        return try parseClauses(source: source, sourceRange: SourceRange(start, previous.range.end), start: start, clauses: [])
    }

    /// The clauses after a query's first part (its source, or `describe TABLE`).
    mutating func parseClausesAfter(_ query: Query) throws(Diagnostic) -> Query {
        try parseClauses(source: query.source, sourceRange: query.sourceRange, start: query.range.start, clauses: query.clauses)
    }

    mutating func parseClauses(source: Query.Source, sourceRange: SourceRange, start: Int, clauses initial: [Clause])
        throws(Diagnostic) -> Query
    {
        var clauses = initial
        var save: (path: String, range: SourceRange)?
        var chart: ChartRequest?
        while true {
            let pipe = current.kind == .pipe
            if pipe { advance() }
            guard current.kind == .identifier, Parser.clauseKeywords.contains(text(current).lowercased()) else {
                if pipe { throw Diagnostic.expected("a clause after `|`", found: current, text: text(current), after: previous) }
                break
            }
            if isWord("chart") {
                chart = try parseChartClause()
                if current.kind == .pipe { advance() }
                if isWord("save") { save = try parseSaveClause() }
                if isClauseKeyword(current) || current.kind == .pipe { throw Diagnostic.chartNotLast(range: current.range) }
                break
            }
            if isWord("save") {
                save = try parseSaveClause()
                break
            }
            clauseCount += 1
            guard clauseCount <= Limits.clauses else { throw Diagnostic.tooManyClauses(range: current.range) }
            clauses.append(try parseClause())
            if current.kind == .rightParen || current.kind == .semicolon || current.kind == .endOfInput { break }
            if atLineBoundary, current.kind != .pipe, !isClauseKeyword(current) { break }
            if !atLineBoundary, current.kind != .pipe, !isClauseKeyword(current) { throw unexpectedAfterClause() }
        }
        var query = Query(
            source: source, sourceRange: sourceRange, clauses: clauses, range: SourceRange(start, previous.range.end))
        query.save = save
        query.chart = chart
        return query
    }

    /// chart_clause = "chart" ( "bar" | "line" | "hist" name [ "bins" INTEGER ] )
    mutating func parseChartClause() throws(Diagnostic) -> ChartRequest {
        let keyword = advance()
        guard depth == 0 else { throw Diagnostic.chartInside(range: keyword.range) }
        let kindToken = current
        guard kindToken.kind == .identifier, let kind = ChartRequest.Kind(rawValue: text(kindToken).lowercased()) else {
            var error = Diagnostic.expected(
                "a chart kind (bar, line or hist)", found: kindToken, text: text(kindToken), after: previous)
            if kindToken.kind == .identifier, let close = closestName(to: text(kindToken), among: ["bar", "line", "hist"]) {
                error.hint = "did you mean `\(close)`?"
            }
            throw error
        }
        advance()
        var column: Name?
        var bins: Int?
        if kind == .hist {
            column = try parseName("the column to draw a histogram of")
            if matchWord("bins") {
                let count = current
                var n = Int.max
                // A count too large even for 64 bits is as much out of range as 1001.
                if count.kind == .integer, Int(text(count)) == nil { advance() } else { n = try parseRowCount() }
                guard ChartRequest.binRange.contains(n) else {
                    throw Diagnostic.invalidBins(text(count), limit: ChartRequest.binRange, range: count.range)
                }
                bins = n
            }
        }
        return ChartRequest(kind: kind, column: column, bins: bins, range: keyword.range.merged(with: previous.range))
    }

    /// save_clause = "save" STRING; it ends the query, and only a whole statement's query.
    mutating func parseSaveClause() throws(Diagnostic) -> (path: String, range: SourceRange) {
        let keyword = advance()
        guard depth == 0 else { throw Diagnostic.saveInside(range: keyword.range) }
        let path = try expect(.string, "the file to save to, in quotes")
        if isClauseKeyword(current) || current.kind == .pipe { throw Diagnostic.saveNotLast(range: current.range) }
        return (Lexer.stringValue(source, path.range), keyword.range.merged(with: path.range))
    }

    func isClauseKeyword(_ token: Token) -> Bool {
        token.kind == .identifier && Parser.clauseKeywords.contains(text(token).lowercased())
    }

    mutating func parseSource() throws(Diagnostic) -> Query.Source {
        if isWord("from") { advance() }
        if current.kind == .leftParen {
            advance()
            depth += 1
            try nest()
            defer { nesting -= 1 }
            let inner = try parseQuery()
            _ = try expect(.rightParen, "`)` to close the query")
            depth -= 1
            return .subquery(inner)
        }
        if current.kind == .identifier || current.kind == .quotedIdentifier {
            return .table(try parseName("a table name"))
        }
        throw Diagnostic.expected("a table name", found: current, text: text(current), after: previous)
    }
}

extension TokenKind {
    var isOperatorLike: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .comma:
            true
        default: false
        }
    }
}
