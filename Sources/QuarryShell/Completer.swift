@preconcurrency import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax
import QuarryTeaching

/// Tab completion that knows where it is in a statement: clause keywords where a clause can
/// start, table names where a source is expected, the columns of the statement's tables and
/// function names in expressions, dot-commands at the start of a line, file names after `load`,
/// and a string column's values after `column = "`.
public struct Completer {
    public struct Candidate: Equatable {
        public var replacement: String
        public var display: String
    }

    public struct Result {
        /// UTF-8 offset into the current line where the replaced text starts.
        public var start: Int
        public var candidates: [Candidate]
    }

    let catalog: Catalog
    /// A string column's values are offered only when it has at most this many.
    static let maximumValues = 100

    public init(catalog: Catalog) { self.catalog = catalog }

    /// Completions for the word before `cursor` (a UTF-8 offset) in `line`, where
    /// `previousLines` holds the earlier lines of an unfinished statement.
    public func complete(previousLines: String, line: String, cursor: Int) -> Result {
        let lineBytes = Array(line.utf8)
        let before = String(decoding: lineBytes[0..<min(cursor, lineBytes.count)], as: UTF8.self)
        if previousLines.isEmpty, Shell.isCommand(before) { return completeCommand(before) }
        let prefixText = previousLines.isEmpty ? "" : previousLines + "\n"
        let base = prefixText.utf8.count
        let text = prefixText + before
        let scan = TolerantScan(text)
        let bytes = Array(text.utf8)
        func slice(_ r: SourceRange) -> String { String(decoding: bytes[r.start..<r.end], as: UTF8.self) }

        if let open = scan.openString {
            let partial = Lexer.stringValue(bytes, SourceRange(open.start, bytes.count + 1))
            let quote = String(UnicodeScalar(bytes[open.start]))
            let start = open.start + 1 - base
            let context = scan.tokens.suffix(2).map { (kind: $0.kind, text: slice($0.range).lowercased()) }
            if context.last?.text == "load" {
                return Result(start: start, candidates: files(partial, closing: quote, scripts: false))
            }
            if context.count == 2, [.equal, .notEqual].contains(context[1].kind),
                context[0].kind == .identifier
                    || context[0].kind == .quotedIdentifier
            {
                let column =
                    context[0].kind == .quotedIdentifier
                    ? String(context[0].text.dropFirst().dropLast()) : context[0].text
                return Result(start: start, candidates: values(of: column, statement: text, matching: partial, closing: quote))
            }
            return Result(start: start, candidates: [])
        }

        var tokens = scan.tokens
        var partial = ""
        var start = cursor
        if let last = tokens.last, last.range.end == bytes.count, last.kind == .identifier {
            partial = slice(last.range)
            start = last.range.start - base
            tokens.removeLast()
        }
        let words = tokens.map { $0.kind == .identifier ? slice($0.range).lowercased() : "" }
        let previous = tokens.last
        let previousWord = words.last ?? ""
        var candidates: [Candidate]
        if previous == nil || ["from", "join", "left"].contains(previousWord)
            || (previous?.kind == .leftParen
                && (words.count < 2 || ["from", "join", "left", ""].contains(words[words.count - 2]))
                && tokens.count == 1)
            || (previous?.kind == .equal && words.count >= 3 && words[words.count - 3] == "let")
        {
            candidates = catalog.names.map { Candidate(replacement: display($0) + " ", display: $0) }
            if previous == nil { candidates += ["let ", "load ", "from "].map { Candidate(replacement: $0, display: $0) } }
        } else if previous?.kind == .pipe {
            candidates = clauseKeywords
        } else if let previous, endsOperand(previous, word: previousWord) {
            candidates =
                clauseKeywords
                + ["and", "or", "as", "asc", "desc", "in", "is", "not", "on"].map {
                    Candidate(replacement: $0 + " ", display: $0)
                }
        } else {
            candidates =
                columns(in: text).map { Candidate(replacement: display($0), display: $0) }
                + FunctionRegistry.allNames.map { Candidate(replacement: $0 + "(", display: $0 + "(") }
        }
        return Result(start: start, candidates: matching(candidates, partial))
    }

    var clauseKeywords: [Candidate] {
        ClauseKeywords.all.sorted { $0.word < $1.word }.map { Candidate(replacement: $0.completion, display: $0.word) }
    }

    /// True after a token that completes a value, where a clause (or an operator) may follow.
    func endsOperand(_ token: Token, word: String) -> Bool {
        switch token.kind {
        case .identifier:
            return !Parser.clauseKeywords.contains(word) && !Parser.reservedWords.contains(word)
                && !["from", "join", "left", "let", "load"].contains(word) || ["null", "true", "false"].contains(word)
        case .quotedIdentifier, .string, .integer, .float, .date, .rightParen: return true
        default: return false
        }
    }

