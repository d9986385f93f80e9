import QuarryBase
import QuarryEngine
import QuarrySyntax

/// What may come next after the text before the cursor, asked of the parser rather than kept in
/// a second list: each keyword the grammar has is appended, and offered when the parser reads it
/// (the statement parses, ends early wanting more, or fails only after it). A name and a call
/// are probed the same way, so columns and functions are offered only where a value can stand.
enum KeywordCompletion {
    struct Next {
        var keywords: [Completer.Candidate]
        /// A column name can come next.
        var names: Bool
        /// A function call can come next.
        var calls: Bool
    }

    /// Every word the grammar uses as a keyword (besides the clause keywords).
    static let grammarWords = [
        "and", "or", "not", "in", "is", "null", "true", "false", "as", "asc", "desc", "by", "on", "left",
        "bar", "line", "hist", "bins", "types", "sql",
    ]

    /// Words the parser takes only with the word after them: after a value, `not` is read only
    /// when `in` follows (`x not in (...)`).
    static let lookahead = ["not": "not in"]

    /// The keywords, names and calls that can follow `text`.
    static func next(after text: String) -> Next {
        let clauses = ClauseKeywords.all.map { (word: $0.word, completion: $0.completion) }
        let others = grammarWords.map { (word: $0, completion: $0 + " ") }
        guard let names = accepts(text, "quarry_probe_name") else {
            // The text before the cursor does not parse: offer everything rather than nothing.
            let all = (clauses + others).map { Completer.Candidate(replacement: $0.completion, display: $0.word) }
            return Next(keywords: all, names: true, calls: true)
        }
        var keywords: [Completer.Candidate] = []
        for keyword in clauses + others
        where accepts(text, keyword.word) == true || lookahead[keyword.word].map({ accepts(text, $0) == true }) == true {
            // Where a name can stand, most words are read as one, so their acceptance says nothing:
            // only a word that cannot be a name and takes a value after it (`not`) is a keyword
            // there; `true`, `false` and `null` are values.
            if names,
                !Parser.reservedWords.contains(keyword.word) || ["true", "false", "null"].contains(keyword.word)
                    || accepts(text, keyword.word + " quarry_probe_name") != true
            {
                continue
            }
            keywords.append(Completer.Candidate(replacement: keyword.completion, display: keyword.word))
        }
        return Next(keywords: keywords, names: names, calls: accepts(text, "quarry_probe_call(") == true)
    }

    /// Whether the parser reads `probe` after `text`: true when the statement parses, or stops
    /// wanting more, or fails past the probe; false when it fails at the probe; nil when it fails
    /// before the probe (the text itself is wrong).
    static func accepts(_ text: String, _ probe: String) -> Bool? {
        let probeStart = text.utf8.count + 1
        let probeEnd = probeStart + probe.utf8.count
        do {
            _ = try Parser.parseScript(text + " " + probe)
            return true
        } catch {
            if error.id == .unexpectedEnd { return true }
            guard let range = error.range else { return false }
            if range.start < probeStart { return nil }
            return range.start >= probeEnd
        }
    }
}
