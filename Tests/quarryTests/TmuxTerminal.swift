import QuarryTestSupport
import XCTest

/// `quarry` in a detached tmux session: keys are sent as a person types them and the screen is
/// read back. `recordTo` also records every byte the program writes (through `pipe-pane`).
struct TmuxTerminal {
    let name = "quarry-test-\(getpid())-\(Int.random(in: 0..<1_000_000))"

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let finished = try ChildProcess.run(["tmux"] + arguments, timeout: 20)
        if finished.status != 0 {
            throw NSError(
                domain: "tmux", code: Int(finished.status),
                userInfo: [NSLocalizedDescriptionKey: "tmux \(arguments.first ?? "") failed: \(finished.stderr)"])
        }
        return finished.stdout
    }

    /// Starts quarry over `files` in a terminal `width` columns wide, with `TERM` set to `term`
    /// and colour allowed only when `color` is true.
    func start(
        files: [String], stateFolder: String, width: Int = 100, term: String = "xterm", color: Bool = false,
        recordTo record: String? = nil
    ) throws {
        let quoted = files.map { "'\($0)'" }.joined(separator: " ")
        // Waits for the recording to start before quarry writes anything.
        let wait = record == nil ? "" : "sleep 0.5; "
        let command =
            "\(wait)cd \(TestPaths.repository) && XDG_STATE_HOME=\(stateFolder) \(color ? "" : "NO_COLOR=1 ")TERM=\(term) "
            + "\(TestPaths.executable) \(quoted); echo \"exit status $?\"; sleep 600"
        try run([
            "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "50", "bash", "--norc", "--noprofile", "-c", command,
        ])
        if let record { try run(["pipe-pane", "-t", name, "-o", "cat > '\(record)'"]) }
    }

    func resize(width: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(width)"])
        Thread.sleep(forTimeInterval: 0.3)
    }

    func type(_ text: String) throws {
        try run(["send-keys", "-t", name, "-l", text])
        Thread.sleep(forTimeInterval: 0.15)
    }

    func press(_ key: String) throws {
        try run(["send-keys", "-t", name, key])
        Thread.sleep(forTimeInterval: 0.15)
    }

    func screen() throws -> String { try run(["capture-pane", "-p", "-t", name]) }

    /// Waits (up to ten seconds) for the screen to show `text` `count` times; fails with the
    /// screen if it never does.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var shown = ""
        for _ in 0..<100 {
            shown = try screen()
            if shown.components(separatedBy: text).count - 1 >= count { return shown }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("the screen never showed \(text):\n\(shown)", file: file, line: line)
        return shown
    }

    func close() { _ = try? ChildProcess.run(["tmux", "kill-session", "-t", name], timeout: 20) }
}
