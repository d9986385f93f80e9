import Foundation
import QuarryTestSupport
import XCTest

/// The built program when output cannot be written: a save past the file size limit fails with
/// the file named and the earlier file untouched; a reader that closes the pipe ends output quietly.
final class WriteErrorTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("write-errors") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs a shell command line with `QUARRY` standing for the built program, in the test's folder.
    func shell(_ command: String) throws -> ChildProcess.Finished {
        let line = command.replacingOccurrences(of: "QUARRY", with: "'\(TestPaths.executable)'")
        return try ChildProcess.run(["/bin/bash", "-c", line], directory: folder)
    }

    /// `ulimit -f 64` lets no file pass 64 KiB: the save of the demo layoffs (far larger) fails
    /// with EFBIG, which must leave the earlier file as it was and no temporary file behind.
    func testASaveOverTheFileSizeLimitKeepsTheEarlierFile() throws {
        let path = folder + "/out.csv"
        let earlier = Data("the earlier file\n1,2,3\n".utf8)
        try earlier.write(to: URL(fileURLWithPath: path))
        let run = try shell(#"ulimit -f 64; exec QUARRY -c 'layoffs save "out.csv"' -c 'countries save "after.csv"'"#)
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("out.csv"), run.stderr)
        XCTAssertTrue(run.stderr.contains("cannot write the file"), run.stderr)
        XCTAssertTrue(run.stderr.contains("hint:"), run.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), earlier)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["out.csv"])
    }

    /// Compressed saves stream through the same file: past the limit (the demo layoffs compress
    /// to about 44 KiB) they fail the same way, with the earlier file intact and nothing left behind.
    func testACompressedSaveOverTheLimitKeepsTheEarlierFile() throws {
        for name in ["out.csv.gz", "out.json.zst"] {
            let path = folder + "/" + name
            let earlier = Data("the earlier file\n".utf8)
            try earlier.write(to: URL(fileURLWithPath: path))
            let run = try shell("ulimit -f 16; exec QUARRY -c 'layoffs save \"\(name)\"'")
            XCTAssertEqual(run.status, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains(name) && run.stderr.contains("cannot write the file"), run.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), earlier, name)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [name])
            try FileManager.default.removeItem(atPath: path)
        }
    }

    /// The same save without the limit writes a file well over 64 KiB, so the limit above was what failed.
    func testTheSameSaveWithoutALimitSucceeds() throws {
        let run = try shell(#"exec QUARRY -c 'layoffs save "out.csv"'"#)
        XCTAssertEqual(run.status, 0, run.stderr)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: folder + "/out.csv")[.size] as? Int)
        XCTAssertGreaterThan(size, 64 * 1024)
    }

    /// `quarry ... | head -c 100`: no error text, exit status 141 (as for SIGPIPE), and the
    /// statements after the closed output do not run.
    func testAClosedPipeEndsOutputQuietly() throws {
        for format in ["table", "csv", "json"] {
            let run = try shell(
                "QUARRY --format \(format) -c 'layoffs' -c 'countries save \"after.csv\"' | head -c 100 > head.txt;"
                    + " echo \"status=${PIPESTATUS[0]}\"")
            XCTAssertEqual(run.stderr, "", format)
            XCTAssertEqual(run.stdout, "status=141\n", format)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: folder + "/head.txt")).count, 100, format)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/after.csv"), format)
        }
    }

    /// Standard output on a full device (`/dev/full` answers every write with ENOSPC): an error
    /// with the cause, status 1, and the statements after it not run.
    func testAFullStandardOutputIsAnError() throws {
        let run = try shell(#"QUARRY -c 'layoffs' -c 'countries save "after.csv"' > /dev/full"#)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("cannot write the result to standard output: No space left on device"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/after.csv"))
    }
}
