import Foundation
import QuarryTestSupport
import XCTest

/// The dot-commands that send output elsewhere, run other programs or forget tables, through the
/// built program on the sample tables.
final class ShellCommandTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("commands") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs `script` (statements and dot-commands, one per line) over the sample countries table.
    func run(_ script: String, environment: [String: String] = [:]) throws -> ChildProcess.Finished {
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        return try ChildProcess.run(
            [TestPaths.executable, "--format", "csv", TestPaths.samples + "/countries.csv", "-c", script],
            environment: variables, directory: folder)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

    func testOnceSendsOnlyTheNextResultToAFile() throws {
        let done = try run(".once top.json\ncountries top 2 by population | select country\ncountries count")
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(done.stdout, "count\n12\n")
        XCTAssertEqual(try read("top.json"), "[\n  {\"country\":\"India\"},\n  {\"country\":\"United States\"}\n]\n")
        let bad = try run(".once top.xyz")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("cannot tell which format to write from the file name"), bad.stderr)
    }

    func testOutputSendsResultsToAFileUntilOff() throws {
        let done = try run(
            ".output results.txt\ncountries count\ncountries top 1 by population | select country\n.output off\ncountries count")
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(done.stdout, "count\n12\n")
        XCTAssertEqual(try read("results.txt"), "count\n12\ncountry\nIndia\n")
        let again = try run(".output results.txt\ncountries top 1 by population | select region")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try read("results.txt"), "region\nAsia\n", "a new .output empties the file first")
        let unwritable = try run(".output no/such/folder/x.txt")
        XCTAssertEqual(unwritable.status, 1)
        XCTAssertTrue(unwritable.stderr.contains("cannot write the file"), unwritable.stderr)
    }

    func testShellRunsACommandAndAFailureIsAnError() throws {
        let done = try run(".shell echo one\n!echo two > two.txt\ncountries count")
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(done.stdout, "one\ncount\n12\n")
        XCTAssertEqual(try read("two.txt"), "two\n")
        let failed = try run("!exit 3\ncountries count")
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stdout, "", "the script stops at the failed command")
        XCTAssertTrue(failed.stderr.contains("error: `exit 3` exited with status 3"), failed.stderr)
    }

    func testEditRunsWhatTheEditorSaved() throws {
        // The editor is handed the last statement, and saves another in its place.
        let editor = folder + "/editor.sh"
        try "#!/bin/sh\ncp \"$1\" handed.qry\nprintf 'countries top 1 by population | select country\\n' > \"$1\"\n"
            .write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        let done = try run("countries count\n.edit", environment: ["VISUAL": "", "EDITOR": editor])
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(try read("handed.qry"), "countries count\n")
        XCTAssertEqual(done.stdout, "count\n12\ncountries top 1 by population | select country\ncountry\nIndia\n")

        // Quitting without saving runs nothing; an editor that fails is an error.
        let unsaved = try run("countries count\n.edit", environment: ["VISUAL": "true"])
        XCTAssertEqual(unsaved.status, 0, unsaved.stderr)
        XCTAssertEqual(unsaved.stdout, "count\n12\n")
        XCTAssertTrue(unsaved.stderr.contains("nothing was saved; nothing was run"), unsaved.stderr)
        let failing = try run(".edit", environment: ["VISUAL": "false"])
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stderr.contains("error: `false` exited with status 1"), failing.stderr)
    }

    func testDropForgetsATableAndAnUnknownNameDropsNothing() throws {
        let done = try run("let big = countries where population > 100000000\n.drop big\n.tables")
        XCTAssertEqual(done.status, 0, done.stderr)
        let lines = done.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "table,rows,columns,memory")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[1].hasPrefix("countries,12,"), done.stdout)
        let unknown = try run("let big = countries\n.drop big countris\n.tables")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("did you mean `countries`?"), unknown.stderr)
        let kept = try run("let big = countries\n.drop big countris\n", environment: [:])
        XCTAssertEqual(kept.status, 1)
        let listed = try run("let big = countries\n.tables")
        XCTAssertEqual(listed.stdout.split(separator: "\n").count, 3)
    }

    /// At the prompt, `.edit` on a continuation line hands the statement being typed to the editor.
    func testEditOnAContinuationLineEditsTheStatementBeingTyped() throws {
        let editor = folder + "/editor.sh"
        try "#!/bin/sh\ncp \"$1\" '\(folder)/handed.qry'\nprintf 'countries count\\n' > \"$1\"\n"
            .write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        let terminal = try TmuxSession(columns: 100, rows: 30)
        try terminal.enter(
            "NO_COLOR=1 TERM=xterm XDG_STATE_HOME=\(folder)/state VISUAL= EDITOR=\(editor) \(TestPaths.executable) "
                + "Samples/countries.csv; echo \"exit status $?\"")
        try terminal.waitFor("quarry>")
        try terminal.enter("countries |")
        try terminal.waitFor("   ...>")
        try terminal.enter(".edit")
        try terminal.waitFor("│    12 │")
        XCTAssertEqual(try read("handed.qry"), "countries |\n")
        try terminal.enter(".quit")
        try terminal.waitFor("exit status 0")
    }
}
