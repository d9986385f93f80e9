import Foundation
import LineEditing
import QuarryTestSupport
import XCTest

/// The prompt's history file: two prompts keep each other's lines, and a history path that is a
/// folder, or a file that cannot be read, is left alone with one warning.
final class HistoryTests: XCTestCase {
    var folder = ""
    var warnings: [String] = []

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("history")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func historyFile(_ path: String) -> HistoryFile { HistoryFile(path: path) { self.warnings.append($0) } }

    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }

    func testTwoPromptsWritingInTurnKeepEachOthersLines() throws {
        let path = folder + "/history"
        let first = historyFile(path)
        let second = historyFile(path)
        first.append("countries count")
        second.append("layoffs limit 1")
        first.append("layoffs where industry = \"Retail\" |\n  count")
        second.append("countries count")
        XCTAssertEqual(
            historyFile(path).entries(),
            ["countries count", "layoffs limit 1", "layoffs where industry = \"Retail\" |\n  count", "countries count"])
        XCTAssertEqual(try listing(), ["history"], "no temporary file is left")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        XCTAssertEqual(warnings, [])
    }

    func testAStaleTemporaryFileIsNotInTheWay() throws {
        let path = folder + "/history"
        // The names a prompt killed mid-save used to leave.
        for stale in ["/history.tmp-\(getpid())", "/.history.tmp-\(getpid())"] {
            try Data("junk".utf8).write(to: URL(fileURLWithPath: folder + stale))
        }
        historyFile(path).append("countries count")
        XCTAssertEqual(historyFile(path).entries(), ["countries count"])
        XCTAssertEqual(warnings, [])
    }

    func testAHistoryPathThatIsAFolderWarnsOnceAndSavesNothing() throws {
        let path = folder + "/history"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let file = historyFile(path)
        XCTAssertEqual(file.entries(), [])
        file.append("countries count")
        file.append("layoffs count")
        XCTAssertEqual(warnings, ["the history path \(path) is a folder; history is not saved in this session"])
        XCTAssertFalse(file.saving)
        XCTAssertEqual(try listing(), ["history"], "no temporary file is left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path), [])
    }

    func testAnUnreadableHistoryFileIsLeftAlone() throws {
        // A link to itself cannot be read, even by root.
        let loop = folder + "/history"
        XCTAssertEqual(symlink(loop, loop), 0)
        let file = historyFile(loop)
        file.append("countries count")
        file.append("layoffs count")
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        XCTAssertTrue(warnings.first?.hasPrefix("cannot read \(loop): ") ?? false, "\(warnings)")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: loop), loop, "the link is left alone")
        XCTAssertEqual(try listing(), ["history"])

        // A file of something else is not replaced either.
        warnings = []
        let other = folder + "/notes"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: other))
        historyFile(other).append("countries count")
        XCTAssertEqual(warnings, ["\(other) is not a history file; history is not saved in this session"])
        XCTAssertEqual(try String(contentsOfFile: other, encoding: .utf8), "my notes\n")

        // Without permission to read it (root reads anything, so only for other users).
        guard getuid() != 0 else { return }
        warnings = []
        let locked = folder + "/locked"
        historyFile(locked).append("countries count")
        XCTAssertEqual(chmod(locked, 0o200), 0)
        historyFile(locked).append("layoffs count")
        XCTAssertEqual(warnings.count, 1, "\(warnings)")
        XCTAssertEqual(chmod(locked, 0o600), 0)
        XCTAssertEqual(historyFile(locked).entries(), ["countries count"])
    }
}
