import Foundation
import QuarryIO
import QuarryTestSupport
import XCTest

/// The program under real limits: `--memory-limit`, and `ulimit -v` set in the child's shell. A
/// load too big for them is an error and an honest exit status, never an abort.
final class MemoryLimitCommandLineTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("memory-cli")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A 1,000-column header over `rows` rows of one field each: columns of about 4 KB a row from
    /// 2 bytes of text.
    func wideFile(rows: Int) throws -> String {
        let path = folder + "/wide.csv"
        let header = (1...1000).map { "c\($0)" }.joined(separator: ",")
        try (header + "\n" + String(repeating: "1\n", count: rows)).write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// Runs `quarry ARGUMENTS` from a shell that first sets `ulimit -v KILOBYTES`.
    func quarry(_ arguments: [String], addressSpaceKilobytes: Int? = nil) throws -> ChildProcess.Finished {
        let quoted = ([TestPaths.executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let limit = addressSpaceKilobytes.map { "ulimit -v \($0) && " } ?? ""
        return try ChildProcess.run(["/bin/sh", "-c", limit + "exec " + quoted.joined(separator: " ")], directory: folder)
    }

    func testLoadTooBigForTheMemoryLimit() throws {
        let path = try wideFile(rows: 100_000)
        let run = try quarry(["--memory-limit", "200MB", "-c", "countries count\nload \"\(path)\" as wide"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stdout.contains("│    12 │"), run.stdout)
        XCTAssertTrue(
            run.stderr.hasPrefix("\(path): error: loading it would make 100,000 rows of 1000 columns (about 413 MB), but "),
            run.stderr)
        XCTAssertTrue(run.stderr.contains(" are left under the memory limit (--memory-limit or .memory)\n"), run.stderr)
    }

    /// Under `ulimit -v` the columns would not fit in the address space: without the check the
    /// allocation fails and the process aborts.
    func testLoadTooBigForUlimit() throws {
        let path = try wideFile(rows: 600_000)
        let run = try quarry(["-c", "load \"\(path)\" as wide"], addressSpaceKilobytes: 2_000_000)
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(
            run.stderr.hasPrefix("\(path): error: loading it would make 600,000 rows of 1000 columns (about 2.5 GB), but "),
            run.stderr)
        XCTAssertTrue(run.stderr.contains(" are left under the address space limit (ulimit -v)\n"), run.stderr)
    }

    /// A gzip bomb: 2 GB of CSV in 2 MB, under a 1 GB address space.
    func testGzipBombUnderUlimit() throws {
        let path = folder + "/bomb.csv.gz"
        let header = try Gzip.compress(Array("n\n".utf8), path: path)
        let member = try Gzip.compress(Array(String(repeating: "1\n", count: 1 << 19).utf8), path: path)
        var bytes = header
        for _ in 0..<2000 { bytes += member }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try quarry(["-c", "load \"\(path)\""], addressSpaceKilobytes: 1_000_000)
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("\(path): error: decompressing it (gzip) has made "), run.stderr)
        XCTAssertTrue(run.stderr.contains(" are left under the address space limit (ulimit -v)\n"), run.stderr)
    }

    /// A `.gz` file of 4 GiB or more once stopped the program on a 32-bit count. This one is a
    /// member, a stray byte, and a hole to 4.5 GiB (sparse: it takes no disk): a clear error.
    func testAGzipFileOver4GiBIsReadNotTrapped() throws {
        let path = folder + "/big.csv.gz"
        try Data(try Gzip.compress(Array("a,b\n1,2\n".utf8), path: path) + [0x41]).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(truncate(path, 4500 << 20), 0)
        let run = try quarry(["-c", "load \"\(path)\" as t"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stderr, "\(path): error: cannot read the file: the gzip data is damaged or cut short\n")
    }

    func testMemoryLimitOption() throws {
        let shown = try quarry(["--memory-limit=1.5GiB", "-c", ".memory"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.hasPrefix("memory limit: 1.6 GB\nin use: "), shown.stdout)
        let bad = try quarry(["--memory-limit", "lots"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(
            bad.stderr,
            "error: `lots` is not a memory size; write it like 4GB, 512MB or 1.5GiB\nhint: run quarry --help for usage\n")
    }
}
