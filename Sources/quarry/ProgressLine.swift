@preconcurrency import Glibc
import QuarryBase

/// The progress line on standard error: drawn by a thread of its own a few times a second for
/// work that has run more than `Progress.delay`, and erased before the work's output. Only when
/// standard input, output and error are all a terminal that takes escape codes, so never in
/// pipes, files or scripts.
enum ProgressLine {
    nonisolated(unsafe) private static var started = false

    /// Installs the drawer and starts the ticker, once; does nothing unless `terminal` is
    /// standard input, output and error alike, and takes escape codes.
    static func start(_ terminal: Terminal) {
        guard !started, terminal.isInteractive, terminal.outputIsTerminal, terminal.errorIsTerminal, !terminal.isDumb
        else { return }
        started = true
        Progress.install(
            Progress.Drawer(
                draw: { text in writeAll("\r" + text + "\u{1B}[K") },
                erase: { writeAll("\r\u{1B}[K") }))
        var thread = pthread_t()
        pthread_create(
            &thread, nil,
            { _ in
                while true {
                    usleep(200_000)
                    Progress.tick(width: ProgressLine.width())
                }
            }, nil)
        pthread_detach(thread)
    }

    /// The width of the terminal on standard error now (it may have been resized).
    static func width() -> Int {
        var window = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return 80 }
        return Int(window.ws_col)
    }

    private static func writeAll(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
