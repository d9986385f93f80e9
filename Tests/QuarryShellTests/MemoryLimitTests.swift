import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax

/// Running out of memory is an error that keeps the session: a load or a join too big for what is
/// left fails with what it would need, and the tables from before still answer queries.
final class MemoryLimitTests: XCTestCase {
    var output = ""
    var errors = ""
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("memory")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A prompt's shell over the demo tables whose ceiling leaves `headroom` bytes above what this
    /// process holds now (the test process's own memory varies, so the ceiling follows it).
    func shell(headroom: Int = 64_000_000) throws -> Shell {
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        session.interactive = true
        session.write = { self.output += $0 }
        session.writeError = { self.errors += $0 }
        let resident = try XCTUnwrap(MemoryBudget.processMemory()).resident
        session.memory.ceiling = resident + headroom
        return Shell(session: session)
    }

    /// Runs one input as the prompt does; returns what it printed to stderr.
    @discardableResult
    func run(_ shell: Shell, _ input: String) -> String {
        errors = ""
        output = ""
        shell.handle(input)
        return errors
    }

    /// A small file whose columns are big: a 1,000-column header over 100,000 rows of one field
    /// each (the rest padded with nulls) would make about 400 MB of columns from 200 KB of text.
    func wideFile() throws -> String {
        let path = folder + "/wide.csv"
        let header = (1...1000).map { "c\($0)" }.joined(separator: ",")
        let text = header + "\n" + String(repeating: "1\n", count: 100_000)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func testLoadTooBigForTheLimitFailsAndTheSessionGoesOn() throws {
        let shell = try shell()
        XCTAssertEqual(run(shell, "let europe = countries where region = \"Europe\""), "europe: 4 rows, 3 columns\n")
        let path = try wideFile()
        let error = run(shell, "load \"\(path)\" as wide")
        XCTAssertTrue(
            error.hasPrefix("\(path): error: loading it would make 100,000 rows of 1000 columns (about 4"), error)
        XCTAssertTrue(error.contains("are left under the memory limit (--memory-limit or .memory)\n"), error)
        XCTAssertTrue(
            error.hasSuffix(
                "hint: nothing was loaded or changed; raise the limit (.memory SIZE, --memory-limit SIZE), or work on less data\n"
            ), error)
        XCTAssertNil(shell.session.catalog.table("wide"))
        // The earlier table is still there, and queries on it still run.
        XCTAssertEqual(run(shell, "europe count"), "")
        XCTAssertEqual(output, "┌───────┐\n│ count │\n│ int   │\n├───────┤\n│     4 │\n└───────┘\n1 row\n")
        // A file that fits loads under the same limit.
        XCTAssertEqual(
            run(shell, "load \"\(TestPaths.samples)/countries.csv\""),
            "countries: 12 rows, 3 columns (country string, region string, population int)\n")
    }

    /// Gzip members of a megabyte each, concatenated: a small file that inflates to `megabytes` MB.
    func gzipBomb(megabytes: Int) throws -> String {
        let path = folder + "/bomb.csv.gz"
        let header = try Gzip.compress(Array("n\n".utf8), path: path)
        let member = try Gzip.compress(Array(String(repeating: "1\n", count: 1 << 19).utf8), path: path)
        var bytes = header
        for _ in 0..<megabytes { bytes += member }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testGzipBombStopsAtTheLimit() throws {
        let shell = try shell()
        let path = try gzipBomb(megabytes: 300)
        let error = run(shell, ".load \(path)")
        XCTAssertTrue(error.hasPrefix("\(path): error: decompressing it (gzip) has made "), error)
        XCTAssertTrue(error.contains("are left under the memory limit"), error)
        XCTAssertNil(shell.session.catalog.table("bomb"))
        XCTAssertEqual(run(shell, "countries count"), "")
        XCTAssertTrue(output.contains("│    12 │"), output)
    }

    func testJoinThatWouldExplodeFailsAndTheSessionGoesOn() throws {
        let shell = try shell()
        XCTAssertEqual(run(shell, "let big = layoffs derive k = 1"), "big: 2,000 rows, 12 columns\n")
        // Every row matches every row: 2,000 × 2,000 rows of 23 columns.
        let error = run(shell, "big join big on k")
        XCTAssertTrue(error.hasPrefix("1:10: error: this join would make 4 million rows (about "), error)
        XCTAssertTrue(error.contains("\n  big join big on k\n           ^^^\n"), error)
        XCTAssertTrue(error.contains("are left under the memory limit"), error)
        XCTAssertEqual(run(shell, "big count"), "")
        XCTAssertTrue(output.contains("│  2000 │"), output)
        // A join that fits runs under the same limit.
        XCTAssertEqual(run(shell, "big join countries on country | count"), "")
        XCTAssertTrue(output.hasSuffix("\n1 row\n"), output)
    }

    /// With no ceiling, a join beyond the machine's memory is still an error, not an abort.
    func testJoinBeyondTheMachinesMemoryFails() throws {
        let shell = try shell()
        shell.session.memory.ceiling = nil
        run(shell, "let ones = layoffs select k = 1")
        XCTAssertTrue(
            run(shell, "let pairs = ones join (ones limit 100) on k").hasSuffix("pairs: 200,000 rows, 1 column\n"), errors)
        // 200,000 × 200,000 rows: 40 billion, about 360 GB.
        let error = run(shell, "pairs join pairs on k")
        XCTAssertTrue(error.hasPrefix("1:12: error: this join would make 40 billion rows (about "), error)
        XCTAssertEqual(run(shell, "pairs count"), "")
        XCTAssertTrue(output.contains("│ 200,000 │"), output)
    }

    func testMemoryCommand() throws {
        let shell = try shell()
        shell.session.memory.ceiling = nil
        XCTAssertEqual(run(shell, ".memory"), "")
        XCTAssertTrue(output.hasPrefix("memory limit: none (set one with .memory SIZE)\nin use: "), output)
        XCTAssertEqual(run(shell, ".memory 4GB"), "")
        XCTAssertEqual(shell.session.memory.ceiling, 4_000_000_000)
        run(shell, ".memory")
        XCTAssertTrue(output.hasPrefix("memory limit: 4 GB\nin use: "), output)
        XCTAssertEqual(
            run(shell, ".memory lots"),
            "error: `lots` is not a size; write it like 4GB, 512MB or 1.5GiB\nhint: usage: .memory [SIZE|off]\n")
        XCTAssertEqual(shell.session.memory.ceiling, 4_000_000_000)
        run(shell, ".memory off")
        XCTAssertNil(shell.session.memory.ceiling)
    }

    func testSizes() {
        XCTAssertEqual(ByteSize.parse("4GB"), 4_000_000_000)
        XCTAssertEqual(ByteSize.parse("512 MB"), 512_000_000)
        XCTAssertEqual(ByteSize.parse("1.5GiB"), 1_610_612_736)
        XCTAssertEqual(ByteSize.parse("2g"), 2_147_483_648)
        XCTAssertEqual(ByteSize.parse("1000"), 1000)
        XCTAssertNil(ByteSize.parse("4XB"))
        XCTAssertNil(ByteSize.parse("GB"))
        XCTAssertNil(ByteSize.parse("-1GB"))
        XCTAssertEqual(ByteSize.format(180_400_000_000), "180 GB")
        XCTAssertEqual(ByteSize.format(2_140_000_000), "2.1 GB")
        XCTAssertEqual(ByteSize.format(999), "999 bytes")
        XCTAssertEqual(ByteSize.count(2_100_000_000), "2.1 billion")
        XCTAssertEqual(ByteSize.count(92_000_000_000), "92 billion")
        XCTAssertEqual(ByteSize.count(12_400), "12,400")
    }
}
