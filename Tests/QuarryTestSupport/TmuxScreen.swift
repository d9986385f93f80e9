import Foundation

/// A program run in a real pseudo-terminal (a detached tmux session), its screen read as a
/// person would. `close()` ends the session.
public struct TmuxScreen {
    public let session = "quarry-test-\(getpid())-\(Int.random(in: 0..<1_000_000))"

    /// Starts `command` under `bash -c` in a terminal `columns` wide.
    public init(_ command: String, columns: Int = 200, rows: Int = 30) throws {
        let started = try ChildProcess.run(
            [
                "tmux", "new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", "bash", "--norc",
                "--noprofile", "-c", command,
            ], timeout: 20)
        guard started.status == 0 else { throw TmuxFailed(message: started.stderr) }
    }

    struct TmuxFailed: Error { var message: String }

    /// Types `text` literally, or presses a key (`Enter`, `C-d`) when `key` is true.
    public func send(_ text: String, key: Bool = false) throws {
        _ = try ChildProcess.run(["tmux", "send-keys", "-t", session] + (key ? [] : ["-l"]) + [text], timeout: 20)
        Thread.sleep(forTimeInterval: 0.15)
    }

    /// What the screen shows now ("" when tmux cannot say).
    public func screen() -> String {
        (try? ChildProcess.run(["tmux", "capture-pane", "-p", "-t", session], timeout: 20))?.stdout ?? ""
    }

    /// Waits up to ten seconds for the screen to show `text`; returns the screen (nil if it never did).
    public func waitFor(_ text: String) -> String? {
        for _ in 0..<100 {
            let shown = screen()
            if shown.contains(text) { return shown }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    public func close() { _ = try? ChildProcess.run(["tmux", "kill-session", "-t", session], timeout: 20) }
}