    /// Candidates whose display starts with `partial`, ignoring case, without repeats.
    func matching(_ candidates: [Candidate], _ partial: String) -> [Candidate] {
        let lower = partial.lowercased()
        var seen = Set<String>()
        return candidates.filter { $0.display.lowercased().hasPrefix(lower) && seen.insert($0.replacement).inserted }
            .sorted { $0.display < $1.display }
    }

    /// The columns of the tables named in the statement (every table's, when it names none),
    /// plus names the statement gives with `name =`.
    func columns(in statement: String) -> [String] {
        let scan = TolerantScan(statement)
        let bytes = Array(statement.utf8)
        var names: [String] = []
        var tables: [String] = []
        for (i, token) in scan.tokens.enumerated() where token.kind == .identifier {
            let word = String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)
            if let table = catalog.resolve(word), !tables.contains(table) { tables.append(table) }
            if i + 1 < scan.tokens.count, scan.tokens[i + 1].kind == .equal { names.append(word) }
        }
        for table in tables.isEmpty ? catalog.names : tables { names += catalog.table(table)?.names ?? [] }
        return names
    }

    /// The values of a string column with few distinct values, for `column = "<Tab>`.
    func values(of column: String, statement: String, matching partial: String, closing quote: String) -> [Candidate] {
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
                case .string(_, let dictionary) = table.columns[index].storage, dictionary.count <= Completer.maximumValues
            else { continue }
            let lower = partial.lowercased()
            return dictionary.values.filter { $0.lowercased().hasPrefix(lower) }.sorted()
                .map { Candidate(replacement: $0.replacingOccurrences(of: quote, with: "\\" + quote) + quote, display: $0) }
        }
        return []
    }

    /// Files and folders for a path being typed; data files (or scripts) and folders only.
    func files(_ partial: String, closing: String, scripts: Bool) -> [Candidate] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var out: [Candidate] = []
        for name in DataFiles.list(folderPart.isEmpty ? "." : folderPart) {
            guard name != ".", name != "..", name.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasPrefix(".") else {
                continue
            }
            if DataFiles.isFolder(folderPart + name) {
                out.append(Candidate(replacement: folderPart + name + "/", display: name + "/"))
            } else if scripts ? name.lowercased().hasSuffix(".qry") : DataFiles.isDataFile(name) {
                out.append(Candidate(replacement: folderPart + name + closing, display: name))
            }
        }
        return out.sorted { $0.display < $1.display }
    }

    /// Completions within a dot-command line.
    func completeCommand(_ before: String) -> Result {
        let leading = before.prefix { $0 == " " || $0 == "\t" }.utf8.count
        let body = String(before.dropFirst(leading))
        guard let space = body.firstIndex(of: " ") else {
            let names = Topics.commands.map(\.name) + [".exit"]
            return Result(start: leading, candidates: matching(names.map { Candidate(replacement: $0 + " ", display: $0) }, body))
        }
        let command = String(body[..<space]).lowercased()
        let argument = String(body[body.index(after: space)...])
        let wordStart = argument.lastIndex(of: " ").map { argument.index(after: $0) } ?? argument.startIndex
        let word = String(argument[wordStart...])
        let start = before.utf8.count - word.utf8.count
        let options: [Candidate]
        switch command {
        case ".load": return Result(start: start, candidates: files(word, closing: "", scripts: false))
        case ".read": return Result(start: start, candidates: files(word, closing: "", scripts: true))
        case ".schema": options = catalog.names.map { Candidate(replacement: $0, display: $0) }
        case ".mode": options = OutputFormat.allCases.map { Candidate(replacement: $0.rawValue, display: $0.rawValue) }
        case ".timer": options = ["on", "off"].map { Candidate(replacement: $0, display: $0) }
        case ".help": options = Topics.names.map { Candidate(replacement: $0, display: $0) }
        default: options = []
        }
        return Result(start: start, candidates: matching(options, word))
    }
}

/// The tokens of possibly unfinished text: stops quietly at a lexical error, and notes a string
/// left open at the end (where the cursor is inside it).
struct TolerantScan {
    var tokens: [Token] = []
    var openString: SourceRange?

    init(_ text: String) {
        var lexer = Lexer(text)
        while true {
            do {
                let token = try lexer.next()
                if token.kind == .endOfInput { return }
                tokens.append(token)
            } catch {
                if error.id == .unterminatedString, let range = error.range { openString = range }
                return
            }
        }
    }
}
