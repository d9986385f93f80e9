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
    /// The last statement run at the prompt, for `.edit`.
    public var lastStatement: String?
    /// Adds what `.edit` ran to the prompt's history (the prompt sets it).
    public var addToHistory: ((String) -> Void)?

    /// The scripts running now, outermost first: as named, and as resolved to compare.
    var scriptsRunning: [(name: String, resolved: String)] = []

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

    /// True when `line` is a dot-command (or `!` and a shell command) rather than the start of
    /// a statement.
    public static func isCommand(_ line: String) -> Bool {
        let text = line.drop { $0 == " " || $0 == "\t" }
        return text.first == "." || (text.first == "!" && !text.hasPrefix("!="))
    }

    /// Runs one complete input at the prompt: a dot-command, or one or more statements.
    /// Errors are printed and the prompt goes on. Returns false when the shell should end.
    @discardableResult
    public func handle(_ input: String) -> Bool {
        LargeStack.run { () -> Bool in
            if Shell.isCommand(input) {
                do throws(Diagnostic) {
                    return try runCommand(input.trimmingCharacters(in: " \t"))
                } catch {
                    session.report(error, in: nil)
                    return true
                }
            }
            lastStatement = input
            session.run(SourceText(name: nil, text: input))
            return true
        }
    }

    /// `Parser.isComplete` on a `LargeStack`: the prompt asks it of every line typed or pasted.
    public static func isComplete(_ text: String) -> Bool {
        LargeStack.run { Parser.isComplete(text) }
    }

    public enum ScriptOutcome: Equatable {
        case finished
        /// `.quit` ended the script early.
        case quit
        case failed(Diagnostic)
    }

    /// Runs a script (a file, or statements piped to standard input): statements, and
    /// dot-commands on lines of their own between statements. Stops at the first error.
    /// `file` is the script's path, when it is a file: a script that `.read`s a script already
    /// running (itself, or one that read it) is an error naming the chain. A UTF-8 byte order
    /// mark at the start is skipped. Time is linear in the script's length: the statements
    /// between two dot-commands are parsed once, as one text.
    public func runScript(_ text: String, name: String?, file: String? = nil) -> ScriptOutcome {
        LargeStack.run { () -> ScriptOutcome in
            if let file {
                if let error = refusal(toRun: file) {
                    session.report(error, in: nil)
                    return .failed(error)
                }
                scriptsRunning.append((file, Shell.resolved(file)))
            }
            defer { if file != nil { scriptsRunning.removeLast() } }
            return runLines(text.first == "\u{FEFF}" ? String(text.dropFirst()) : text, name: name)
        }
    }

    /// Why the script `file` may not start now: it is running already (the error names the
    /// chain, `a.qry -> b.qry -> a.qry`), or scripts are nested `Limits.scriptNesting` deep.
    func refusal(toRun file: String) -> Diagnostic? {
        let resolved = Shell.resolved(file)
        let chain = scriptsRunning.map(\.name) + [file]
        if scriptsRunning.contains(where: { $0.resolved == resolved }) { return Diagnostic.scriptCycle(chain) }
        if scriptsRunning.count >= Limits.scriptNesting { return Diagnostic.scriptsNestedTooDeeply(chain) }
        return nil
    }

    /// The path with links and `..` resolved, to tell whether two names are one file.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    private func runLines(_ text: String, name: String?) -> ScriptOutcome {
        var chunk: [Substring] = []
        var chunkStart = 1
        func flush() -> Diagnostic? {
            defer { chunk = [] }
            guard chunk.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
            let text = chunk.joined(separator: "\n")
            lastStatement = text.trimmingCharacters(in: " \t\n\r")
            return session.run(SourceText(name: name, text: text, firstLine: chunkStart))
        }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Only a dot-command line needs to know whether the statements above are complete
            // (else it is part of a string or bracket); asking at every line would be quadratic.
            if Shell.isCommand(String(line)), Parser.isComplete(chunk.joined(separator: "\n")) {
                if let error = flush() { return .failed(error) }
                do {
                    if try !runCommand(String(line).trimmingCharacters(in: " \t\r")) { return .quit }
                } catch {
                    var located = error
                    if located.file == nil, let name {
                        located.file = name
                        located.line = number + 1
                    }
                    session.report(located, in: nil)
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
