import QuarryTestSupport
import XCTest

/// The helper every test uses to run programs must never hang the suite.
final class ChildProcessTests: XCTestCase {
    func testOutputStatusAndInput() throws {
        let finished = try ChildProcess.run(["sh", "-c", "cat; echo to-stderr >&2; exit 3"], input: "typed\n")
        XCTAssertEqual(finished.status, 3)
        XCTAssertEqual(finished.stdout, "typed\n")
        XCTAssertEqual(finished.stderr, "to-stderr\n")
    }

    func testAChildThatLeavesADaemonBehindIsSeenToEnd() throws {
        // The background sleep keeps the output pipes open after the shell itself has ended.
        let started = Date()
        let finished = try ChildProcess.run(["sh", "-c", "sleep 30 & echo done"], timeout: 20)
        XCTAssertEqual(finished.stdout, "done\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func testAChildPastItsDeadlineIsKilled() {
        XCTAssertThrowsError(try ChildProcess.run(["sleep", "30"], timeout: 0.5)) { error in
            XCTAssertTrue(error is ChildProcess.TimedOut, "\(error)")
        }
    }

    func testLargeOutputOnBothStreams() throws {
        let finished = try ChildProcess.run(["sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a >&2; head -c 300000 /dev/zero"])
        XCTAssertEqual(finished.stdout.utf8.count, 300_000)
        XCTAssertEqual(finished.stderr.utf8.count, 300_000)
    }

    func testWorkingFolder() throws {
        XCTAssertEqual(try ChildProcess.run(["pwd"], directory: "/").stdout, "/\n")
    }
}
