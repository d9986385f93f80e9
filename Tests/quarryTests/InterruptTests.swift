import Foundation
import QuarryTestSupport
import XCTest

/// Ctrl-C at a real terminal stops a 10-million-row load or sort within a second, leaves every
/// table as it was, and the prompt goes on; a script exits 130. The progress line shows on the
/// terminal during a long load, and not when the output is piped.
final class InterruptTests: XCTestCase {
    /// 10,000,000 rows (about 200 MB) of `id,name,score`, made once for these tests.
    nonisolated(unsafe) static var bigFile: String?
    nonisolated(unsafe) static var folder: String?

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
        super.tearDown()
    }

    func big() throws -> String {
        if let file = Self.bigFile { return file }
        let folder = try TestPaths.temporaryFolder("interrupt")
        Self.folder = folder
        let file = folder + "/big.csv"
        let made = try ChildProcess.run(
            [
                "bash", "-c",
                "{ echo id,name,score; seq 10000000 | awk '{ printf \"%d,n%d,%d.5\\n\", $1, ($1*7919)%100003, $1%1000 }'; } > "
                    + file,
            ], timeout: 300)
        XCTAssertEqual(made.status, 0, made.stderr)
        Self.bigFile = file
        return file
    }

    /// Opens the prompt over the demo tables (and `files`) in a new terminal.
    func prompt(_ files: [String] = [], pipe: String = "") throws -> TmuxSession {
        let terminal = try TmuxSession(columns: 120, rows: 40)
        terminal.readsHistory = true
        try terminal.enter(
            "NO_COLOR=1 TERM=xterm XDG_STATE_HOME=/tmp/quarry-interrupt-\(getpid()) \(TestPaths.executable) "
                + files.joined(separator: " ") + "\(pipe); echo \"exit status $?\"")
        return terminal
    }

    /// `.tables` lists exactly `names`.
    func checkTables(_ terminal: TmuxSession, _ names: [String], file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let prompts = try terminal.count("quarry>")
        try terminal.enter(".tables")
        try terminal.waitFor("quarry>", count: prompts + 1, seconds: 5)
        let listing = try terminal.screen().components(separatedBy: "│ table ").last ?? ""
        let listed = listing.split(separator: "\n").dropFirst().compactMap { row -> String? in
            let cells = row.split(separator: "│", omittingEmptySubsequences: false)
            guard cells.count > 2 else { return nil }
            let name = cells[1].trimmingCharacters(in: .whitespaces)
            return ["", "string"].contains(name) ? nil : name
        }
        XCTAssertEqual(listed, names, file: file, line: line)
    }

    /// Presses Ctrl-C once the screen shows `shown` (the work's progress line), and checks that
    /// the prompt is back, under the cancellation error, within a second.
    func interrupt(_ terminal: TmuxSession, once shown: String, _ work: String, line: UInt = #line) throws {
        try terminal.waitFor(shown)
        let prompts = try terminal.count("quarry>")
        try terminal.pressNow("C-c")
        let seconds = try terminal.secondsUntil("quarry>", count: prompts + 1, seconds: 5)
        XCTAssertLessThan(seconds, 1.0, "\(work) went on \(seconds) s after Ctrl-C", line: line)
        let after = try terminal.screen().components(separatedBy: shown).last ?? ""
        XCTAssertTrue(after.contains("error: cancelled (Ctrl-C); every table is as it was\n"), after, line: line)
        print("Ctrl-C during \(work): the prompt was back \(seconds) s later")
    }

    func testCtrlCStopsALoadAndTheTablesStayAsTheyWere() throws {
        let file = try big()
        let terminal = try prompt()
        try terminal.waitFor("quarry>")
        try terminal.enter(".load \(file)")
        // The progress line, once the load has run a second.
        try interrupt(terminal, once: "loading \(file): ", "a 10M-row load")
        XCTAssertFalse(try terminal.screen().contains("big: 10,000,000 rows"))
        try checkTables(terminal, ["layoffs", "countries"])
        try terminal.enter("countries count")
        try terminal.waitFor("│    12 │")
        XCTAssertEqual(try terminal.exitStatuses(), [])
    }

    func testCtrlCStopsASortAndThePromptGoesOn() throws {
        let file = try big()
        let terminal = try prompt([file])
        try terminal.waitFor("quarry>", seconds: 120)
        try terminal.enter("big sort by name desc")
        try interrupt(terminal, once: "running big sort by name desc (sorting 10 million rows): ", "a 10M-row sort")
        try checkTables(terminal, ["big"])
        try terminal.enter("big where id = 77 | select name")
        try terminal.waitFor("│ n9745 ")
    }

    func testCtrlCEndsAScriptWithStatus130() throws {
        let file = try big()
        let script = (Self.folder ?? "/tmp") + "/sort.qry"
        try "big sort by name desc\n".write(toFile: script, atomically: true, encoding: .utf8)
        let terminal = try prompt([file, script])
        Thread.sleep(forTimeInterval: 2)
        try terminal.pressNow("C-c")
        let seconds = try terminal.secondsUntil("exit status 130", seconds: 5)
        XCTAssertLessThan(seconds, 1.0)
        XCTAssertTrue(try terminal.screen().contains("error: cancelled (Ctrl-C)"))
    }

    func testNoProgressLineWhenTheOutputIsPiped() throws {
        let file = try big()
        let terminal = try prompt([file], pipe: " 2>&1 | cat")
        // Watch the whole load: the line would show after a second.
        let start = Date()
        while try terminal.count("tables: big") == 0, Date().timeIntervalSince(start) < 120 {
            XCTAssertFalse(try terminal.screen().contains("loading \(file)"))
            Thread.sleep(forTimeInterval: 0.1)
        }
        try terminal.waitFor("tables: big (10,000,000 rows)")
        try terminal.enter(".quit")
        try terminal.waitFor("exit status 0")
        XCTAssertFalse(try terminal.screen().contains("loading \(file)"))
    }
}
