import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryIO

/// Inputs `Fuzz/run` found that once crashed a loader, kept as they were found (base64) beside a
/// smaller input of the same shape. Each must load, or fail with an error naming the file.
final class FuzzFoundTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("fuzz-found") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func load(_ bytes: [UInt8], name: String = "t.csv") throws -> Table {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try DataLoader.load(path: path).table
    }

    /// A BOM, then a quoted name holding a carriage return, in a file with old Mac line ends
    /// (found by the csv target, and compressed by the zstd target):
    /// the copy with line feeds read the quote as text (after the BOM), so the header still
    /// ended in a carriage return and the loader made a copy of the copy, without end.
    func testQuotedNameAfterABOMWithOldMacLineEnds() throws {
        let found = try XCTUnwrap(
            Data(
                base64Encoded:
                    "77u/ImIgLGENIg0NDQ0NDQ0NDQ0NDQAAAGANDQ0NDQ0xMS8zMS8yMDI1DQ0NXHVkODNkXG1wbGUuY29tLzQwNTIvNy8yMC9icmlnaHRseS1sYXlvZmbvu79hJCNiDQ0N"
            ))
        let table = try load(Array(found))
        XCTAssertEqual(table.names, ["b ,a\r"])
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertEqual(table.columns[0].value(at: 1), .string("11/31/2025"))

        // The same shape, found by the zstd target: compressed, with a quoted empty name.
        let compressed = try XCTUnwrap(
            Data(
                base64Encoded:
                    "KLUv/QAOAQIA77u/IixhYiAiIkNvbGxlYw4BAgDvu79vdGUADgECAO+7v2EsIiIiLGMNCTFjXHVkODNkXFxkZTAwLTB0ZSwiIg=="
            ))
        let unpacked = try load(Array(compressed), name: "t.csv.zst")
        XCTAssertEqual(unpacked.names.count, 2)
        XCTAssertEqual(unpacked.rowCount, 1)

        let small = try load(Array("\u{FEFF}\"b\ra\",c\r1,2\r3,4\r".utf8))
        XCTAssertEqual(small.names, ["b\ra", "c"])
        XCTAssertEqual(small.rowCount, 2)
        XCTAssertEqual(small.columns[1].value(at: 1), .int(4))
    }
}
