import Foundation
import LineEditing
import QuarryTestSupport
import XCTest

/// History as people meet it: two prompts open at once, and a history path that is a folder,
/// driven in real terminals through tmux.
final class PromptHistoryTests: XCTestCase {
    let tag = "quarry-history-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    var stateFolder = ""
    var sessions: [String] = []

    override func setUpWithError() throws {
        stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateFolder + "/quarry", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for session in sessions { _ = try? ChildProcess.run(["tmux", "kill-session", "-t", session], timeout: 20) }
        try? FileManager.default.removeItem(atPath: stateFolder)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let finished = try ChildProcess.run(["tmux"] + arguments, timeout: 20)
        if finished.status != 0 { XCTFail("tmux \(arguments.first ?? "") failed: \(finished.stderr)") }
        return finished.stdout
    }

    /// Starts a prompt over the demo tables in a terminal of its own; returns its session name.
    func start(_ name: String) throws -> String {
        let session = "\(tag)-\(name)"
        let command =
            "cd \(TestPaths.repository) && XDG_STATE_HOME=\(stateFolder) NO_COLOR=1 TERM=xterm \(TestPaths.executable); "
            + "echo \"exit status $?\"; sleep 600"
        try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "40", "bash", "--norc", "--noprofile", "-c", command])
        sessions.append(session)
        return session
    }

    func type(_ session: String, _ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
        Thread.sleep(forTimeInterval: 0.15)
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    /// Waits (up to ten seconds) for the screen to show `text` `count` times.
    @discardableResult
    func waitFor(_ session: String, _ text: String, count: Int = 1, file: StaticString = #filePath, line: UInt = #line)
        throws -> String
    {
        var shown = ""
        for _ in 0..<100 {
            shown = try tmux(["capture-pane", "-p", "-t", session])
            if shown.components(separatedBy: text).count - 1 >= count { return shown }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("the screen never showed \(text):\n\(shown)", file: file, line: line)
        return shown
    }

    func testTwoPromptsOpenAtOnceKeepEachOthersHistory() throws {
        let first = try start("first")
        let second = try start("second")
        try waitFor(first, "quarry>")
        try waitFor(second, "quarry>")
        try type(first, "countries count")
        try waitFor(first, "1 row")
        try type(second, "countries limit 2")
        try waitFor(second, "2 rows")
        try type(first, "countries top 3 by population")
        try waitFor(first, "3 rows")
        try type(second, ".tables")
        // Each statement done shows a fresh prompt.
        try waitFor(second, "quarry>", count: 3)
        try type(first, ".quit")
        try waitFor(first, "exit status 0")
        try type(second, ".quit")
        try waitFor(second, "exit status 0")
        let entries = HistoryFile(path: stateFolder + "/quarry/history") { XCTFail($0) }.entries()
        // (A repeat of the entry before it is kept once.)
        XCTAssertEqual(entries, ["countries count", "countries limit 2", "countries top 3 by population", ".tables", ".quit"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: stateFolder + "/quarry"), ["history"])
    }

    func testAHistoryPathThatIsAFolderWarnsOnce() throws {
        let history = stateFolder + "/quarry/history"
        try FileManager.default.createDirectory(atPath: history, withIntermediateDirectories: true)
        let prompt = try start("folder")
        try waitFor(prompt, "quarry>")
        try type(prompt, "countries count")
        try waitFor(prompt, "1 row")
        try type(prompt, "countries limit 2")
        let shown = try waitFor(prompt, "2 rows")
        let warning = "warning: the history path \(history) is a folder; history is not saved in this session"
        XCTAssertEqual(shown.replacingOccurrences(of: "\n", with: "").components(separatedBy: warning).count - 1, 1, shown)
        try type(prompt, ".quit")
        try waitFor(prompt, "exit status 0")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: stateFolder + "/quarry"), ["history"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: history), [])
    }
}
