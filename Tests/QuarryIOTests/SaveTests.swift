import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// Saves through a temporary file: never in the way of one left behind, keeping the target's
/// permissions, leaving nothing behind when they fail.
final class SaveTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("save")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    var table: Table { Table(names: ["x"], columns: [Column.from([.int(1), .int(2)], type: .int)]) }

    func permissions(_ path: String) throws -> Int {
        try XCTUnwrap((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    func testAStaleTemporaryFileIsNotInTheWay() throws {
        let path = folder + "/out.csv"
        // The name a save killed mid-write by a process with this PID used to leave.
        let stale = folder + "/.out.csv.tmp-\(getpid())"
        try Data("half written".utf8).write(to: URL(fileURLWithPath: stale))
        try FormatRegistry.save(table, to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "x\n1\n2\n")
        try FormatRegistry.save(table.prefix(1), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "x\n1\n")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), [".out.csv.tmp-\(getpid())", "out.csv"])
    }

    func testSavingOverAFileKeepsItsPermissions() throws {
        let path = folder + "/private.csv"
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(path, 0o600), 0)
        try FormatRegistry.save(table, to: path)
        XCTAssertEqual(try permissions(path), 0o600)
        XCTAssertEqual(chmod(path, 0o640), 0)
        try AtomicFile.write("text\n", to: path)
        XCTAssertEqual(try permissions(path), 0o640)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "text\n")
        // A new file gets the usual 0644 (less the umask).
        let fresh = folder + "/fresh.csv"
        try FormatRegistry.save(table, to: fresh)
        let mask = umask(0o022)
        umask(mask)
        XCTAssertEqual(try permissions(fresh), 0o644 & ~Int(mask))
    }

    func testAFailedSaveLeavesNothingBehind() throws {
        let target = folder + "/taken.csv"
        try FileManager.default.createDirectory(atPath: target + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try FormatRegistry.save(table, to: target)) { error in
            XCTAssertEqual((error as? Diagnostic)?.id, .writeFailed)
        }
        XCTAssertThrowsError(try AtomicFile.write("x", to: target))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["taken.csv"])
    }
}
