@preconcurrency import Glibc
import QuarryBase
import QuarryIO
import QuarryShell

/// What happens before the first statement: which start-up file runs, and where statements
/// come from when standard input holds data.
enum StartUp {
    static let defaultPathDescription = "$XDG_CONFIG_HOME/quarry/init.qry (by default ~/.config/quarry/init.qry)"

    /// `$XDG_CONFIG_HOME/quarry/init.qry`, else `~/.config/quarry/init.qry`; nil with neither set.
    static func defaultInitPath() -> String? {
        if let config = environment("XDG_CONFIG_HOME") { return config + "/quarry/init.qry" }
        if let home = environment("HOME") { return home + "/.config/quarry/init.qry" }
        return nil
    }

    /// The variable's value, when set and not empty.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The start-up file to run, if any: `--init FILE` always; the default one only for a session
    /// that reads statements as they come (`opensSession`), when it exists and `--no-init` is not given.
    static func initFile(_ options: CommandLineOptions, opensSession: Bool) -> String? {
        if let given = options.initFile { return given }
        guard opensSession, !options.noInit, let path = defaultInitPath() else { return nil }
        var info = stat()
        return stat(path, &info) == 0 ? path : nil
    }

    /// Runs the start-up file. Its errors are shown with file:line and what follows still runs;
    /// returns false when it failed. A file that cannot be read is bad usage when it was asked
    /// for by name (exit 2), and a warning when it is the default one.
    static func runInit(_ path: String, explicit: Bool, shell: Shell) -> Bool {
        guard let text = TextFile.read(path) else {
            let error = Diagnostic.unreadableFile(path, reason: "cannot open the start-up file")
            if explicit {
                shell.session.writeError(error.rendered(in: nil, color: shell.session.errorColor))
                exit(2)
            }
            shell.session.writeError("warning: \(path): cannot open the start-up file; skipped it\n")
            return true
        }
        switch shell.runScript(text, name: path, file: path) {
        case .finished: return true
        case .quit: exit(0)
        case .failed(let error):
            if error.id == .outputClosed { exit(Quarry.closedOutputStatus) }
            return false
        }
    }

    /// When standard input holds data and statements are to be read too, they come from the
    /// terminal (`/dev/tty`), which is opened now and put in standard input's place after the
    /// data is read. Without a terminal this is bad usage: exit 2.
    static func terminalForStatements(dataPath: String) -> Int32 {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0, isatty(tty) != 0, isatty(STDOUT_FILENO) != 0 else {
            fputs(Diagnostic.statementsWithDataOnStandardInput(dataPath).rendered(in: nil), stderr)
            exit(2)
        }
        return tty
    }

    /// Makes the terminal standard input, once the data on it has been read.
    static func readStatements(from tty: Int32) {
        dup2(tty, STDIN_FILENO)
        close(tty)
    }
}
