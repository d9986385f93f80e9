import Foundation
import QuarryTestSupport
import XCTest

/// Data read from standard input and other paths that can be read only once (`-`, `/dev/stdin`,
/// `<(command)`, a FIFO): the same answers as loading the file by its path.
final class StdinDataTests: XCTestCase {
    static let layoffs = TestPaths.sharedData + "/layoffs.csv"
    static let retailByYear =
        #"where industry = "Retail" group by year(date) aggregate n = count(), people = sum(total_laid_off)"#

    var folder = ""
    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("stdin-data") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func quarry(_ arguments: [String], stdin: [UInt8] = []) throws -> ChildProcess.Finished {
        try ChildProcess.run([TestPaths.executable] + arguments, inputBytes: stdin, directory: folder)
    }

    /// Runs a shell pipeline with `quarry` on the PATH.
    func shell(_ command: String) throws -> ChildProcess.Finished {
        var environment = ProcessInfo.processInfo.environment
        let bin = URL(fileURLWithPath: TestPaths.executable).deletingLastPathComponent().path
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try ChildProcess.run(["bash", "-c", command], environment: environment, directory: folder)
    }

    /// The answer when the file is loaded by its path.
    func byPath() throws -> String {
        let run = try quarry([Self.layoffs, "-f", "csv", "-c", "layoffs " + Self.retailByYear])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("year,n,people\n2020,57,8002\n"), run.stdout)
        return run.stdout
    }

    func testCountFromAPipeInTableAndCSVFormats() throws {
        let data = Array("a,b\n1,2\n".utf8)
        let table = try quarry(["-", "-c", "stdin count"], stdin: data)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertEqual(table.stdout, "┌───────┐\n│ count │\n│ int   │\n├───────┤\n│     1 │\n└───────┘\n1 row\n")
        XCTAssertEqual(table.stderr, "")
        let csv = try quarry(["-", "-c", "stdin count", "--format", "csv"], stdin: data)
        XCTAssertEqual(csv.stdout, "count\n1\n", csv.stderr)
    }

    /// `-`, `/dev/stdin` and `/dev/fd/0` are all standard input, loaded as the table `stdin`.
    func testTheRealDataFromStandardInputAnswersAsByItsPath() throws {
        let expected = try byPath()
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: Self.layoffs))
        for path in ["-", "/dev/stdin", "/dev/fd/0"] {
            let run = try quarry([path, "-f", "csv", "-c", "stdin " + Self.retailByYear], stdin: Array(bytes))
            XCTAssertEqual(run.status, 0, "\(path): \(run.stderr)")
            XCTAssertEqual(run.stdout, expected, path)
        }
    }

    /// Through real pipes: gzip and zstd are recognised by their magic bytes, with or without
    /// `--input-format`; `<(command)` is `/dev/fd/63`, the table `fd63`.
    func testCompressedPipesAndProcessSubstitution() throws {
        let expected = try byPath()
        let file = Self.layoffs
        let query = "'stdin \(Self.retailByYear.replacingOccurrences(of: "'", with: "'\\''"))'"
        let commands = [
            "gzip -c '\(file)' | quarry --input-format csv /dev/stdin -f csv -c \(query)",
            "gzip -c '\(file)' | quarry /dev/stdin -f csv -c \(query)",
            "zstd -q -c '\(file)' | quarry - -f csv -c \(query)",
            "quarry <(cat '\(file)') -f csv -c \(query.replacingOccurrences(of: "'stdin ", with: "'fd63 "))",
            "quarry -f csv -c 'load \"'<(gzip -c '\(file)')'\" as piped' -c \(query.replacingOccurrences(of: "'stdin ", with: "'piped "))",
        ]
        for command in commands {
            let run = try shell(command)
            XCTAssertEqual(run.status, 0, "\(command): \(run.stderr)")
            XCTAssertEqual(run.stdout, expected, command)
        }
    }

    func testAFIFOLoadsAndIsNamedAfterItsFile() throws {
        let fifo = folder + "/feed"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let run = try shell("cat '\(Self.layoffs)' > feed & quarry feed -f csv -c 'feed count'")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "count\n4523\n")
    }

    /// `load "-"` and `.load -` read standard input too; `as NAME` names the table.
    func testLoadStatementAndDotLoadFromStandardInput() throws {
        let data = Array("x,y\n1,a\n2,b\n3,c\n".utf8)
        let load = try quarry(["-f", "csv", "-c", #"load "-" as piped"#, "-c", "piped where x > 1 | count"], stdin: data)
        XCTAssertEqual(load.status, 0, load.stderr)
        XCTAssertEqual(load.stdout, "count\n2\n")
        let dot = try quarry(["-f", "csv", "-c", ".load -\nstdin count"], stdin: data)
        XCTAssertEqual(dot.status, 0, dot.stderr)
        XCTAssertEqual(dot.stdout, "count\n3\n")
    }

    /// JSON and NDJSON are told by their first byte, TSV by its first line; `--input-format`
    /// decides when given.
    func testFormatsAreSniffedOrGiven() throws {
        func table(_ data: String, _ options: [String] = []) throws -> ChildProcess.Finished {
            try quarry(options + ["-", "-f", "csv", "-c", "stdin"], stdin: Array(data.utf8))
        }
        XCTAssertEqual(try table(#"[{"a": 1}, {"a": 2}]"#).stdout, "a\n1\n2\n")
        XCTAssertEqual(try table("{\"a\": 1}\n{\"a\": 3}\n").stdout, "a\n1\n3\n")
        XCTAssertEqual(try table("a\tb\n1\t2\n").stdout, "a,b\n1,2\n")
        // One comma and one tab: sniffed, the comma wins; given tsv, the tab.
        XCTAssertEqual(try table("a,b\tc\n1,2\t3\n").stdout, "a,b\tc\n1,2\t3\n", "columns a and b<tab>c")
        XCTAssertEqual(try table("a,b\tc\n1,2\t3\n", ["--input-format", "tsv"]).stdout, "\"a,b\",c\n\"1,2\",3\n")
        let wrong = try table("a,b\n1,2\n", ["--input-format=json"])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.hasPrefix("stdin:1:1: error: this is not valid JSON"), wrong.stderr)
        let unknown = try table("a\n1\n", ["--input-format", "xml"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(
            unknown.stderr,
            "error: unknown input format `xml`; use one of csv, tsv, json, ndjson\nhint: run quarry --help for usage\n")
    }

    /// A regular file without an extension takes `--input-format` too; an extension wins over it.
    func testInputFormatAppliesToFilesWithoutAnExtension() throws {
        try "a;b\n1;2\n".write(toFile: folder + "/export", atomically: true, encoding: .utf8)
        try "a\tb\n1\t2\n".write(toFile: folder + "/named.csv", atomically: true, encoding: .utf8)
        let sniffed = try quarry(["export", "-f", "csv", "-c", "export"])
        XCTAssertEqual(sniffed.stdout, "a,b\n1,2\n", sniffed.stderr)
        let given = try quarry(["--input-format", "ndjson", "export", "named.csv", "-c", "named count"])
        XCTAssertEqual(given.status, 2)
        XCTAssertTrue(given.stderr.hasPrefix("export:1:1: error: this is not valid JSON"), given.stderr)
        let named = try quarry(["--input-format", "ndjson", "named.csv", "-f", "csv", "-c", "named"])
        XCTAssertEqual(named.stdout, "a,b\n1,2\n", named.stderr)
    }

    func testEmptyStandardInputIsAClearError() throws {
        let run = try quarry(["-", "-c", "stdin count"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(
            run.stderr,
            "stdin: error: no data came through it: the input is empty\n"
                + "hint: pipe a data file in, e.g. cat data.csv | quarry - -c 'stdin count'\n")
    }

    /// Without -c or a script, statements would come from standard input, which holds the data:
    /// with no terminal to read them from, that is bad usage, said before reading anything.
    func testStatementsCannotAlsoComeFromTheDataStream() throws {
        let run = try quarry(["-"], stdin: Array("a\n1\n".utf8))
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(
            run.stderr,
            "error: standard input holds the data (`-`), so statements cannot come from it too\n"
                + "hint: give the statements with -c or a script (.qry), or run quarry on a terminal\n")
    }

    /// A pipe larger than the memory limit stops with a memory error while it is read.
    func testAPipeTooBigForTheMemoryLimitIsAMemoryError() throws {
        let run = try shell(
            "yes 1,2 | head -c 200000000 | (echo a,b; cat) | quarry --memory-limit 60MB - -c 'stdin count'")
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.hasPrefix("stdin: error: reading it has taken "), run.stderr)
        XCTAssertTrue(run.stderr.contains("left under the memory limit (--memory-limit or .memory)\n"), run.stderr)
    }

    /// On a terminal, with the data on standard input, statements are read from the terminal.
    func testThePromptReadsStatementsFromTheTerminalWhenStdinHoldsData() throws {
        let terminal = try TmuxSession(
            command: "cd \(folder) && XDG_STATE_HOME=\(folder)/state NO_COLOR=1 TERM=xterm "
                + "cat '\(Self.layoffs)' | \(TestPaths.executable) --no-init -; echo \"exit status $?\"; sleep 600", columns: 200,
            rows: 30)
        defer { terminal.close() }
        let shown = try terminal.waitFor("quarry>")
        XCTAssertTrue(shown.contains("tables: stdin (4,523 rows)."), shown)
        try terminal.type("stdin where industry = \"Retail\" | count")
        try terminal.press("Enter")
        try terminal.waitFor("│   359 │")
        try terminal.press("C-d")
        try terminal.waitFor("exit status 0")
    }
}
