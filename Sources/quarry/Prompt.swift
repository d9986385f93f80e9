@preconcurrency import Glibc
import LineEditing
import QuarryBase
import QuarryIO
import QuarryShell
import QuarrySyntax
import Synchronization

/// The interactive prompt: reads lines with libedit until the parser says the statement is
/// complete, runs it, and keeps going after errors. Ctrl-C drops the input being typed or stops
/// the running query; Ctrl-D on an empty line exits.
struct Prompt {
    let shell: Shell
    let terminal: Terminal

    func run() -> Int32 {
        setUpLocale()
        ProgressLine.start(terminal)
        let session = shell.session
        session.interactive = true
        let warn = { (message: String) in _ = fputs("warning: \(message)\n", stderr) }
        session.pager = Pager(
            mode: .auto, command: Pager.commandFromEnvironment(dumbTerminal: terminal.isDumb, warn: warn),
            screenHeight: terminal.size?.rows)
        var pending = ""
        let completer = { (line: String, cursor: Int) -> CompletionResult in
            promptCompletion(session: session, pending: pending, line: line, cursor: cursor)
        }
        let reader: LineReader =
            EditLineReader(historyPath: Prompt.historyPath(), complete: completer, warn: warn) ?? PlainLineReader()
        shell.addToHistory = { reader.addHistory($0) }
        print(shell.banner, terminator: "")
        fflush(stdout)
        while true {
            let line: String?
            do {
                line = try reader.readLine(prompt: pending.isEmpty ? "quarry> " : "   ...> ")
            } catch {
                // Ctrl-C: drop what was typed and start a fresh line.
                print("")
                pending = ""
                Cancellation.reset()
                continue
            }
            guard let line else {
                print("")
                return 0
            }
            if pending.isEmpty, Shell.isCommand(line) {
                reader.addHistory(line)
                if !run(line) { return 0 }
                if session.outputClosed { return Quarry.closedOutputStatus }
                continue
            }
            if !pending.isEmpty, line.trimmingCharacters(in: " \t") == ".edit" {
                // The statement being typed goes to the editor, and runs from there.
                let current = pending
                pending = ""
                terminal.applySize(to: shell)
                shell.edit(current: current)
                continue
            }
            pending = pending.isEmpty ? line : pending + "\n" + line
            if pending.allSatisfy(\.isWhitespace) {
                pending = ""
                continue
            }
            guard Shell.isComplete(pending) else { continue }
            reader.addHistory(pending)
            run(pending)
            if session.outputClosed { return Quarry.closedOutputStatus }
            pending = ""
        }
    }

    /// Runs a statement or dot-command with Ctrl-C armed, for the screen as it is now; false
    /// when the shell should end.
    @discardableResult
    func run(_ input: String) -> Bool {
        terminal.applySize(to: shell)
        Cancellation.reset()
        statementRunning.store(true, ordering: .relaxed)
        defer {
            statementRunning.store(false, ordering: .relaxed)
            Cancellation.reset()
        }
        return shell.handle(input)
    }

    /// UTF-8 input needs a UTF-8 locale; fall back to C.UTF-8 when the environment has none.
    func setUpLocale() {
        setlocale(LC_CTYPE, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
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
