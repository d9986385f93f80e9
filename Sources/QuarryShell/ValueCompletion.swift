import QuarryBase
import QuarryEngine
import QuarrySyntax

/// A text column's values inside a string compared with the column: `company = "Goo`,
/// `company != "`, `company <> "`, `industry in ("Retail", "Fin` (and `not in`). Any number of
/// distinct values: the column's `ValueIndex` (cached) finds those starting with what is typed.
extension Completer {
    /// The column a string being typed is compared with, from the tokens before the string.
    func comparedColumn(before tokens: [Token], in bytes: [UInt8]) -> String? {
        func name(_ index: Int) -> String? {
            guard index >= 0 else { return nil }
            let token = tokens[index]
            if token.kind == .quotedIdentifier { return Lexer.quotedName(bytes, token.range) }
            guard token.kind == .identifier else { return nil }
            let word = String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)
            return Parser.reservedWords.contains(word.lowercased()) ? nil : word
        }
        func word(_ index: Int) -> String {
            guard index >= 0, tokens[index].kind == .identifier else { return "" }
            let range = tokens[index].range
            return String(decoding: bytes[range.start..<range.end], as: UTF8.self).lowercased()
        }
        guard let last = tokens.last else { return nil }
        switch last.kind {
        case .equal, .notEqual:
            return name(tokens.count - 2)
        case .leftParen, .comma:
            // Back to the list's open bracket, over the items typed so far.
            var depth = 0
            var i = tokens.count - 1
            while i >= 0 {
                if tokens[i].kind == .rightParen { depth += 1 }
                if tokens[i].kind == .leftParen {
                    if depth == 0 { break }
                    depth -= 1
                }
                i -= 1
            }
            guard i >= 1, word(i - 1) == "in" else { return nil }
            return name(word(i - 2) == "not" ? i - 3 : i - 2)
        default:
            return nil
        }
    }

    /// The values of `column` (a text column of a table the statement names, else of any table)
    /// starting with `partial`, each closed with `quote`.
    func values(of column: String, statement: String, matching partial: String, closing quote: String, start: Int)
        -> Result
    {
        let scan = TolerantScan(statement)
        let bytes = Array(statement.utf8)
        var tables = scan.tokens.compactMap { token -> String? in
            guard token.kind == .identifier else { return nil }
            return catalog.resolve(String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self))
        }
        if tables.isEmpty { tables = catalog.names }
        for name in tables {
            guard let table = catalog.table(name),
                let index = table.names.firstIndex(of: column)
                    ?? table.names.firstIndex(where: { $0.lowercased() == column.lowercased() }),
                case .string(let codes, let dictionary) = table.columns[index].storage
            else { continue }
            let valueIndex = valueIndexes.index(
                table: name, column: table.names[index], codes: codes, validity: table.columns[index].validity,
                dictionary: dictionary)
            let found = valueIndex.values(startingWith: partial, limit: Completer.maximumValues)
            let candidates = found.values.map { value in
                let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: quote, with: "\\" + quote)
                return Candidate(replacement: escaped + quote, display: value)
            }
            return Result(start: start, candidates: candidates, more: found.more)
        }
        return Result(start: start, candidates: [])
    }
}
