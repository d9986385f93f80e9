import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

/// The prompt's commands and display, driven through `Shell` as the prompt drives it.
final class ShellTests: XCTestCase {
    /// `.help` knows every clause keyword the parser reads.
    func testHelpCoversEveryClauseKeyword() {
        for keyword in ClauseKeywords.all { XCTAssertNotNil(Topics.help(keyword.word), keyword.word) }
    }

    var output = ""
    var errors = ""

    func shell(_ data: String = "shared", style: TableStyle = TableStyle()) throws -> Shell {
        let session = Session()
        session.catalog = try GoldenData.catalog(data)
        session.interactive = true
        session.tableStyle = style
        session.write = { self.output += $0 }
        session.writeError = { self.errors += $0 }
        return Shell(session: session)
    }

    func testHelpOnAClauseAFunctionAndACommand() throws {
        let shell = try shell()
        shell.handle(".help where")
        XCTAssertEqual(
            output,
            "where EXPR\n  keeps the rows where EXPR is true (null counts as false)\n  example: layoffs where industry = \"Retail\" and total_laid_off > 100\n"
        )
        output = ""
        shell.handle(".help sum")
        XCTAssertEqual(
            output,
            "sum(x: number)  (aggregate)\n  sum of the non-null values; null when there are none\n  example: layoffs group by year(date) aggregate sum(total_laid_off)\n"
        )
        output = ""
        shell.handle(".help lower")
        XCTAssertTrue(output.hasPrefix("lower(s: string) -> string\n"), output)
        output = ""
        shell.handle(".help .save")
        XCTAssertTrue(output.hasPrefix(".save PATH\n"), output)
        output = ""
        shell.handle(".help")
        XCTAssertTrue(output.contains("Clauses:") && output.contains("Commands:") && output.contains("Ctrl-R"), output)
        shell.handle(".help wher")
        XCTAssertEqual(errors, "error: no help on `wher`; did you mean `where`?\nhint: usage: .help [TOPIC]\n")
    }

    func testEveryHelpExampleRuns() throws {
        let shell = try shell()
        // Examples that load or save files would touch the working tree; they are run elsewhere.
        for topic in Topics.clauses where topic.name != "load" && !topic.example.contains("save \"") {
            XCTAssertNil(runStatements(topic.example, catalog: shell.session.catalog).error, topic.example)
        }
        for function in FunctionRegistry.scalars.values {
            XCTAssertNil(runStatements(function.example, catalog: shell.session.catalog).error, function.example)
        }
        for function in FunctionRegistry.aggregates.values {
            XCTAssertNil(runStatements(function.example, catalog: shell.session.catalog).error, function.example)
        }
    }

    func testSchemaAndTables() throws {
        let shell = try shell()
        shell.handle(".schema layoffs")
        XCTAssertEqual(
            output,
            """
            ┌─────────────────────┬────────┬───────┐
            │ column              │ type   │ nulls │
            │ string              │ string │ int   │
            ├─────────────────────┼────────┼───────┤
            │ company             │ string │     0 │
            │ location            │ string │     1 │
            │ total_laid_off      │ int    │  1563 │
            │ date                │ date   │     0 │
            │ percentage_laid_off │ float  │  1690 │
            │ industry            │ string │     2 │
            │ source              │ string │     3 │
            │ stage               │ string │     7 │
            │ funds_raised        │ float  │   533 │
            │ country             │ string │     2 │
            │ date_added          │ date   │     0 │
            └─────────────────────┴────────┴───────┘
            11 rows

            """)
        output = ""
        shell.handle(".tables")
        XCTAssertTrue(output.contains("│ layoffs   │ 4523 │      11 │"), output)
        shell.handle(".schema nope")
        XCTAssertTrue(errors.contains("unknown table `nope`"), errors)
    }

    func testModeAndTimer() throws {
        let shell = try shell()
        shell.handle(".mode csv")
        shell.handle("countries top 2 by population | select country")
        XCTAssertEqual(output, "country\nIndia\nUnited States\n")
        shell.handle(".mode xml")
        XCTAssertTrue(errors.contains("unknown mode `xml`"), errors)
        errors = ""
        shell.handle(".timer on")
        shell.handle("countries count")
        XCTAssertNotNil(errors.range(of: #"^time: \d+\.\d{4} s countries count\n$"#, options: .regularExpression), errors)
        errors = ""
        shell.handle(".timer off")
        shell.handle("countries count")
        XCTAssertEqual(errors, "")
    }

    func testLongResultsShowHeadAndTailAndLastShowsAll() throws {
        let shell = try shell(style: TableStyle(maxWidth: 100, maxRows: 40))
        shell.handle("layoffs select company, date")
        let lines = output.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("│ ") }.count, 2 + 40 + 1, "header, type, 40 rows and the gap")
        XCTAssertEqual(lines.last, "4,523 rows (4,483 not shown; .last shows them all)")
        XCTAssertTrue(output.contains("│ Patreon "), "the first row")
        XCTAssertTrue(output.contains("│ ·"), "the gap row")
        output = ""
        shell.handle(".last")
        XCTAssertEqual(output.split(separator: "\n").filter { $0.hasPrefix("│ ") }.count, 2 + 4523)
        XCTAssertTrue(output.hasSuffix("\n4,523 rows\n"))
    }

