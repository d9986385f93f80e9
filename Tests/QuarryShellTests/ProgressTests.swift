import QuarryBase
import XCTest

/// The progress line's text, and when there is one.
final class ProgressTests: XCTestCase {
    func testTheLineSaysWhatHowFarHowFastAndWhatIsLeft() {
        let load = Progress.Snapshot(what: "loading big.csv", done: 400_000_000, total: 800_000_000, passes: 2, seconds: 2)
        XCTAssertEqual(
            Progress.line(load, width: 200), "loading big.csv: 200 MB of 800 MB (25%), 100 MB/s, 6 s left (Ctrl-C stops it)")
        let stream = Progress.Snapshot(what: "loading big.csv.gz", done: 300_000_000, total: nil, seconds: 3)
        XCTAssertEqual(Progress.line(stream, width: 200), "loading big.csv.gz: 300 MB, 100 MB/s, 3 s (Ctrl-C stops it)")
        let query = Progress.Snapshot(
            what: "running big sort by name", step: "sorting 10 million rows", done: 0, total: nil, seconds: 4.7)
        XCTAssertEqual(
            Progress.line(query, width: 200), "running big sort by name (sorting 10 million rows): 4 s (Ctrl-C stops it)")
        XCTAssertEqual(Progress.line(query, width: 20), "running big sort by…")
    }

    func testWorkShorterThanTheDelayHasNoLineAndEndingErasesIt() {
        final class Drawn: @unchecked Sendable { var lines: [String] = [] }
        let drawn = Drawn()
        Progress.install(Progress.Drawer(draw: { drawn.lines.append($0) }, erase: { drawn.lines.append("<erased>") }))
        defer { Progress.install(nil) }
        Progress.begin("loading a.csv")
        Progress.tick(width: 80)
        XCTAssertEqual(drawn.lines, [], "nothing before a second has passed")
        XCTAssertNil(Progress.snapshot())
        XCTAssertNotNil(Progress.snapshot(at: Clock.now() + Progress.delay))
        Progress.end()
        XCTAssertEqual(drawn.lines, [], "nothing drawn, so nothing to erase")
        XCTAssertNil(Progress.snapshot(at: Clock.now() + 10))
    }
}
