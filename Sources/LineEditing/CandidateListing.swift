import CEditLine
import Glibc

/// How Tab lists several candidates: in columns as wide as the widest candidate (in terminal
/// columns, which the caller measures: an East Asian wide character takes two), as many columns
/// as the terminal's width holds, then a line saying how many more matched but are not shown.
public enum CandidateListing {
    /// The listing's text, each line ending in a line feed, for a terminal `width` columns wide.
    public static func text(_ candidates: [CompletionResult.Candidate], more: Int, width: Int) -> String {
        let cell = (candidates.map(\.width).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var listing = ""
        for (i, candidate) in candidates.enumerated() {
            let lastOnLine = (i + 1) % perLine == 0 || i == candidates.count - 1
            listing += candidate.display
            listing += lastOnLine ? "\n" : String(repeating: " ", count: max(0, cell - candidate.width))
        }
        if more > 0 { listing += "… and \(more) more\n" }
        return listing
    }

    /// The width of the terminal on `file`, read now (it changes when the window is resized);
    /// 80 when it is not a terminal or does not say.
    static func terminalWidth(_ file: UnsafeMutablePointer<FILE>) -> Int {
        var window = winsize()
        if ioctl(fileno(file), UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 { return Int(window.ws_col) }
        return 80
    }
}
