import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// Values out of range for their type never load silently wrong: the column stays text, or,
/// where the type was given, the load is an error naming the value.
final class NumberLoadTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("numbers")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func load(_ text: String, name: String = "t.csv", types: [String: DataType] = [:]) throws -> Table {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try DataLoader.load(path: path, options: LoadOptions(types: types)).table
    }

    func loadError(_ text: String, name: String = "t.csv", types: [String: DataType]) throws -> Diagnostic? {
        do {
            _ = try load(text, name: name, types: types)
            return nil
        } catch let error as Diagnostic {
            return error
        }
    }

    func testANumberTooLargeForADoubleKeepsTheColumnText() throws {
        for name in ["t.csv", "t.tsv"] {
            let table = try load("x\n1.5\n1e400\n", name: name)
            XCTAssertEqual(table["x"]?.type, .string, name)
            XCTAssertEqual(table["x"]?.value(at: 1), .string("1e400"), name)
        }
        let long = String(repeating: "9", count: 400)
        XCTAssertEqual(try load("x\n\(long)\n").columns[0].type, .string)
        // The largest doubles still load as numbers.
        let edge = try load("x\n1.7976931348623157e308\n-1e308\n")
        XCTAssertEqual(edge["x"]?.value(at: 0), .float(1.7976931348623157e308))
        XCTAssertEqual(edge["x"]?.value(at: 1), .float(-1e308))
    }

    func testANumberTooLargeForItsGivenTypeIsAnError() throws {
        let asFloat = try XCTUnwrap(try loadError("x\n1.5\n1e400\n", types: ["x": .float]))
        XCTAssertEqual(asFloat.id, .valueDoesNotFit)
        XCTAssertEqual(asFloat.line, 3)
        XCTAssertTrue(asFloat.message.contains("1e400"), asFloat.message)
        XCTAssertEqual(try loadError("x\n1e400\n", types: ["x": .int])?.id, .valueDoesNotFit)
    }

    func testJSONNumbersTooLargeForADouble() throws {
        let table = try load(#"[{"x": 1.5}, {"x": 1e400}]"#, name: "t.json")
        XCTAssertEqual(table["x"]?.type, .string)
        XCTAssertEqual(table["x"]?.value(at: 1), .string("1e400"))
        XCTAssertEqual(try load(#"{"x": -1e999}"# + "\n", name: "t.ndjson")["x"]?.type, .string)
        let error = try XCTUnwrap(try loadError(#"[{"x": 1.5}, {"x": 1e400}]"#, name: "t.json", types: ["x": .float]))
        XCTAssertEqual(error.id, .valueDoesNotFit)
    }

    func testInfAndNanReadAsFloats() throws {
        let table = try load("x,y\ninf,1\n-inf,2\nnan,3\n1.5,4\n+inf,5\n")
        let x = try XCTUnwrap(table["x"])
        XCTAssertEqual(x.type, .float)
        XCTAssertEqual(x.value(at: 0), .float(.infinity))
        XCTAssertEqual(x.value(at: 1), .float(-.infinity))
        guard case .float(let nan) = x.value(at: 2) else { return XCTFail("\(x.value(at: 2))") }
        XCTAssertTrue(nan.isNaN)
        XCTAssertEqual(x.value(at: 4), .float(.infinity))
        // A given float type takes them too; a word that only starts like one is text.
        XCTAssertEqual(try load("x\ninf\n", types: ["x": .float])["x"]?.value(at: 0), .float(.infinity))
        XCTAssertEqual(try load("x\ninfo\n1\n")["x"]?.type, .string)
        XCTAssertEqual(try load("x\n-nan\n1\n")["x"]?.type, .string)
        XCTAssertEqual(try load("x\nNan\n")["x"]?.type, .string, "Nan is a name")
        XCTAssertEqual(try load("x\nNaN\nINF\n-Infinity\n")["x"]?.type, .float)
    }

    func testHexIsText() throws {
        let table = try load("x\n0x10\n")
        XCTAssertEqual(table["x"]?.value(at: 0), .string("0x10"))
        XCTAssertEqual(try loadError("x\n0x10\n", types: ["x": .int])?.id, .valueDoesNotFit)
        XCTAssertEqual(try loadError("x\n0x1p4\n", types: ["x": .float])?.id, .valueDoesNotFit)
    }

    func testTimestampOffsetsAndYearsOutOfRangeKeepTheColumnText() throws {
        for bad in [
            "2024-01-01T00:00:00+99:99", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+05:60",
            "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "0000-06-01T00:00:00Z", "10000-01-01T00:00:00Z",
        ] {
            let table = try load("t\n2024-01-01T10:00:00Z\n\(bad)\n")
            XCTAssertEqual(table["t"]?.type, .string, bad)
            XCTAssertEqual(table["t"]?.value(at: 1), .string(bad), bad)
            let error = try loadError("t\n\(bad)\n", types: ["t": .timestamp])
            XCTAssertEqual(error?.id, .valueDoesNotFit, bad)
            XCTAssertEqual(error?.line, 2, bad)
            let json = try load(#"[{"t": "2024-01-01T10:00:00Z"}, {"t": "\#(bad)"}]"#, name: "t.json")
            XCTAssertEqual(json["t"]?.type, .string, bad)
        }
        // The edges of the range, and the largest real offsets, still read.
        let good = try load("t\n2024-01-01T00:00:00+23:59\n0001-01-01T00:00:00Z\n9999-12-31T23:59:59.999999Z\n")
        XCTAssertEqual(good["t"]?.type, .timestamp)
        XCTAssertEqual(good["t"]?.value(at: 0), .timestamp(Timestamp.parse("2023-12-31T00:01:00Z")!))
        XCTAssertEqual(good["t"]?.value(at: 2), .timestamp(Timestamp.range.upperBound))
    }

    /// Tables with inf, -inf and nan saved and loaded back: CSV and TSV keep them; JSON, which has
    /// no such numbers, writes null and says so in one note naming the column and the count.
    func testInfAndNanRoundTrips() throws {
        let values: [Value] = [.float(1.5), .float(.infinity), .float(-.infinity), .float(.nan), .null]
        let table = Table(
            names: ["x", "n"],
            columns: [Column.from(values, type: .float), Column.from((1...5).map { Value.int(Int64($0)) }, type: .int)])
        for ext in ["csv", "tsv", "csv.gz", "tsv.zst"] {
            let path = folder + "/saved." + ext
            XCTAssertEqual(try FormatRegistry.save(table, to: path), [], ext)
            let back = try DataLoader.load(path: path).table
            let x = try XCTUnwrap(back["x"])
            XCTAssertEqual(x.type, .float, ext)
            XCTAssertEqual(x.value(at: 0), .float(1.5), ext)
            XCTAssertEqual(x.value(at: 1), .float(.infinity), ext)
            XCTAssertEqual(x.value(at: 2), .float(-.infinity), ext)
            guard case .float(let nan) = x.value(at: 3) else { return XCTFail("\(ext): \(x.value(at: 3))") }
            XCTAssertTrue(nan.isNaN, ext)
            XCTAssertEqual(x.value(at: 4), .null, ext)
        }
        for ext in ["json", "ndjson"] {
            let path = folder + "/saved." + ext
            let notes = try FormatRegistry.save(table, to: path)
            XCTAssertEqual(notes, ["JSON has no inf or nan; these were written as null: 3 in x"], ext)
            let back = try DataLoader.load(path: path).table
            XCTAssertEqual((0..<5).map { back["x"]!.value(at: $0) }, [.float(1.5), .null, .null, .null, .null], ext)
            XCTAssertEqual(back["n"]?.value(at: 4), .int(5), ext)
        }
        XCTAssertEqual(try FormatRegistry.save(table.prefix(1), to: folder + "/finite.json"), [])
    }
}
