import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

/// A save that fails for want of room ends that statement only: the prompt goes on.
final class FailedSaveTests: XCTestCase {
    func testThePromptGoesOnAfterAFailedSave() throws {
        let folder = try TestPaths.temporaryFolder("failed-save")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.csv"
        let earlier = Data("earlier\n".utf8)
        try earlier.write(to: URL(fileURLWithPath: path))
        var output = ""
        var errors = ""
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        session.write = { output += $0 }
        session.writeError = { errors += $0 }
        let shell = Shell(session: session)
        shell.handle("layoffs")
        // This process's own file size limit, as `ulimit -f 64` sets it (SIGXFSZ ignored, so EFBIG).
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var small = saved
        small.rlim_cur = 64 * 1024
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small)
        let going = shell.handle(".save \(path)")
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        signal(SIGXFSZ, previousHandler)
        XCTAssertTrue(going)
        XCTAssertTrue(errors.contains("cannot write the file: File too large"), errors)
        XCTAssertTrue(errors.contains(path), errors)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), earlier)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["out.csv"])
        output = ""
        errors = ""
        shell.handle("countries top 1 by population")
        XCTAssertTrue(output.contains("1 row"), output)
        XCTAssertEqual(errors, "")
        XCTAssertTrue(shell.handle(".save \(path)"))
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: path)), earlier)
    }
}

/// `.last` streams a result longer than the screen into the pager, and prints a short one.
final class PagerTests: XCTestCase {
    func testLastGoesThroughThePagerWhenLongerThanTheScreen() throws {
        let folder = try TestPaths.temporaryFolder("pager")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var output = ""
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        session.tableStyle = TableStyle(maxWidth: 80, maxRows: 10)
        session.write = { output += $0 }
        session.writeError = { XCTFail($0) }
        let shell = Shell(session: session)
        session.pager = Pager(mode: .on, command: "cat > '\(folder)/paged.txt'", screenHeight: 20)
        shell.handle("layoffs | limit 100")
        output = ""
        shell.handle(".last")
        XCTAssertEqual(output, "")
        let all = try XCTUnwrap(session.lastResult)
        let paged = try String(contentsOfFile: folder + "/paged.txt", encoding: .utf8)
        XCTAssertEqual(paged, OutputFormat.table.render(all))
        shell.handle("countries | limit 3")
        shell.handle(".last")
        XCTAssertTrue(output.hasSuffix(OutputFormat.table.render(try XCTUnwrap(session.lastResult))), output)
    }
}
