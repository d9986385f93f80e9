import QuarryBase
import QuarryEngine
import QuarryIO
import QuarryShell
import QuarrySyntax
import QuarryTeaching
import QuarryTestSupport
import XCTest

/// Runs every golden file in Golden/: each case in a fresh session, its output compared exactly.
/// `QUARRY_RECORD=1 swift test` rewrites the expectations for review.
final class GoldenTests: XCTestCase {
    func testGoldenFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: GoldenPaths.golden).filter { $0.hasSuffix(".test") }
            .sorted()
        XCTAssertFalse(files.isEmpty, "no golden files found")
        var total = 0
        for file in files {
            let path = GoldenPaths.golden + "/" + file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let (data, cases) = GoldenFile.parse(text)
            let catalog = try GoldenData.catalog(data)
            var updated = cases
            for (i, c) in cases.enumerated() {
                let actual = runStatements(c.query, catalog: catalog, format: c.format).output
                total += 1
                if TestPaths.recording {
                    updated[i].expected = actual
                } else {
                    XCTAssertEqual(actual, c.expected, "\(file):\(c.line): \(c.name)")
                }
            }
            if TestPaths.recording {
                let header = String(text[..<(text.range(of: "\n== ")?.lowerBound ?? text.endIndex)]) + "\n"
                try GoldenFile.render(data: data, cases: updated, header: header).write(
                    toFile: path, atomically: true, encoding: .utf8)
            }
        }
        XCTAssertGreaterThan(total, 0)
    }
}
