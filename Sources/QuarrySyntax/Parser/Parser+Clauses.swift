import QuarryBase

extension Parser {
    /// clause = where | select | derive | drop | group | aggregate | sort | limit | top | distinct | count | join
    ///        | describe | freq
    mutating func parseClause() throws(Diagnostic) -> Clause {
        let keyword = advance()
        let start = keyword.range.start
        // The caller saw a clause keyword; `chart` and `save` are read with the query's end.
        guard let parse = ClauseKeywords.byWord[text(keyword).lowercased()]?.parse else {
            throw Diagnostic.expected("a clause", found: keyword, text: text(keyword))
        }
        let kind = try parse(&self)
        return Clause(kind: kind, keywordRange: keyword.range, range: SourceRange(start, previous.range.end))
    }

    /// sort = "sort" "by" sortKey { "," sortKey }
    mutating func parseSortClause() throws(Diagnostic) -> Clause.Kind {
        _ = try expectWord("by")
        var keys = [try parseSortKey()]
        while match(.comma) { keys.append(try parseSortKey()) }
        return .sort(keys)
    }

    /// top = "top" count "by" sortKey
    mutating func parseTopClause() throws(Diagnostic) -> Clause.Kind {
        let n = try parseRowCount()
        _ = try expectWord("by")
        return .top(n, try parseSortKey())
    }

    /// distinct = "distinct" [ name { "," name } ]
    mutating func parseDistinctClause() throws(Diagnostic) -> Clause.Kind {
        .distinct(
            canContinue && !isClauseKeyword(current) && current.kind != .pipe && current.kind != .rightParen
                ? try parseNameList() : [])
    }

    /// group = "group" "by" item { "," item } [ "aggregate" item { "," item } ]
    mutating func parseGroupClause() throws(Diagnostic) -> Clause.Kind {
        _ = try expectWord("by")
        let keys = try parseItemList(requireNames: false)
        var aggregates: [NamedExpr]?
        if isWord("aggregate") {
            advance()
            aggregates = try parseItemList(requireNames: false)
        }
        return .groupBy(keys: keys, aggregates: aggregates)
    }

    /// join = "join" [ "left" ] source "on" ( name "=" name | name )
    mutating func parseJoinClause() throws(Diagnostic) -> Clause.Kind {
        let isLeft = matchWord("left")
        let start = current.range.start
        let right = try parseSource()
        let rightRange = SourceRange(start, previous.range.end)
        _ = try expectWord("on")
        let first = try parseName("a column name")
        if match(.equal) {
            return .join(
                Clause.Join(
                    isLeft: isLeft, right: right, rightRange: rightRange,
                    condition: .pair(first, try parseName("a column name"))))
        }
        return .join(Clause.Join(isLeft: isLeft, right: right, rightRange: rightRange, condition: .shared(first)))
    }

    /// item = name "=" expr | expr [ "as" name ]
    mutating func parseItem(requireName: Bool) throws(Diagnostic) -> NamedExpr {
        let next = tokens[min(index + 1, tokens.count - 1)]
        if current.kind == .identifier || current.kind == .quotedIdentifier, next.kind == .equal,
            !(current.kind == .identifier && Parser.reservedWords.contains(text(current).lowercased()))
        {
            let name = try parseName("a column name")
            advance()
            return NamedExpr(name: name, expr: try parseExpr())
        }
        let expr = try parseExpr()
        if matchWord("as") { return NamedExpr(name: try parseName("a column name"), expr: expr) }
        if requireName {
            throw Diagnostic.expected("`name = expression`", found: tokens[index], text: text(tokens[index]), after: previous)
        }
        return NamedExpr(name: nil, expr: expr)
    }

    mutating func parseItemList(requireNames: Bool) throws(Diagnostic) -> [NamedExpr] {
        var items = [try parseItem(requireName: requireNames)]
        while match(.comma) { items.append(try parseItem(requireName: requireNames)) }
        return items
    }

    mutating func parseNameList() throws(Diagnostic) -> [Name] {
        var names = [try parseName("a column name")]
        while match(.comma) { names.append(try parseName("a column name")) }
        return names
    }

    /// sort_key = expr [ "asc" | "desc" ]
    mutating func parseSortKey() throws(Diagnostic) -> SortKey {
        let expr = try parseExpr()
        if matchWord("desc") { return SortKey(expr: expr, descending: true) }
        if matchWord("asc") { return SortKey(expr: expr, descending: false) }
        return SortKey(expr: expr, descending: nil)
    }

    /// A non-negative whole number of rows.
    mutating func parseRowCount() throws(Diagnostic) -> Int {
        let token = current
        guard token.kind == .integer else {
            if token.kind == .endOfInput {
                throw Diagnostic.expected("a number of rows", found: tokens[index], text: text(token), after: previous)
            }
            throw Diagnostic.invalidCount(
                token.kind == .identifier ? "`\(text(token))`" : token.kind.describe, range: token.range)
        }
        advance()
        guard let n = Int(text(token)) else { throw Diagnostic.countTooLarge(text(token), range: token.range) }
        return n
    }
}
