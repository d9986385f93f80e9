import Foundation
import QuarryTestSupport
import XCTest

/// The pager can never take Quarry down: quitting it early ends that output only.
final class PagerPromptTests: XCTestCase {
    /// `quarry` on the real export and the sample countries, with `PAGER` as given.
    func start(_ terminal: TmuxSession, pager: String) throws {
        try terminal.enter(
            "NO_COLOR=1 TERM=xterm XDG_STATE_HOME=/tmp/quarry-pager-\(getpid()) PAGER=\(pager) \(TestPaths.executable) "
                + "\(TestPaths.sharedData)/layoffs.csv Samples/countries.csv; echo \"exit status $?\"")
        try terminal.waitFor("quarry>")
    }

    /// After the pager is gone, the tables and the prompt are all still there.
    func checkStillRunning(_ terminal: TmuxSession) throws {
        try terminal.enter(".tables")
        try terminal.waitFor("│ countries │")
        XCTAssertEqual(try terminal.count("│ layoffs   │"), 1)
        try terminal.enter("layoffs where industry = \"Retail\" count")
        try terminal.waitFor("│   359 │")
        XCTAssertEqual(try terminal.exitStatuses(), [])
        try terminal.enter(".quit")
        try terminal.waitFor("exit status 0")
    }

    func testHeadQuittingEarlyLeavesEverything() throws {
        let terminal = try TmuxSession(columns: 100, rows: 30)
        terminal.readsHistory = true
        try start(terminal, pager: "'head -3'")
        try terminal.enter("layoffs sort by date | select company, date")
        try terminal.enter(".last")
        // head shows the top border, the header and the types, and quits: 4,523 rows were not read.
        try terminal.waitFor("│ string", count: 2)
        try checkStillRunning(terminal)
        // Both the query's result (taller than the screen) and `.last` went through head, which
        // stopped before the first row; a pager that showed it all would end with the last row.
        XCTAssertEqual(try terminal.count("│ EasyPost "), 0, "the pager showed rows past its third line")
        XCTAssertEqual(try terminal.count("│ Patreon "), 0, "the pager showed rows past its third line")
    }

    func testLessQuitEarlyLeavesEverything() throws {
        let terminal = try TmuxSession(columns: 100, rows: 30)
        terminal.readsHistory = true
        try start(terminal, pager: "less")
        try terminal.enter(".last")
        try terminal.waitFor("there is no result yet")
        try terminal.enter("layoffs sort by date")
        // Taller than the screen: less shows its first page and waits.
        try terminal.waitForLastLine(":")
        try terminal.press("q")
        try terminal.waitFor("quarry>", count: 3)
        try terminal.enter(".last")
        try terminal.waitForLastLine(":")
        try terminal.press("q")
        try terminal.waitFor("quarry>", count: 4)
        try checkStillRunning(terminal)
    }
}
