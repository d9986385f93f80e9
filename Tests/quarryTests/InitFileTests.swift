import Foundation
import QuarryTestSupport
import XCTest

/// The start-up file, `$XDG_CONFIG_HOME/quarry/init.qry` (else `~/.config/quarry/init.qry`), runs
/// before a session that reads statements as they come (the prompt, `-i`); `--no-init` skips it,
/// `--init FILE` runs FILE instead (before -c and scripts too). `-i` goes on after -c.
final class InitFileTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("init-file") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    static let asia = "let asia = countries where region = \"Asia\"\n"

    /// Writes `text` at `path` under the test's folder, making its folders.
    func write(_ text: String, _ path: String) throws {
        let full = folder + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    /// Runs quarry with HOME (and XDG_CONFIG_HOME, when given) under the test's folder.
    func quarry(_ arguments: [String], stdin: String = "", config: String? = nil) throws -> ChildProcess.Finished {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder + "/home"
        environment["XDG_STATE_HOME"] = folder + "/state"
        environment["XDG_CONFIG_HOME"] = config.map { folder + "/" + $0 }
        return try ChildProcess.run(
            [TestPaths.executable] + arguments, input: stdin, environment: environment, directory: folder)
    }

    func testTheStartUpFileRunsBeforeStatementsTypedAfter() throws {
        try write(Self.asia, "config/quarry/init.qry")
        let run = try quarry(["-i", "-f", "csv"], stdin: "asia count\n", config: "config")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "count\n3\n")
        XCTAssertEqual(run.stderr, "")
    }

    /// XDG_CONFIG_HOME wins when set; without it, ~/.config is used.
    func testConfigHomeThenTheHomeFolder() throws {
        try write(Self.asia, "config/quarry/init.qry")
        try write("let asia = countries where region = \"Europe\"\n", "home/.config/quarry/init.qry")
        let fromConfig = try quarry(["-i", "-f", "csv"], stdin: "asia count\n", config: "config")
        XCTAssertEqual(fromConfig.stdout, "count\n3\n", fromConfig.stderr)
        let fromHome = try quarry(["-i", "-f", "csv"], stdin: "asia count\n")
        XCTAssertEqual(fromHome.stdout, "count\n4\n", fromHome.stderr)
    }

    func testNoInitSkipsIt() throws {
        try write(Self.asia, "config/quarry/init.qry")
        let run = try quarry(["-i", "--no-init"], stdin: "asia count\n", config: "config")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("stdin:1:1: error: unknown table `asia`"), run.stderr)
    }

    /// `--init FILE` runs instead of the default file, and before -c and scripts even without -i.
    func testInitFileRunsInsteadAndBeforeCommands() throws {
        try write("let asia = countries where region = \"Europe\"\n", "config/quarry/init.qry")
        try write(Self.asia, "mine.qry")
        let interactive = try quarry(["--init", "mine.qry", "-i", "-f", "csv"], stdin: "asia count\n", config: "config")
        XCTAssertEqual(interactive.stdout, "count\n3\n", interactive.stderr)
        let commands = try quarry(["--init=mine.qry", "-f", "csv", "-c", "asia count"], config: "config")
        XCTAssertEqual(commands.status, 0, commands.stderr)
        XCTAssertEqual(commands.stdout, "count\n3\n")
        let missing = try quarry(["--init", "none.qry", "-c", "countries count"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertEqual(missing.stderr, "none.qry: error: cannot read the file: cannot open the start-up file\n")
    }

    /// A failing start-up file shows its error with file:line; the statements after still run,
    /// and the exit status says something failed.
    func testAFailingStartUpFileShowsFileAndLineAndGoesOn() throws {
        try write("countries count\ncountries where nope\n", "config/quarry/init.qry")
        let run = try quarry(["-i", "-f", "csv"], stdin: "countries where region = \"Asia\" | count\n", config: "config")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "count\n12\ncount\n3\n")
        XCTAssertTrue(
            run.stderr.hasPrefix("\(folder)/config/quarry/init.qry:2:17: error: unknown column `nope`\n"), run.stderr)
    }

    /// -i keeps reading statements from standard input after -c has run.
    func testInteractiveGoesOnAfterCommands() throws {
        let run = try quarry(["-f", "csv", "-c", Self.asia, "-i"], stdin: "asia count\ncountries count\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "count\n3\ncount\n12\n")
        let without = try quarry(["-f", "csv", "-c", "countries count"], stdin: "countries where nope\n")
        XCTAssertEqual(without.status, 0, "without -i, standard input is not read: \(without.stderr)")
        XCTAssertEqual(without.stdout, "count\n12\n")
    }

    /// -c alone, a script alone, or statements piped in without -i do not run init.qry.
    func testCommandsScriptsAndPipedStatementsDoNotRunIt() throws {
        try write(Self.asia, "config/quarry/init.qry")
        try write("asia count\n", "report.qry")
        for (arguments, stdin) in [(["-c", "asia count"], ""), (["report.qry"], ""), ([], "asia count\n")] {
            let run = try quarry(arguments, stdin: stdin, config: "config")
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.stdout)")
            XCTAssertTrue(run.stderr.contains("error: unknown table `asia`"), run.stderr)
        }
    }

    /// On a real terminal: the prompt opens after a failing start-up file, its error shown with
    /// file:line, and the `let` before the error is there to use.
    func testThePromptOpensAfterAFailingStartUpFile() throws {
        try write(Self.asia + "asia where nope\n", "config/quarry/init.qry")
        let terminal = try TmuxSession(
            command: "cd \(folder) && XDG_CONFIG_HOME=\(folder)/config XDG_STATE_HOME=\(folder)/state NO_COLOR=1 TERM=xterm "
                + "\(TestPaths.executable); echo \"exit status $?\"; sleep 600", columns: 200, rows: 30)
        defer { terminal.close() }
        let shown = try terminal.waitFor("quarry>")
        XCTAssertTrue(shown.contains("config/quarry/init.qry:2:12: error: unknown column `nope`"), shown)
        XCTAssertTrue(shown.contains("countries (12 rows), asia (3 rows). Type .help for help."), shown)
        try terminal.type("asia count")
        try terminal.press("Enter")
        try terminal.waitFor("1 row")
        try terminal.press("C-d")
        try terminal.waitFor("exit status 0")
    }
}
