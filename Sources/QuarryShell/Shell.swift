@preconcurrency import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax
import QuarryTeaching

/// The prompt's behaviour, apart from reading keys: runs statements and dot-commands on a
/// session, and prints what they produce. The executable feeds it complete inputs; tests can too.
public final class Shell {
    public let session: Session
    /// The pager for `.last` (from `$PAGER`), used when the output is longer than the screen.
    public var pager: String?
    /// The terminal's height, to decide when `.last` needs the pager.
    public var screenHeight: Int?

    public init(session: Session) {
        self.session = session
    }

    /// `Quarry 0.1.0 — tables: layoffs (4,523 rows), countries (12 rows). Type .help for help.`
    public var banner: String {
        let tables = session.catalog.names.compactMap { name in
            session.catalog.table(name).map { "\(name) (\(ValueFormatter.grouped(Int64($0.rowCount))) rows)" }
        }
        let list = tables.isEmpty ? "none" : tables.joined(separator: ", ")
        return "Quarry \(Quarry.version) — tables: \(list). Type .help for help.\n"
    }

    /// True when `line` is a dot-command rather than the start of a statement.
    public static func isCommand(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.first == "."
    }

    /// Runs one complete input at the prompt: a dot-command, or one or more statements.
    /// Errors are printed and the prompt goes on. Returns false when the shell should end.
    @discardableResult
    public func handle(_ input: String) -> Bool {
        if Shell.isCommand(input) {
            do {
                return try runCommand(input.trimmingCharacters(in: " \t"))
            } catch {
                session.writeError(error.rendered(in: nil, color: session.errorColor))
                return true
            }
        }
        session.run(SourceText(name: nil, text: input))
        return true
    }

    public enum ScriptOutcome: Equatable {
        case finished
        /// `.quit` ended the script early.
        case quit
        case failed(Diagnostic)
    }

    /// Runs a script (a file, or statements piped to standard input): statements, and
    /// dot-commands on lines of their own between statements. Stops at the first error.
    public func runScript(_ text: String, name: String?) -> ScriptOutcome {
        var chunk: [Substring] = []
        var chunkStart = 1
        func flush() -> Diagnostic? {
            defer { chunk = [] }
            guard chunk.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
            return session.run(SourceText(name: name, text: chunk.joined(separator: "\n"), firstLine: chunkStart))
        }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let between = Parser.isComplete(chunk.joined(separator: "\n"))
            if between, Shell.isCommand(String(line)) {
                if let error = flush() { return .failed(error) }
                do {
                    if try !runCommand(String(line).trimmingCharacters(in: " \t\r")) { return .quit }
                } catch {
                    var located = error
                    if located.file == nil, let name {
                        located.file = name
                        located.line = number + 1
                    }
                    session.writeError(located.rendered(in: nil, color: session.errorColor))
                    return .failed(located)
                }
                chunkStart = number + 2
                continue
            }
            if chunk.isEmpty { chunkStart = number + 1 }
            chunk.append(line)
        }
        if let error = flush() { return .failed(error) }
        return .finished
    }
}
