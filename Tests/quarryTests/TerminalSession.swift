import Foundation
import QuarryTestSupport
import XCTest

/// A shell in a real pseudo-terminal (a tmux session), to run `quarry` in as a person would and
/// read the screen.
final class TerminalSession {
    let name = "quarry-term-\(getpid())-\(Int.random(in: 0..<1_000_000))"

    /// Starts bash (no start-up files) in a terminal `columns` x `rows`, in the repository.
    init(columns: Int = 100, rows: Int = 40) throws {
        try tmux([
            "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", "env", "PS1=$ ", "bash", "--norc",
            "--noprofile",
        ])
        try type("cd \(TestPaths.repository)")
        try press("Enter")
    }

    deinit { _ = try? ChildProcess.run(["tmux", "kill-session", "-t", name], timeout: 20) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let finished = try ChildProcess.run(["tmux"] + arguments, timeout: 20)
        if finished.status != 0 {
            throw NSError(
                domain: "tmux", code: Int(finished.status),
                userInfo: [NSLocalizedDescriptionKey: "tmux \(arguments.first ?? "") failed: \(finished.stderr)"])
        }
        return finished.stdout
    }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func press(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }

    /// Types a line and presses Enter.
    func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// The screen and its scrollback.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-S", "-2000", "-t", name]) }

    /// The exit statuses the shell reported (`echo "exit status $?"` after the program).
    func exitStatuses() throws -> [String] {
        try screen().split(separator: "\n").filter { $0.hasPrefix("exit status ") }.map { String($0.dropFirst(12)) }
    }

    /// The last line of the screen that has text.
    func lastLine() throws -> String {
        let lines = try tmux(["capture-pane", "-p", "-t", name]).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// Waits until the screen's last line is `text`, up to `seconds`, or fails showing the screen.
    func waitForLastLine(_ text: String, seconds: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if try lastLine() == text { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTFail("the last line never was \(text):\n\(try screen())", file: file, line: line)
    }

    /// How many times `text` is on the screen (and its scrollback).
    func count(_ text: String) throws -> Int { try screen().components(separatedBy: text).count - 1 }

    /// Waits until `text` is on the screen `count` times, up to `seconds`; returns the seconds it
    /// took, or fails showing the screen.
    @discardableResult
    func waitFor(
        _ text: String, count: Int = 1, seconds: Double = 20, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Double {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if try self.count(text) >= count { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTFail("the screen never showed \(text) \(count) times:\n\(try screen())", file: file, line: line)
        return seconds
    }
}
