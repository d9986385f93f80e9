import LineEditing
import QuarryIO
import QuarryTestSupport
import XCTest

/// Completion and the terminal, driven under a real pseudo-terminal (tmux) over the real
/// Layoffs.fyi export: values of a column with thousands of them, strings in lists, backquoted
/// names, keywords after a table, lists laid out at the terminal's width (CJK too), a resize
/// re-laying a table, and `TERM=dumb` writing no escape codes.
final class PromptCompletionTests: XCTestCase {
    var terminal: TmuxSession!
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("prompt-completion")
    }

    override func tearDownWithError() throws {
        terminal?.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Starts quarry over `files` in a terminal `width` columns wide, with `TERM` set to `term`,
    /// colour allowed only when `color` is true, and every byte it writes recorded to `record`.
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
        terminal = try TmuxSession(command: command, columns: width, rows: 50)
        if let record { try terminal.record(to: record) }
    }

    let layoffs = TestPaths.sharedData + "/layoffs.csv"
    let live = TestPaths.sharedData + "/layoffs_fyi_live_2026-08-22.csv"

    func testValuesOfAColumnWithThousandsOfThem() throws {
        try start(files: [layoffs], stateFolder: folder)
        try terminal.waitFor("quarry>")
        try terminal.type("layoffs where company = \"Goo")
        try terminal.press("Tab")
        let shown = try terminal.waitFor("Google")
        for company in ["GoodGood", "GoodRx", "GoodWorker", "Goodfood", "Goop"] {
            XCTAssertTrue(shown.contains(company), shown)
        }
        XCTAssertFalse(shown.contains("more"), "six match: all are listed")
        try terminal.press("C-c")

        // Every company: the 50 on most rows, then how many are left out (2,952 distinct).
        try terminal.type("layoffs where company = \"")
        try terminal.press("Tab")
        let all = try terminal.waitFor("… and 2902 more")
        XCTAssertTrue(all.contains("Amazon"), all)
        try terminal.press("C-c")

        // A string inside an in-list is a value of the column before `in`.
        try terminal.type("layoffs where industry in (\"Retail\", \"Fin")
        try terminal.press("Tab")
        try terminal.waitFor("quarry> layoffs where industry in (\"Retail\", \"Finance\"")
    }

    func testBackquotedNamesAndKeywordsAfterATable() throws {
        try start(files: [layoffs, live], stateFolder: folder)
        try terminal.waitFor("quarry>")
        try terminal.type("layoffs_fyi_live_2026_08_22 where `Date A")
        try terminal.press("Tab")
        try terminal.waitFor("quarry> layoffs_fyi_live_2026_08_22 where `Date Added`")
        try terminal.press("C-c")

        try terminal.type("layoffs ")
        try terminal.press("Tab")
        let shown = try terminal.waitFor("aggregate")
        // The listing: from its first line to the prompt drawn again under it.
        let lines = shown.components(separatedBy: "\n").drop { !$0.hasPrefix("aggregate") }.prefix { !$0.hasPrefix("quarry>") }
        XCTAssertEqual(
            lines.joined(separator: " ").split(separator: " ").map(String.init),
            [
                "aggregate", "chart", "count", "derive", "describe", "distinct", "drop", "freq", "group", "join", "limit",
                "save", "select", "sort", "top", "where",
            ], shown)
    }

    func testAResizedTerminalGetsTablesForItsNewWidth() throws {
        try start(files: [layoffs], stateFolder: folder, width: 100)
        try terminal.waitFor("quarry>")
        try terminal.type("layoffs limit 2")
        try terminal.press("Enter")
        let wide = try terminal.waitFor("2 rows")
        try terminal.press("C-l")
        // Resized while a statement is half typed: the line is kept.
        try terminal.type("layoffs li")
        try terminal.resize(columns: 60)
        try terminal.type("mit 2")
        try terminal.press("Enter")
        let narrow = try terminal.waitFor("2 rows")
        /// The widths of the table's lines, on a screen showing one table.
        func tableWidths(_ screen: String) -> [Int] {
            screen.components(separatedBy: "\n").filter { $0.hasPrefix("┌") || $0.hasPrefix("│") }.map { BoxTable.width($0) }
        }
        let before = tableWidths(wide)
        let after = tableWidths(narrow)
        XCTAssertEqual(before.count, 5, wide)
        XCTAssertEqual(after.count, 5, narrow)
        XCTAssertTrue(before.allSatisfy { $0 > 60 && $0 <= 100 }, "\(before)\n\(wide)")
        XCTAssertTrue(after.allSatisfy { $0 <= 60 }, "\(after)\n\(narrow)")
        XCTAssertTrue(narrow.contains("columns not shown"), narrow)
    }

    func testWideCharactersAreListedAlignedAtTheTerminalsWidth() throws {
        let cities = ["東京", "東京都", "東大阪", "東広島", "東松山", "東村山", "東近江", "東根", "東御", "東海", "東金", "東温"]
        try ("city\n" + cities.joined(separator: "\n") + "\n").write(
            toFile: folder + "/cities.csv", atomically: true, encoding: .utf8)
        try start(files: [folder + "/cities.csv"], stateFolder: folder, width: 40)
        try terminal.waitFor("quarry>")
        try terminal.type("cities where city = \"東")
        try terminal.press("Tab")
        let shown = try terminal.waitFor("東温")
        let candidates = cities.sorted().map { CompletionResult.Candidate($0 + "\"", display: $0, width: BoxTable.width($0)) }
        let expected = CandidateListing.text(candidates, more: 0, width: 40)
        XCTAssertTrue(shown.contains(expected), "expected\n\(expected)\non the screen:\n\(shown)")
        // Six-column cells: six to a line of 40 columns.
        XCTAssertEqual(expected.components(separatedBy: "\n").first.map { BoxTable.width($0) }, 36)
    }

    func testADumbTerminalGetsNoEscapeCodes() throws {
        let raw = folder + "/raw-output"
        try start(files: [layoffs], stateFolder: folder, term: "dumb", color: true, recordTo: raw)
        try terminal.waitFor("quarry>")
        try terminal.type("layoffs where industry = \"Re")
        try terminal.press("Tab")
        try terminal.waitFor("Real Estate")
        try terminal.type("tail\" limit 2")
        try terminal.press("Enter")
        try terminal.waitFor("2 rows")
        try terminal.type("layoffs where nope = 1")
        try terminal.press("Enter")
        try terminal.waitFor("error")
        try terminal.press("Up")
        try terminal.press("C-a")
        try terminal.press("C-c")
        let screen = try terminal.screenWithAttributes()
        XCTAssertFalse(screen.contains("\u{1B}"), "no colour or attributes on the screen:\n\(screen)")
        terminal.close()
        let written = try Data(contentsOf: URL(fileURLWithPath: raw))
        XCTAssertTrue(written.count > 200, "the output was recorded")
        XCTAssertFalse(written.contains(0x1B), String(decoding: written, as: UTF8.self))
    }

    func testAListingFillsTheWidthAndSaysHowManyMoreUnderIt() {
        let candidates = ["a", "bb", "e\u{301}e\u{301}", "東京"].map {
            CompletionResult.Candidate($0, width: BoxTable.width($0))
        }
        XCTAssertEqual(candidates.map(\.width), [1, 2, 2, 4], "a combining mark takes no column, a wide character two")
        XCTAssertEqual(CandidateListing.text(candidates, more: 3, width: 13), "a     bb\ne\u{301}e\u{301}    東京\n… and 3 more\n")
        XCTAssertEqual(CandidateListing.text(candidates, more: 0, width: 30), "a     bb    e\u{301}e\u{301}    東京\n")
    }
}
