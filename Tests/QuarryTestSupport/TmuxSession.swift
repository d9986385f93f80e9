import Foundation

/// A program in a real pseudo-terminal (a detached tmux session), driven as a person would:
/// keys typed, the screen read back. Each session has a tmux server of its own (its own
/// socket), so ending one never races another starting; closing (or releasing) it ends both.
public final class TmuxSession {
    public let name = "quarry-test-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    /// Whether `screen()` includes what has scrolled off the top (for counting every output
    /// of a long session), or only what is on the screen now.
    public var readsHistory = false

    /// The screen never showed what a test waited for.
    public struct NeverShown: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `command` under `bash -c`, or, with none, an interactive bash (no start-up files,
    /// prompt `$ `) in the repository, in a terminal `columns` x `rows`.
    public init(command: String? = nil, columns: Int = 100, rows: Int = 40) throws {
        let program =
            command.map { ["bash", "--norc", "--noprofile", "-c", $0] } ?? ["env", "PS1=$ ", "bash", "--norc", "--noprofile"]
        try run(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)"] + program)
        if command == nil { try enter("cd \(TestPaths.repository)") }
    }

    deinit { close() }

    public func close() { _ = try? ChildProcess.run(["tmux", "-L", name, "kill-server"], timeout: 20) }

    /// Runs a tmux command on this session's server; throws with tmux's message when it fails.
    @discardableResult
    public func run(_ arguments: [String]) throws -> String {
        let finished = try ChildProcess.run(["tmux", "-L", name] + arguments, timeout: 20)
        guard finished.status == 0 else {
            throw NeverShown(description: "tmux \(arguments.first ?? "") failed: \(finished.stderr)")
        }
        return finished.stdout
    }

    /// Types `text` literally.
    public func type(_ text: String) throws {
        try run(["send-keys", "-t", name, "-l", text])
        Thread.sleep(forTimeInterval: 0.15)
    }

    /// Presses a key: `Enter`, `Tab`, `C-c`, `Up`.
    public func press(_ key: String) throws {
        try run(["send-keys", "-t", name, key])
        Thread.sleep(forTimeInterval: 0.15)
    }

    /// Types a line and presses Enter.
    public func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// Sends a key at once, with no pause after it (for timing what follows).
    public func pressNow(_ key: String) throws { try run(["send-keys", "-t", name, key]) }

    public func resize(columns: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)"])
        Thread.sleep(forTimeInterval: 0.3)
    }

    /// Records every byte the program writes to `path`, from now on.
    public func record(to path: String) throws { try run(["pipe-pane", "-t", name, "-o", "cat > '\(path)'"]) }

    /// What the screen shows (with the history when `readsHistory`).
    public func screen() throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (readsHistory ? ["-S", "-3000"] : []))
    }

    /// The screen with its colours and attributes as escape codes.
    public func screenWithAttributes() throws -> String { try run(["capture-pane", "-e", "-p", "-t", name]) }

    /// How many times `text` is on the screen.
    public func count(_ text: String) throws -> Int { try screen().components(separatedBy: text).count - 1 }

    /// Waits until the screen shows `text` `count` times, up to `seconds`, and returns the screen;
    /// throws, showing the screen, when it never does.
    @discardableResult
    public func waitFor(_ text: String, count: Int = 1, seconds: Double = 10) throws -> String {
        try wait(seconds, "the screen never showed \(text) \(count) times") { screen in
            screen.components(separatedBy: text).count - 1 >= count
        }.screen
    }

    /// How many seconds passed until the screen showed `text` `count` times (up to `seconds`).
    public func secondsUntil(_ text: String, count: Int = 1, seconds: Double = 10) throws -> Double {
        try wait(seconds, "the screen never showed \(text) \(count) times") { screen in
            screen.components(separatedBy: text).count - 1 >= count
        }.seconds
    }

    /// Waits until the last line with text is `text` (a pager's `:` prompt, say).
    public func waitForLastLine(_ text: String, seconds: Double = 10) throws {
        try wait(seconds, "the last line never was \(text)") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: true)
            return lines.last.map { $0.trimmingCharacters(in: .whitespaces) } == text
        }
    }

    /// The exit statuses the shell reported (`echo "exit status $?"` after the program).
    public func exitStatuses() throws -> [String] {
        try screen().split(separator: "\n").filter { $0.hasPrefix("exit status ") }.map { String($0.dropFirst(12)) }
    }

    @discardableResult
    private func wait(_ seconds: Double, _ failure: String, until done: (String) -> Bool) throws -> (
        screen: String, seconds: Double
    ) {
        let start = Date()
        var shown = ""
        while Date().timeIntervalSince(start) < seconds {
            shown = try screen()
            if done(shown) { return (shown, Date().timeIntervalSince(start)) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw NeverShown(description: "\(failure):\n\(shown)")
    }
}
