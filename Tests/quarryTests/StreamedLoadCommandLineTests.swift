import Foundation
import QuarryTestSupport
import XCTest

/// A compressed file is loaded a window at a time: one whose text is bigger than the memory
/// the program may use still loads, and the program never holds the text whole.
final class StreamedLoadCommandLineTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("streamed-load") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// 10 million rows of about 100 bytes (1 GB of text): an id, one of 100 long notes, and a
    /// day, made and compressed by a pipeline so the test never holds the text either.
    func testAGigabyteOfGzipTextLoadsUnderALimitBelowItsSize() throws {
        let path = folder + "/big.csv.gz"
        let rows = 10_000_000
        let make = """
            awk 'BEGIN { print "id,note,day"; for (i = 0; i < \(rows); i++) \
            printf "%d,note %02d: a long remark that repeats in every row so that the file grows big indeed,2024-01-%02d\\n", \
            i, i % 100, i % 28 + 1 }' | gzip -1 > '\(path)'
            """
        let made = try ChildProcess.run(["/bin/sh", "-c", make], timeout: 300)
        XCTAssertEqual(made.status, 0, made.stderr)
        // Each row's length: its id's digits and the same 95 bytes.
        var textBytes = "id,note,day\n".utf8.count
        for digits in 1...7 {
            let first = digits == 1 ? 0 : Int(pow(10, Double(digits - 1)))
            textBytes += (min(rows, Int(pow(10, Double(digits)))) - first) * (digits + 95)
        }
        XCTAssertGreaterThan(textBytes, 1_000_000_000)
        // The limit is below the text alone, let alone the text and the table together.
        let limit = 700_000_000
        let run = try ChildProcess.run(
            [
                TestPaths.executable, "--memory-limit", "700MB", "--format", "csv", "-c", "load \"\(path)\" as big",
                "-c", "big aggregate n = count(), s = sum(id), notes = count_distinct(note), last = max(day)",
            ], timeout: 300)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "n,s,notes,last\n10000000,49999995000000,100,2024-01-28\n")
        XCTAssertLessThan(limit, textBytes)
        // The table is 10 million ids, codes and days (about 170 MB); the text is never held.
        XCTAssertLessThan(run.peakResidentBytes, 450_000_000, "peak \(run.peakResidentBytes) bytes")
    }
}
