import Foundation
import QuarryTestSupport
import XCTest

/// The program, as a process, at ten times the sizes that once overflowed its stack (exit 139):
/// each input gives a result or a clear error, with an honest exit status.
final class DeepInputTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("deep")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    /// Runs `quarry --format csv ARGUMENTS` in the test folder.
    func quarry(_ arguments: [String]) throws -> ChildProcess.Finished {
        try ChildProcess.run([TestPaths.executable, "--format", "csv"] + arguments, directory: folder)
    }

    func testLongExpressions() throws {
        try write("short.qry", "countries select x = 1" + String(repeating: " + 1", count: 4399) + " | limit 1\n")
        let short = try quarry(["short.qry"])
        XCTAssertEqual(short.status, 0, short.stderr)
        XCTAssertEqual(short.stdout, "x\n4400\n")
        try write("long.qry", "countries count\ncountries select x = 1" + String(repeating: " + 1", count: 43_999) + "\n")
        let long = try quarry(["long.qry"])
        XCTAssertEqual(long.status, 1)
        XCTAssertEqual(long.stdout, "count\n12\n")
        XCTAssertTrue(
            long.stderr.hasPrefix("long.qry:2:40022: error: this expression is too deep"), String(long.stderr.prefix(300)))
    }

    func testLongPipelines() throws {
        try write("short.qry", "countries" + String(repeating: " | limit 5", count: 4900) + " | count\n")
        let short = try quarry(["short.qry"])
        XCTAssertEqual(short.status, 0, short.stderr)
        XCTAssertEqual(short.stdout, "count\n5\n")
        try write("long.qry", "countries" + String(repeating: " | limit 5", count: 49_000) + "\n")
        let long = try quarry(["long.qry"])
        XCTAssertEqual(long.status, 1)
        XCTAssertTrue(
            long.stderr.hasPrefix("long.qry:1:100013: error: a statement may have at most 10,000 clauses"),
            String(long.stderr.prefix(300)))
    }

    func testWideFiles() throws {
        let columns = 55_000
        let header = (1...columns).map { "c\($0)" }.joined(separator: ",")
        try write("wide.csv", header + "\n" + (1...columns).map(String.init).joined(separator: ",") + "\n")
        try write("empty.csv", header + "\n")
        let run = try quarry(["wide.csv", "empty.csv", "-c", "wide select c1, c55000", "-c", "empty count"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "c1,c55000\n1,55000\ncount\n0\n")
    }

    func testOldMacLineEnds() throws {
        try write("mac.csv", "a,b\r1,2\r3,4\r")
        let run = try quarry(["mac.csv", "-c", "mac aggregate n = count(), s = sum(b)"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "n,s\n2,6\n")
    }

    func testAScriptThatReadsItself() throws {
        try write("a.qry", "countries count\n.read b.qry\n")
        try write("b.qry", "\n.read a.qry\ncountries count\n")
        let run = try quarry(["a.qry"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "count\n12\n")
        XCTAssertEqual(
            run.stderr,
            "b.qry:2: error: the script reads itself: a.qry -> b.qry -> a.qry\n"
                + "hint: remove the .read that leads back to a script already running\n"
                + "b.qry: error: the script stopped at the error above\n")
    }

    func testAScriptStartingWithAByteOrderMark() throws {
        try write("bom.qry", "\u{FEFF}countries count\n")
        let run = try quarry(["bom.qry"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "count\n12\n")
        let piped = try ChildProcess.run([TestPaths.executable, "--format", "csv"], input: "\u{FEFF}countries count\n")
        XCTAssertEqual(piped.stdout, "count\n12\n", piped.stderr)
    }
}
