@preconcurrency import Glibc
import QuarryBase
import QuarryIO
import QuarryShell

/// What the process is attached to, and the display choices that follow from it: limits and
/// colour only on a terminal, colour only when `NO_COLOR` is unset and `TERM` names a terminal
/// that is not `dumb`.
struct Terminal {
    let isInteractive = isatty(STDIN_FILENO) != 0
    let outputIsTerminal = isatty(STDOUT_FILENO) != 0
    let errorIsTerminal = isatty(STDERR_FILENO) != 0
    let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
    /// `TERM=dumb`, or no `TERM` at all: a terminal that takes no escape codes, so no colour.
    let isDumb = Terminal.termIsDumb(getenv("TERM").map { String(cString: $0) })

    static func termIsDumb(_ term: String?) -> Bool { term.map { $0.isEmpty || $0 == "dumb" } ?? true }

    /// The terminal's size, or nil when stdout is not one.
    var size: (columns: Int, rows: Int)? {
        guard outputIsTerminal else { return nil }
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
            return (Int(window.ws_col), Int(window.ws_row))
        }
        let columns = getenv("COLUMNS").flatMap { Int(String(cString: $0)) } ?? 80
        return (columns, 24)
    }

    var tableStyle: TableStyle {
        guard let size else { return TableStyle() }
        return TableStyle(maxWidth: size.columns, maxRows: 40, color: !noColor && !isDumb)
    }

    var errorColor: Bool { errorIsTerminal && !noColor && !isDumb }
}
