import QuarryBase
import QuarryIO
import QuarryShell
import QuarryTestSupport
import XCTest

/// Dot-commands that need a session's state: `.save` after a failure, `.pager`, `.drop`.
final class SessionCommandTests: XCTestCase {
    var output = ""
    var errors = ""

    func shell() throws -> Shell {
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        session.write = { self.output += $0 }
        session.writeError = { self.errors += $0 }
        return Shell(session: session)
    }

    func testSaveAfterAFailedStatementSaysWhichResultItWrites() throws {
        let folder = try TestPaths.temporaryFolder("save-after")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shell = try shell()
        shell.handle("countries top 2 by population | select country")
        shell.handle(".save \(folder)/first.csv")
        XCTAssertFalse(errors.contains("failed"), errors)
        shell.handle("countries where nope = 1")
        errors = ""
        shell.handle(".save \(folder)/second.csv")
        XCTAssertTrue(
            errors.hasPrefix(
                "note: the last statement failed; saving the result before it, of "
                    + "`countries top 2 by population | select country` (2 rows, 1 column)\n"), errors)
        XCTAssertEqual(try String(contentsOfFile: folder + "/second.csv", encoding: .utf8), "country\nIndia\nUnited States\n")
        // A query that runs clears it.
        shell.handle("countries count")
        errors = ""
        shell.handle(".save \(folder)/third.csv")
        XCTAssertFalse(errors.contains("failed"), errors)
    }

    func testPagerSettings() throws {
        let shell = try shell()
        shell.session.pager = Pager(mode: .auto, command: nil, screenHeight: 24)
        shell.handle(".pager")
        XCTAssertEqual(
            output, "the pager is auto; pager program: none (set $PAGER, or install less); results are printed directly\n")
        shell.handle(".pager on")
        XCTAssertTrue(errors.contains("there is no pager to turn on"), errors)
        shell.session.pager.command = "less"
        shell.handle(".pager on")
        XCTAssertEqual(shell.session.pager.mode, .on)
        XCTAssertTrue(shell.session.pager.isActive)
        shell.handle(".pager off")
        XCTAssertFalse(shell.session.pager.isActive)
        errors = ""
        shell.handle(".pager sometimes")
        XCTAssertTrue(errors.contains("unknown setting `sometimes`"), errors)
    }

    func testDropChecksEveryNameFirst() throws {
        let shell = try shell()
        shell.handle(".drop countries layofs")
        XCTAssertTrue(errors.contains("`layofs`"), errors)
        XCTAssertEqual(shell.session.catalog.names, ["layoffs", "countries"])
        shell.handle(".drop countries")
        XCTAssertEqual(shell.session.catalog.names, ["layoffs"])
    }
}
