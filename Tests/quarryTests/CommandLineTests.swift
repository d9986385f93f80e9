import QuarryIO
import QuarryTestSupport
import XCTest

/// Runs the built `quarry` executable as a user would, checking output and exit status.
final class CommandLineTests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String { TestPaths.executable }

    func quarry(_ arguments: [String], stdin: String? = nil, in directory: String? = nil) throws -> Run {
        try Self.run(arguments, stdin: stdin, in: directory)
    }

    /// Runs the built `quarry` with these arguments, feeding `stdin`; collects its output and status.
    static func run(_ arguments: [String], stdin: String? = nil, in directory: String? = nil) throws -> Run {
        let finished = try ChildProcess.run(
            [Self.executable] + arguments, input: stdin ?? "", directory: directory ?? TestPaths.repository)
        return Run(status: finished.status, stdout: finished.stdout, stderr: finished.stderr)
    }

    /// `QUARRY_DISABLE_RULES` switches optimizer rules off by name (any case); a name that is no
    /// rule's is warned about, not ignored in silence.
    func testDisablingOptimizerRulesByName() throws {
        let query = "explain plan countries sort by population | limit 2"
        let plain = try ChildProcess.run(
            [Self.executable, "-c", query], environment: ["QUARRY_DISABLE_RULES": "sortandlimittotopn, PruneColumns"],
            directory: TestPaths.repository)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(plain.stderr, "")
        XCTAssertFalse(plain.stdout.contains("TopN"), plain.stdout)
        XCTAssertFalse(plain.stdout.contains("SortAndLimitToTopN"), plain.stdout)
        XCTAssertTrue(try quarry(["-c", query]).stdout.contains("TopN"))
        let misspelt = try ChildProcess.run(
            [Self.executable, "-c", "countries count"], environment: ["QUARRY_DISABLE_RULES": "TopN"],
            directory: TestPaths.repository)
        XCTAssertEqual(misspelt.status, 0)
        XCTAssertTrue(
            misspelt.stderr.hasPrefix("warning: QUARRY_DISABLE_RULES names no rule: topn (the rules: FoldConstants"),
            misspelt.stderr)
    }

    func testRetailByYearOnTheRealData() throws {
        let run = try quarry([
            TestPaths.sharedData + "/layoffs.csv", "-c", #"layoffs where industry = "Retail" group by year(date)"#,
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("│ 20") }
        XCTAssertEqual(rows.count, 7)
        XCTAssertEqual(rows.first, "│ 2020 │    57 │")
        XCTAssertEqual(rows.last, "│ 2026 │    18 │")
        XCTAssertTrue(run.stdout.hasSuffix("7 rows\n"))
    }

    func testDemoTablesLoadFromAnyDirectory() throws {
        let run = try quarry(["-c", "layoffs count", "--format", "csv"], in: "/")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "count\n\(DemoData.layoffsRows)\n")
    }

    func testSeveralCommandsRunInOrder() throws {
        let run = try quarry(["--format=csv", "-c", "let a = countries where region = \"Asia\"", "-c", "a count"])
        XCTAssertEqual(run.stdout, "count\n3\n")
        XCTAssertEqual(run.stderr, "", "let prints nothing outside the prompt")
    }

    func testScriptsRunAfterDataInOrderAndStopAtTheFirstError() throws {
        let folder = try TestPaths.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "x,y\n1,a\n2,b\n".write(toFile: folder + "/small.csv", atomically: true, encoding: .utf8)
        try "small count\n\nsmall where z > 1\nsmall count\n".write(
            toFile: folder + "/report.qry", atomically: true, encoding: .utf8)
        let run = try quarry(["--format", "csv", "report.qry", "small.csv"], in: folder)
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "count\n2\n", "the statement after the error did not run")
        XCTAssertTrue(
            run.stderr.hasPrefix("report.qry:3:13: error: unknown column `z`\n  small where z > 1\n              ^\n"), run.stderr
        )
    }

    func testExitStatuses() throws {
        XCTAssertEqual(try quarry(["-c", "countries count"]).status, 0)
        XCTAssertEqual(try quarry(["-c", "countries where"]).status, 1)
        let usage = try quarry(["--fromat", "csv"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("did you mean `--format`?"), usage.stderr)
        XCTAssertEqual(try quarry(["--format", "xml", "-c", "countries count"]).status, 2)
        let missing = try quarry(["no/such/file.csv", "-c", "countries count"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(
            missing.stderr,
            "no/such/file.csv: error: no such file or folder\nhint: check the path; it is relative to the working directory\n")
        XCTAssertEqual(try quarry(["missing.qry"]).status, 2)
    }

    func testStatementsFromStandardInput() throws {
        let run = try quarry(
            ["--format", "csv"], stdin: "countries\n  where region = \"Africa\"\n  select country\ncountries count;\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "country\nNigeria\ncount\n12\n")
        XCTAssertFalse(run.stdout.contains("quarry>"), "no prompt when stdin is not a terminal")
        let failing = try quarry([], stdin: "countries count\ncountries where nope\n")
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stderr.hasPrefix("stdin:2:17: error: unknown column `nope`"), failing.stderr)
    }

    func testTimerLines() throws {
        let run = try quarry([TestPaths.sharedData + "/layoffs.csv", "--timer", "-c", "layoffs count"])
        let lines = run.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, run.stderr)
        XCTAssertNotNil(lines[0].range(of: #"^time: \d+\.\d{4} s load layoffs$"#, options: .regularExpression), lines[0])
        XCTAssertNotNil(lines[1].range(of: #"^time: \d+\.\d{4} s layoffs count$"#, options: .regularExpression), lines[1])
    }

    /// Each option's other name works as the help says, `--` ends the options, and a switch given a
    /// value is bad usage.
    func testOptionNamesFromTheHelp() throws {
        let aliases = try quarry(["-f", "csv", "--command", "countries count"])
        XCTAssertEqual(aliases.stdout, "count\n12\n", aliases.stderr)
        let paths = try quarry(["--", "-c"])
        XCTAssertEqual(paths.status, 2)
        XCTAssertTrue(paths.stderr.hasPrefix("-c: error: no such file or folder\n"), paths.stderr)
        let switchValue = try quarry(["--timer=1", "-c", "countries count"])
        XCTAssertEqual(switchValue.status, 2)
        XCTAssertTrue(switchValue.stderr.hasPrefix("error: --timer takes no value\n"), switchValue.stderr)
    }

    func testHelp() throws {
        let run = try quarry(["--help"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("\nusage: quarry [OPTION]... [PATH]...\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\n  --input-format FORMAT "), run.stdout)
    }
}
