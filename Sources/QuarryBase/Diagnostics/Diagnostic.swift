/// A half-open range of UTF-8 byte offsets into a statement's source text.
public struct SourceRange: Sendable, Equatable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func merged(with other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// Everything that can go wrong, as one error type: what, where, and how to fix it.
///
/// Wording lives in `Diagnostic+Catalog.swift`; tests match `id`, not message text.
public struct Diagnostic: Error, Sendable, Equatable {
    public let id: DiagnosticID
    public let message: String
    /// Where in the query text; nil for errors about files or the session.
    public var range: SourceRange?
    public var hint: String?
    /// For file errors: the file and 1-based line (and column) where it went wrong.
    public var file: String?
    public var line: Int?
    public var column: Int?

    public init(
        _ id: DiagnosticID, _ message: String, range: SourceRange? = nil, hint: String? = nil,
        file: String? = nil, line: Int? = nil, column: Int? = nil
    ) {
        self.id = id
        self.message = message
        self.range = range
        self.hint = hint
        self.file = file
        self.line = line
        self.column = column
    }
}

/// The text a statement came from, so a diagnostic can point into it.
public struct SourceText: Sendable {
    /// The script's path, or nil for `-c` and the prompt.
    public let name: String?
    public let text: String
    /// The 1-based line of `text`'s first line within its file.
    public let firstLine: Int

    public init(name: String?, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
    }

    /// The text a range covers (clamped to the text).
    public func slice(_ range: SourceRange) -> String {
        let bytes = text.utf8
        let start = bytes.index(bytes.startIndex, offsetBy: min(range.start, bytes.count))
        let end = bytes.index(bytes.startIndex, offsetBy: min(range.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension Diagnostic {
    /// The diagnostic as shown to a user: position, message, the source line, a caret, a hint.
    ///
    ///     script.qry:3:15: error: unknown column `industy`
    ///       layoffs where industy = "Retail"
    ///                     ^^^^^^^
    ///     hint: did you mean `industry`?
    public func rendered(in source: SourceText?, color: Bool = false) -> String {
        func red(_ text: String) -> String { color ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text }
        var out = ""
        if let range, let source {
            let utf8 = Array(source.text.utf8)
            let start = min(range.start, utf8.count)
            var lineStart = start
            while lineStart > 0, utf8[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            var lineEnd = start
            while lineEnd < utf8.count, utf8[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let lineNumber = utf8[0..<lineStart].filter { $0 == UInt8(ascii: "\n") }.count + source.firstLine
            let lineText = String(decoding: utf8[lineStart..<lineEnd], as: UTF8.self)
            let column = String(decoding: utf8[lineStart..<start], as: UTF8.self).count + 1
            let caretEnd = min(max(range.end, start + 1), lineEnd == start ? start + 1 : lineEnd)
            let width = max(1, String(decoding: utf8[start..<min(caretEnd, utf8.count)], as: UTF8.self).count)
            let prefix = source.name.map { "\($0):" } ?? ""
            out += "\(prefix)\(lineNumber):\(column): \(red("error:")) \(message)\n"
            let (shown, caretColumn, caretWidth) = Diagnostic.excerpt(lineText, column: column, width: width)
            out += "  \(shown)\n"
            out += "  " + String(repeating: " ", count: caretColumn - 1) + red(String(repeating: "^", count: caretWidth)) + "\n"
        } else if let file {
            var place = file
            if let line { place += ":\(line)" }
            if let line, line > 0, let column { place += ":\(column)" }
            out += "\(place): \(red("error:")) \(message)\n"
        } else {
            out += "\(red("error:")) \(message)\n"
        }
        if let hint { out += "hint: \(hint)\n" }
        return out
    }
}

extension Diagnostic {
    /// Lines longer than this are shown as an excerpt around the caret.
    static let maximumShownLine = 200
    /// Characters of context shown on each side of the caret in an excerpt.
    static let excerptContext = 70

    /// The part of `line` to show, and where the caret falls in it: the whole line when it is
    /// short, else `excerptContext` characters on either side of the caret, cut ends marked `…`.
    static func excerpt(_ line: String, column: Int, width: Int) -> (text: String, column: Int, width: Int) {
        let characters = Array(line)
        guard characters.count > maximumShownLine else { return (line, column, width) }
        let caret = min(column - 1, characters.count)
        let from = max(0, caret - excerptContext)
        let shownWidth = min(width, excerptContext)
        let to = min(characters.count, caret + shownWidth + excerptContext)
        let text = (from > 0 ? "…" : "") + String(characters[from..<to]) + (to < characters.count ? "…" : "")
        return (text, caret - from + (from > 0 ? 1 : 0) + 1, max(1, min(shownWidth, to - caret)))
    }
}
