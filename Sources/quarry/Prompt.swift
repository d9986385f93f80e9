@preconcurrency import Glibc
import LineEditing
import QuarryBase
import QuarryIO
import QuarryShell
import QuarrySyntax
import Synchronization

/// Set by Ctrl-C; a signal handler can only reach global state.
let interruptRequested = Atomic<Bool>(false)
/// True while a statement runs, so Ctrl-C's `^C` gets a line of its own before the note.
let statementRunning = Atomic<Bool>(false)

/// The interactive prompt: reads lines with libedit until the parser says the statement is
/// complete, runs it, and keeps going after errors. Ctrl-C drops the input being typed or stops
/// the running query; Ctrl-D on an empty line exits.
struct Prompt {
    let shell: Shell
    let terminal: Terminal

    func run() -> Int32 {
        setUpLocale()
        installInterruptHandler()
        let session = shell.session
        session.interactive = true
        session.isCancelled = { interruptRequested.load(ordering: .relaxed) }
        shell.pager = getenv("PAGER").map { String(cString: $0) }
        shell.screenHeight = terminal.size?.rows
        var pending = ""
        let completer = { (line: String, cursor: Int) -> CompletionResult in
            promptCompletion(session: session, pending: pending, line: line, cursor: cursor)
        }
        let warn = { (message: String) in _ = fputs("warning: \(message)\n", stderr) }
        let reader: LineReader =
            EditLineReader(historyPath: Prompt.historyPath(), complete: completer, warn: warn) ?? PlainLineReader()
        print(shell.banner, terminator: "")
        while true {
            let line: String?
            do {
                line = try reader.readLine(prompt: pending.isEmpty ? "quarry> " : "   ...> ")
            } catch {
                // Ctrl-C: drop what was typed and start a fresh line.
                print("")
                pending = ""
                interruptRequested.store(false, ordering: .relaxed)
                continue
            }
            guard let line else {
                print("")
                return 0
            }
            terminal.applySize(to: shell)
            if pending.isEmpty, Shell.isCommand(line) {
                reader.addHistory(line)
                if !shell.handle(line) { return 0 }
                if session.outputClosed { return Quarry.closedOutputStatus }
                continue
            }
            pending = pending.isEmpty ? line : pending + "\n" + line
            if pending.allSatisfy(\.isWhitespace) {
                pending = ""
                continue
            }
            guard Shell.isComplete(pending) else { continue }
            reader.addHistory(pending)
            interruptRequested.store(false, ordering: .relaxed)
            statementRunning.store(true, ordering: .relaxed)
            shell.handle(pending)
            statementRunning.store(false, ordering: .relaxed)
            if session.outputClosed { return Quarry.closedOutputStatus }
            interruptRequested.store(false, ordering: .relaxed)
            pending = ""
        }
    }

    /// UTF-8 input needs a UTF-8 locale; fall back to C.UTF-8 when the environment has none.
    func setUpLocale() {
        setlocale(LC_CTYPE, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
    }

    /// Ctrl-C sets a flag instead of ending the process. Without SA_RESTART, a read in progress
    /// returns, so libedit drops the line being typed; a running query sees the flag and stops.
    func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptRequested.store(true, ordering: .relaxed)
            if statementRunning.load(ordering: .relaxed) { _ = write(STDERR_FILENO, "\n", 1) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// `$XDG_STATE_HOME/quarry/history`, by default `~/.local/state/quarry/history`; its folder is
    /// made (owner-only) when missing. Nil when there is no home to keep it in.
    static func historyPath() -> String? {
        var base: String
        if let state = getenv("XDG_STATE_HOME"), !String(cString: state).isEmpty {
            base = String(cString: state)
        } else if let home = getenv("HOME"), !String(cString: home).isEmpty {
            base = String(cString: home) + "/.local/state"
        } else {
            return nil
        }
        base += "/quarry"
        var path = base.hasPrefix("/") ? "" : "."
        for part in base.split(separator: "/") {
            path += "/" + part
            mkdir(path, 0o700)
        }
        return base + "/history"
    }
}
