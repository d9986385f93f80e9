import Foundation
import QuarryTestSupport
import XCTest

/// README's Quick start is what CI runs: `.ci/run` takes its lines from `.ci/quick-start`. So the
/// lines must be there, and a README where they cannot be found must fail, saying so.
final class QuickStartTests: XCTestCase {
    static let readme = TestPaths.repository + "/README.md"

    /// Runs `.ci/quick-start` on the README at `path`.
    func quickStart(_ path: String) throws -> ChildProcess.Finished {
        try ChildProcess.run(["bash", TestPaths.repository + "/.ci/quick-start", path], directory: TestPaths.repository)
    }

    func testTheReadmeHasTheSetUpLineAndTheTestLine() throws {
        let found = try quickStart(Self.readme)
        XCTAssertEqual(found.status, 0, found.stderr)
        XCTAssertEqual(found.stderr, "")
        let lines = found.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, found.stdout)
        guard lines.count == 2 else { return }
        XCTAssertTrue(lines[0].hasPrefix("apt-get update && apt-get install -y "), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(" && swift run quarry"), lines[0])
        XCTAssertEqual(lines[1], "swift test")
        // The one line installs every system library Package.swift names, and the tools tests use.
        let manifest = try String(contentsOfFile: TestPaths.repository + "/Package.swift", encoding: .utf8)
        let libraries = try NSRegularExpression(pattern: #"\.apt\(\["([^"]+)"\]\)"#)
            .matches(in: manifest, range: NSRange(manifest.startIndex..., in: manifest))
            .map { String(manifest[Range($0.range(at: 1), in: manifest)!]) }
        XCTAssertEqual(libraries.sorted(), ["libedit-dev", "libisal-dev", "libzstd-dev", "zlib1g-dev"])
        let installed = lines[0].components(separatedBy: " && ")[1].split(separator: " ").map(String.init)
        for package in libraries + ["tmux", "zstd", "man-db"] {
            XCTAssertTrue(installed.contains(package), "the set-up line does not install \(package): \(lines[0])")
        }
    }

    /// Each way the block can lose its commands fails with what was expected and the line where.
    func testAChangedQuickStartBlockFailsSayingWhatWasExpected() throws {
        let lines = try String(contentsOfFile: Self.readme, encoding: .utf8).components(separatedBy: "\n")
        let fence = try XCTUnwrap(lines.firstIndex(of: "```sh")) + 1
        let setUp = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("apt-get update") }) + 1
        // Without the end marker, the first text after the block is where it was expected (one line up).
        let endMarker = try XCTUnwrap(lines.firstIndex(of: "<!-- quick-start: end -->"))
        let textAfter = try XCTUnwrap(lines[(endMarker + 1)...].firstIndex { !$0.isEmpty })
        let expected =
            "expected two lines: a set-up line starting `apt-get update` and ending `swift run quarry`, then `swift test`"
        let cases: [(what: String, change: ([String]) -> [String], message: String)] = [
            (
                "markers removed", { $0.filter { !$0.hasPrefix("<!-- quick-start:") } },
                ": error: no `<!-- quick-start: begin -->` line"
            ),
            (
                "block emptied", { $0.filter { !$0.hasPrefix("apt-get update") && $0 != "swift test" } },
                ":\(fence): error: the Quick start code block has 0 lines; " + expected
            ),
            (
                "a line added", { $0.flatMap { $0 == "swift test" ? [$0, "swift build"] : [$0] } },
                ":\(fence): error: the Quick start code block has 3 lines; " + expected
            ),
            (
                "test line gone", { $0.filter { $0 != "swift test" } },
                ":\(fence): error: the Quick start code block has 1 line; " + expected
            ),
            (
                "no apt-get update", { $0.map { $0.replacingOccurrences(of: "apt-get update && ", with: "") } },
                ":\(setUp): error: the set-up line is `apt-get install -y"
            ),
            (
                "test line changed", { $0.map { $0 == "swift test" ? "swift test --filter Golden" : $0 } },
                ":\(setUp + 1): error: the test line is `swift test --filter Golden`; expected `swift test`"
            ),
            (
                "end marker removed", { $0.filter { $0 != "<!-- quick-start: end -->" } },
                ":\(textAfter): error: expected `<!-- quick-start: end -->` after the Quick start code block, found `"
            ),
        ]
        let folder = try TestPaths.temporaryFolder("readme")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (what, change, message) in cases {
            let changed = change(lines)
            XCTAssertNotEqual(changed, lines, "\(what): the change changed nothing")
            let copy = folder + "/README.md"
            try changed.joined(separator: "\n").write(toFile: copy, atomically: true, encoding: .utf8)
            let found = try quickStart(copy)
            XCTAssertEqual(found.status, 1, "\(what): \(found.stdout)")
            XCTAssertEqual(found.stdout, "", what)
            XCTAssertTrue(found.stderr.hasPrefix(copy + message), "\(what): \(found.stderr)")
            XCTAssertTrue(found.stderr.contains("\nhint: "), "\(what): \(found.stderr)")
        }
    }
}
