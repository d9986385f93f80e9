@preconcurrency import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax
import QuarryTeaching

/// Tab completion that knows where it is in a statement: table names where a source is
/// expected, the keywords the parser accepts next (asked of the parser itself, see
/// `KeywordCompletion.swift`), the columns of the statement's tables and function names where a
/// value can stand, dot-commands at the start of a line, file names after `load`, backquoted
/// names after a backquote, and a text column's values inside a string compared with it
/// (`=`, `!=`, `<>`, `in (...)`; see `ValueCompletion.swift`).
public struct Completer {
    public struct Candidate: Equatable {
        public var replacement: String
        public var display: String
    }

    public struct Result {
        /// UTF-8 offset into the current line where the replaced text starts.
        public var start: Int
        public var candidates: [Candidate]
        /// How many more matched than `candidates` shows (a column's values past `maximumValues`).
        public var more = 0
    }

    let catalog: Catalog
    let valueIndexes: ValueIndexCache
    /// At most this many of a column's values are listed: the most frequent, when more match.
    static let maximumValues = 50

    public init(catalog: Catalog, valueIndexes: ValueIndexCache = .shared) {
        self.catalog = catalog
        self.valueIndexes = valueIndexes
    }

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
            if let last = scan.tokens.last, slice(last.range).lowercased() == "load" {
                return Result(start: start, candidates: files(partial, closing: quote, scripts: false))
            }
            guard let column = comparedColumn(before: scan.tokens, in: bytes) else {
                return Result(start: start, candidates: [])
            }
            return values(of: column, statement: text, matching: partial, closing: quote, start: start)
        }

        var tokens = scan.tokens
        var partial = ""
        var start = cursor
        if let open = scan.openName {
            partial = String(decoding: bytes[(open.start + 1)...], as: UTF8.self)
            start = open.start - base
        } else if let last = tokens.last, last.range.end == bytes.count, last.kind == .identifier {
            partial = slice(last.range)
            start = last.range.start - base
            tokens.removeLast()
        }
        let words = tokens.map { $0.kind == .identifier ? slice($0.range).lowercased() : "" }
        let previous = tokens.last
        let previousWord = words.last ?? ""
        let tablesExpected =
            previous == nil || ["from", "join", "left", "explain", "sql"].contains(previousWord)
            || (previousWord == "describe" && tokens.count == 1)
            || (previous?.kind == .leftParen
                && (words.count < 2 || ["from", "join", "left", ""].contains(words[words.count - 2]))
                && tokens.count == 1)
            || (previous?.kind == .equal && words.count >= 3 && words[words.count - 3] == "let")
        let statementBefore = String(decoding: bytes[0..<(start + base)], as: UTF8.self)
        if scan.openName != nil {
            // After a backquote only names: the tables, or the columns, in backquotes.
            let names = tablesExpected ? catalog.names : columns(in: text)
            let suffix = tablesExpected ? " " : ""
            let candidates = names.map { Candidate(replacement: "`\($0)`" + suffix, display: "`\($0)`") }
            return Result(start: start, candidates: matching(candidates, "`" + partial))
        }
        var candidates: [Candidate]
        if tablesExpected {
            candidates = catalog.names.map { Candidate(replacement: Completer.typed($0) + " ", display: $0) }
            if previous == nil { candidates += ["let ", "load ", "from "].map { Candidate(replacement: $0, display: $0) } }
        } else {
            let next = KeywordCompletion.next(after: statementBefore)
            candidates = next.keywords
            if next.names {
                candidates += columns(in: text).map { Candidate(replacement: Completer.typed($0), display: $0) }
            }
            if next.calls {
                candidates += FunctionRegistry.allNames.map { Candidate(replacement: $0 + "(", display: $0 + "(") }
            }
        }
        return Result(start: start, candidates: matching(candidates, partial))
    }

    /// A name as it must be typed: bare when it is a plain name that is no keyword, else in backquotes.
    static func typed(_ name: String) -> String {
        let lower = name.lowercased()
        if Parser.reservedWords.contains(lower) || Parser.clauseKeywords.contains(lower) { return "`\(name)`" }
        return display(name)
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
        case ".once", ".output": return Result(start: start, candidates: files(word, closing: "", scripts: false))
        case ".schema", ".drop": options = catalog.names.map { Candidate(replacement: $0, display: $0) }
        case ".pager": options = Pager.Mode.allCases.map { Candidate(replacement: $0.rawValue, display: $0.rawValue) }
        case ".mode": options = OutputFormat.allCases.map { Candidate(replacement: $0.rawValue, display: $0.rawValue) }
        case ".timer", ".notes": options = ["on", "off"].map { Candidate(replacement: $0, display: $0) }
        case ".help": options = Topics.names.map { Candidate(replacement: $0, display: $0) }
        default: options = []
        }
        return Result(start: start, candidates: matching(options, word))
    }
}

/// The tokens of possibly unfinished text: stops quietly at a lexical error, and notes a string
/// or backquoted name left open at the end (where the cursor is inside it).
struct TolerantScan {
    var tokens: [Token] = []
    var openString: SourceRange?
    /// A backquoted name left open at the end.
    var openName: SourceRange?

    init(_ text: String) {
        var lexer = Lexer(text)
        while true {
            do {
                let token = try lexer.next()
                if token.kind == .endOfInput { return }
                tokens.append(token)
            } catch {
                if error.id == .unterminatedString, let range = error.range { openString = range }
                if error.id == .unterminatedIdentifier, let range = error.range, range.end == text.utf8.count {
                    openName = range
                }
                return
            }
        }
    }
}