    func testWideResultsAreCutToTheTerminal() throws {
        let shell = try shell(style: TableStyle(maxWidth: 80, maxRows: 40))
        shell.handle("layoffs limit 3")
        let lines = output.split(separator: "\n")
        XCTAssertTrue(lines.dropLast().allSatisfy { BoxTable.width(String($0)) <= 80 }, output)
        XCTAssertEqual(
            lines.last,
            "7 columns not shown: percentage_laid_off, industry, source, stage, funds_raised, country, date_added (.last shows every column)"
        )
        output = ""
        shell.handle("layoffs select company, source | limit 1")
        XCTAssertTrue(output.contains("│ Patreon │ https://techcrunch.com/20… │"), output)
    }

    func testSaveWritesTheLastResultAtomically() throws {
        let folder = try TestPaths.temporaryFolder("save")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shell = try shell()
        shell.handle(".save \(folder)/nothing.csv")
        XCTAssertTrue(errors.contains("there is no result to save yet"), errors)
        shell.handle("countries top 2 by population | select country, population")
        output = ""
        errors = ""
        shell.handle(".save \(folder)/top.csv")
        XCTAssertEqual(errors, "saved 2 rows, 2 columns to \(folder)/top.csv\n")
        XCTAssertEqual(
            try String(contentsOfFile: folder + "/top.csv", encoding: .utf8),
            "country,population\nIndia,1450935791\nUnited States,340110988\n")
        shell.handle(".save \(folder)/top.json")
        XCTAssertTrue(try String(contentsOfFile: folder + "/top.json", encoding: .utf8).hasPrefix("[\n  {\"country\":\"India\""))
        // A failed write (here: the target is a folder) leaves no file and no temporary behind.
        try FileManager.default.createDirectory(atPath: folder + "/taken.csv", withIntermediateDirectories: true)
        errors = ""
        shell.handle(".save \(folder)/taken.csv")
        XCTAssertTrue(errors.contains("cannot write the file"), errors)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["taken.csv", "top.csv", "top.json"])
        errors = ""
        shell.handle(".save \(folder)/top.xyz")
        XCTAssertTrue(errors.contains("end it in .csv"), errors)
    }

    func testSaveRefusesToOverwriteALoadedFile() throws {
        let folder = try TestPaths.temporaryFolder("src")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a\n1\n".write(toFile: folder + "/t.csv", atomically: true, encoding: .utf8)
        let shell = try shell()
        shell.handle(".load \(folder)/t.csv")
        XCTAssertEqual(output, "")
        XCTAssertEqual(errors, "t: 1 row, 1 column (a int)\n")
        shell.handle("t count")
        errors = ""
        shell.handle(".save \(folder)/t.csv")
        XCTAssertTrue(errors.contains("the table `t` was loaded from this file; it will not be overwritten"), errors)
        XCTAssertEqual(try String(contentsOfFile: folder + "/t.csv", encoding: .utf8), "a\n1\n")
    }

    func testUnknownCommandSuggestsTheNearest() throws {
        let shell = try shell()
        XCTAssertTrue(shell.handle(".tabels"))
        XCTAssertEqual(errors, "error: unknown command `.tabels`\nhint: did you mean `.tables`?\n")
        XCTAssertFalse(shell.handle(".quit"))
        XCTAssertFalse(shell.handle(".exit"))
    }

    func testScriptsMixCommandsAndStatements() throws {
        let shell = try shell("demo")
        let outcome = shell.runScript(
            ".mode csv\ncountries\n  where region = \"Asia\"\n  count\n.mode json\ncountries top 1 by population | select country\n",
            name: "s.qry")
        XCTAssertEqual(outcome, .finished)
        XCTAssertEqual(output, "count\n3\n[\n  {\"country\":\"India\"}\n]\n")
        errors = ""
        if case .failed = shell.runScript("countries count\n.mode nope\ncountries count\n", name: "s.qry") {} else { XCTFail() }
        XCTAssertTrue(errors.hasPrefix("s.qry:2: error: unknown mode `nope`"), errors)
    }

    func testACancelledQueryStopsAndLeavesTablesIntact() throws {
        let shell = try shell()
        shell.session.isCancelled = { true }
        shell.handle("let big = layoffs where total_laid_off > 0")
        XCTAssertEqual(errors, "error: cancelled (Ctrl-C); every table is as it was\n")
        XCTAssertNil(shell.session.catalog.table("big"))
        XCTAssertEqual(shell.session.catalog.table("layoffs")?.rowCount, 4523)
        shell.session.isCancelled = { false }
        XCTAssertTrue(shell.handle("layoffs count"))
        XCTAssertTrue(output.contains("4523"))
    }

    func testBanner() throws {
        let shell = try shell()
        XCTAssertEqual(
            shell.banner, "Quarry \(Quarry.version) — tables: layoffs (4,523 rows), countries (12 rows). Type .help for help.\n")
    }
}
