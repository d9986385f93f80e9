import QuarryBase

extension Parser {
    /// `expr`, unless it is deeper than `Limits.expressionDepth`: then an error pointing at
    /// `part`, the operand that took it past the limit.
    func bounded(_ expr: Expr, at part: Expr) throws(Diagnostic) -> Expr {
        guard expr.depth > Limits.expressionDepth else { return expr }
        throw Diagnostic.expressionTooDeep(range: part.range)
    }

    /// expr = or_expr
    mutating func parseExpr() throws(Diagnostic) -> Expr {
        try nest()
        defer { nesting -= 1 }
        return try parseOrExpr()
    }

    /// or_expr = and_expr { "or" and_expr }
    mutating func parseOrExpr() throws(Diagnostic) -> Expr {
        var left = try parseAndExpr()
        while matchWord("or") {
            let right = try parseAndExpr()
            left = try bounded(Expr(.binary(.or, left, right), left.range.merged(with: right.range)), at: right)
        }
        return left
    }

    /// and_expr = not_expr { "and" not_expr }
    mutating func parseAndExpr() throws(Diagnostic) -> Expr {
        var left = try parseNotExpr()
        while matchWord("and") {
            let right = try parseNotExpr()
            left = try bounded(Expr(.binary(.and, left, right), left.range.merged(with: right.range)), at: right)
        }
        return left
    }

    /// not_expr = "not" not_expr | comparison
    mutating func parseNotExpr() throws(Diagnostic) -> Expr {
        if isWord("not") {
            let start = advance().range
            try nest()
            defer { nesting -= 1 }
            let operand = try parseNotExpr()
            return try bounded(Expr(.not(operand), start.merged(with: operand.range)), at: operand)
        }
        return try parseComparison()
    }

    /// comparison = additive [ compare_op additive | "is" [ "not" ] "null" | [ "not" ] "in" "(" expr { "," expr } ")" ]
    mutating func parseComparison() throws(Diagnostic) -> Expr {
        let left = try parseAdditive()
        guard canContinue else { return left }
        let op: BinaryOperator? =
            switch current.kind {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .lessEqual: .lessEqual
            case .greater: .greater
            case .greaterEqual: .greaterEqual
            default: nil
            }
        if let op {
            advance()
            let right = try parseAdditive()
            return try bounded(Expr(.binary(op, left, right), left.range.merged(with: right.range)), at: right)
        }
        if isWord("is") {
            advance()
            let negated = isWord("not")
            if negated { advance() }
            let null = try expectWord("null")
            return try bounded(Expr(.isNull(left, negated: negated), left.range.merged(with: null.range)), at: left)
        }
        let notIn = isWord("not") && isWord("in", tokens[index + 1])
        if isWord("in") || notIn {
            if notIn { advance() }
            advance()
            _ = try expect(.leftParen, "`(` and a list of values")
            depth += 1
            var items = [try parseExpr()]
            while match(.comma) { items.append(try parseExpr()) }
            let close = try expect(.rightParen, "`)` to close the list")
            depth -= 1
            return try bounded(Expr(.inList(left, items, negated: notIn), left.range.merged(with: close.range)), at: left)
        }
        return left
    }

    /// additive = multiplicative { ( "+" | "-" ) multiplicative }
    mutating func parseAdditive() throws(Diagnostic) -> Expr {
        var left = try parseMultiplicative()
        while canContinue, current.kind == .plus || current.kind == .minus {
            let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
            let right = try parseMultiplicative()
            left = try bounded(Expr(.binary(op, left, right), left.range.merged(with: right.range)), at: right)
        }
        return left
    }

    /// multiplicative = unary { ( "*" | "/" | "%" ) unary }
    mutating func parseMultiplicative() throws(Diagnostic) -> Expr {
        var left = try parseUnary()
        while canContinue, current.kind == .star || current.kind == .slash || current.kind == .percent {
            let kind = advance().kind
            let op: BinaryOperator = kind == .star ? .multiply : kind == .slash ? .divide : .remainder
            let right = try parseUnary()
            left = try bounded(Expr(.binary(op, left, right), left.range.merged(with: right.range)), at: right)
        }
        return left
    }

    /// unary = "-" unary | primary
    mutating func parseUnary() throws(Diagnostic) -> Expr {
        if current.kind == .minus {
            let start = advance().range
            try nest()
            defer { nesting -= 1 }
            let operand = try parseUnary()
            if case .literal(let value) = operand.kind {
                let range = start.merged(with: operand.range)
                switch value {
                case .int(let x): return Expr(.literal(.int(-x)), range)
                case .float(let x): return Expr(.literal(.float(-x)), range)
                default: break
                }
            }
            return try bounded(Expr(.negate(operand), start.merged(with: operand.range)), at: operand)
        }
        return try parsePrimary()
    }

    /// primary = literal | name | call | "(" expr ")"
    mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            guard let value = Int64(text(token)) else {
                throw Diagnostic.typeMismatch(
                    "the number \(text(token)) does not fit in a 64-bit integer", range: token.range,
                    hint: "write it as a float: \(text(token)).0")
            }
            return Expr(.literal(.int(value)), token.range)
        case .float:
            advance()
            return Expr(.literal(.float(Double(text(token)) ?? .nan)), token.range)
        case .string:
            advance()
            return Expr(.literal(.string(Lexer.stringValue(source, token.range))), token.range)
        case .date:
            advance()
            let days = CivilDate.parseISODate(source[(token.range.start + 1)..<token.range.end]) ?? 0
            return Expr(.literal(.date(days)), token.range)
        case .leftParen:
            advance()
            depth += 1
            let inner = try parseExpr()
            let close = try expect(.rightParen, "`)`")
            depth -= 1
            return Expr(inner.kind, token.range.merged(with: close.range))
        case .quotedIdentifier:
            advance()
            return Expr(.column(Lexer.quotedName(source, token.range)), token.range)
        case .identifier:
            let word = text(token)
            switch word.lowercased() {
            case "true":
                advance()
                return Expr(.literal(.bool(true)), token.range)
            case "false":
                advance()
                return Expr(.literal(.bool(false)), token.range)
            case "null":
                advance()
                return Expr(.literal(.null), token.range)
            case _ where Parser.reservedWords.contains(word.lowercased()):
                throw Diagnostic.expected("a value", found: token, text: word)
            default: break
            }
            advance()
            if current.kind == .leftParen, current.range.start == token.range.end || !current.startsLine {
                return try parseCall(name: word, nameRange: token.range)
            }
            return Expr(.column(word), token.range)
        default:
            throw Diagnostic.expected("a value", found: token, text: text(token), after: previous)
        }
    }

    /// call = name "(" [ expr { "," expr } ] ")"
    mutating func parseCall(name: String, nameRange: SourceRange) throws(Diagnostic) -> Expr {
        advance()
        depth += 1
        var arguments: [Expr] = []
        if current.kind != .rightParen {
            arguments.append(try parseExpr())
            while match(.comma) { arguments.append(try parseExpr()) }
        }
        let close = try expect(.rightParen, "`)` to close the call")
        depth -= 1
        return try bounded(
            Expr(.call(name: name, nameRange: nameRange, arguments: arguments), nameRange.merged(with: close.range)),
            at: Expr(.column(name), nameRange))
    }
}
