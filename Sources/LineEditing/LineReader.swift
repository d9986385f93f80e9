/// Where the prompt gets its lines: libedit on a terminal, plain reading for pipes and tests.
/// Knows nothing of the language; completion is asked of a callback.
public protocol LineReader: AnyObject {
    /// The next line without its line break; nil at the end of input (Ctrl-D on an empty line).
    /// Throws `LineInterrupted` when the user presses Ctrl-C while typing.
    func readLine(prompt: String) throws(LineInterrupted) -> String?
    /// Remembers a whole statement, and saves the history where the reader keeps one.
    func addHistory(_ entry: String)
}

/// Ctrl-C while a line was being typed: the input so far is dropped.
public struct LineInterrupted: Error {
    public init() {}
}

/// What Tab may insert: each candidate replaces the text from `start` (a UTF-8 offset into the
/// line) to the cursor.
public struct CompletionResult {
    public struct Candidate {
        /// The text that replaces the word being completed.
        public var replacement: String
        /// What a list of candidates shows (often the same).
        public var display: String
        /// How many terminal columns `display` takes, measured by the caller (this module knows
        /// no text widths); by default one per character.
        public var width: Int

        public init(_ replacement: String, display: String? = nil, width: Int? = nil) {
            self.replacement = replacement
            self.display = display ?? replacement
            self.width = width ?? self.display.count
        }
    }

    public var start: Int
    public var candidates: [Candidate]
    /// How many more matched than `candidates` holds; a listing says so under the list.
    public var more: Int

    public init(start: Int, candidates: [Candidate], more: Int = 0) {
        self.start = start
        self.candidates = candidates
        self.more = more
    }
}

/// Reads lines from standard input with no prompt, no escape codes and no history.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) throws(LineInterrupted) -> String? { Swift.readLine(strippingNewline: true) }

    public func addHistory(_ entry: String) {}
}
