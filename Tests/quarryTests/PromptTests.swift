import QuarryTestSupport
import XCTest

/// Drives `quarry` under a real pseudo-terminal (tmux) and reads the screen, as a person would.
final class PromptTests: XCTestCase {
    var session = "quarry-test-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    var stateFolder = ""

    override func setUpWithError() throws {
        stateFolder = try TestPaths.temporaryFolder("state")
    }

    override func tearDownWithError() throws {
        _ = try? tmux(["kill-session", "-t", session])
        try? FileManager.default.removeItem(atPath: stateFolder)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let finished = try ChildProcess.run(["tmux"] + arguments, timeout: 20)
        if finished.status != 0, arguments.first != "kill-session" {
            throw NSError(
                domain: "tmux", code: Int(finished.status),
                userInfo: [NSLocalizedDescriptionKey: "tmux \(arguments.first ?? "") failed: \(finished.stderr)"])
        }
        return finished.stdout
    }

    /// Starts quarry in a fresh terminal 100 columns wide; the shell around it reports its exit status.
    /// `limits` runs first in that shell (`ulimit -v 2000000 && `).
    func start(limits: String = "") throws {
        let command =
            "cd \(TestPaths.repository) && \(limits)XDG_STATE_HOME=\(stateFolder) NO_COLOR=1 TERM=xterm "
            + "\(TestPaths.executable) \(TestPaths.sharedData)/layoffs.csv Samples/countries.csv; "
            + "echo \"exit status $?\"; sleep 600"
        try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "50", "bash", "--norc", "--noprofile", "-c", command])
    }

    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
        Thread.sleep(forTimeInterval: 0.15)
    }

    func press(_ key: String) throws {
        try tmux(["send-keys", "-t", session, key])
        Thread.sleep(forTimeInterval: 0.15)
    }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    /// Waits (up to ten seconds) for the screen to show `text`; fails with the screen if it never does.
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

    func testAPersonAtThePrompt() throws {
        try start()
        try waitFor("Quarry 0.1.0 — tables: layoffs (4,523 rows), countries (12 rows). Type .help for help.")
        try waitFor("quarry>")

        // Tab completes a column, then a value of that column.
        try type("layoffs where ind")
        try press("Tab")
        try waitFor("quarry> layoffs where industry")
        try type(" = \"Ret")
        try press("Tab")
        try waitFor("quarry> layoffs where industry = \"Retail\"")

        // A line ending in | continues on the next, under the continuation prompt.
        try type(" |")
        try press("Enter")
        try waitFor("   ...>")
        try type("  group by year(date)")
        try press("Enter")
        var shown = try waitFor("7 rows")
        XCTAssertTrue(shown.contains("│ 2020 │    57 │"), shown)
        XCTAssertTrue(shown.contains("│ 2026 │    18 │"), shown)

        // An ambiguous value lists the candidates.
        try type("layoffs where industry = \"Re")
        try press("Tab")
        try waitFor("Real Estate")
        try press("C-c")

        // Tab completes a table name; Ctrl-C drops the half-typed statement.
        try type("layoffs join cou")
        try press("Tab")
        try waitFor("quarry> layoffs join countries")
        try press("C-c")
        try type("countries count")
        try press("Enter")
        shown = try waitFor("1 row")
        XCTAssertTrue(shown.contains("│    12 │"), shown)
        XCTAssertFalse(shown.contains("layoffs join countries countries"), "the cancelled input was dropped")

        // Up recalls whole statements, the two-line one included.
        try press("Up")
        try press("Up")
        try waitFor("quarry> layoffs where industry = \"Retail\" |\n  group by year(date)")
        try press("Enter")
        try waitFor("7 rows", count: 2)

        // Ctrl-D on an empty line exits with status 0.
        try press("C-d")
        try waitFor("exit status 0")

        // History is kept across a restart.
        let history = stateFolder + "/quarry/history"
        let attributes = try FileManager.default.attributesOfItem(atPath: history)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        try tmux(["kill-session", "-t", session])
        try start()
        try waitFor("quarry>")
        try press("Up")
        try waitFor("quarry> layoffs where industry = \"Retail\" |")
    }

    /// Out of memory at the prompt is an error, not the end of the session: under `ulimit -v`, a
    /// load and a join too big for the address space fail, and the tables from before still answer.
    func testRunningOutOfMemoryKeepsThePrompt() throws {
        // 600,000 rows of a 1,000-column file: about 2.5 GB of columns from 1.2 MB of text.
        let wide = stateFolder + "/wide.csv"
        let header = (1...1000).map { "c\($0)" }.joined(separator: ",")
        try (header + "\n" + String(repeating: "1\n", count: 600_000)).write(toFile: wide, atomically: false, encoding: .utf8)
        try start(limits: "ulimit -v 2000000 && ")
        try waitFor("quarry>")
        try type("let big = layoffs derive k = 1")
        try press("Enter")
        try waitFor("big: 4,523 rows, 12 columns")
        // Every row matches every row: 20 million rows of 23 columns.
        try type("big join big on k")
        try press("Enter")
        try waitFor("error: this join would make 20 million rows")
        try type("load \"\(wide)\"")
        try press("Enter")
        try waitFor("rows of 1000 columns (about 2.5 GB)")
        try type("big count")
        try press("Enter")
        let shown = try waitFor("1 row")
        XCTAssertTrue(shown.contains("│  4523 │"), shown)
        try press("C-d")
        try waitFor("exit status 0")
    }

    func testPipedInputHasNoPromptNoEscapesAndNoHistory() throws {
        let finished = try ChildProcess.run(
            [TestPaths.executable, TestPaths.sharedData + "/layoffs.csv"],
            input: "layoffs where industry = \"Retail\" |\n  count\n.schema layoffs\n",
            environment: ["XDG_STATE_HOME": stateFolder, "TERM": "xterm", "HOME": stateFolder])
        let text = finished.stdout + finished.stderr
        XCTAssertEqual(finished.status, 0)
        XCTAssertTrue(text.contains("│   359 │"), text)
        XCTAssertTrue(text.contains("│ total_laid_off      │ int    │  1563 │"), text)
        XCTAssertFalse(text.contains("quarry>"))
        XCTAssertFalse(text.contains("\u{1B}"), "no escape codes")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: stateFolder), [], "no history written")
    }
}
