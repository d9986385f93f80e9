import QuarryBase
import QuarryEngine
import QuarryIO
import QuarryShell
import QuarrySyntax
import QuarryTeaching
import QuarryTestSupport
import XCTest

/// The files in Samples/: the demo data must be exactly what the generator makes, and each
/// example script must print exactly its saved output.
final class SamplesTests: XCTestCase {
    func testSampleDataIsTheGeneratorOutput() throws {
        for (file, text) in [("layoffs.csv", DemoData.layoffsCSV()), ("countries.csv", DemoData.countriesCSV())] {
            let path = TestPaths.samples + "/" + file
            if TestPaths.recording { try text.write(toFile: path, atomically: true, encoding: .utf8) }
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text, "\(file) differs from the generator")
        }
    }

    func testSampleDemoDataHasTheExportTraps() throws {
        let text = DemoData.layoffsCSV()
        XCTAssertTrue(text.contains(".0,"), "counts written 93.0")
        XCTAssertTrue(text.contains(", Non-U.S.\""), "quoted commas")
        XCTAssertTrue(text.contains(",,"), "blank cells")
        XCTAssertNotNil(text.range(of: #",\d{1,2}/\d{1,2}/20\d\d,"#, options: .regularExpression), "US dates")
        let catalog = try GoldenData.catalog("demo")
        let layoffs = try XCTUnwrap(catalog.table("layoffs"))
        XCTAssertEqual(layoffs.rowCount, DemoData.layoffsRows)
        XCTAssertEqual(
            layoffs.columns.map(\.type),
            [.string, .string, .int, .date, .float, .string, .string, .string, .float, .string, .date])
    }

    func testSampleScripts() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: TestPaths.samples).filter { $0.hasSuffix(".qry") }
            .sorted()
        XCTAssertFalse(scripts.isEmpty)
        let catalog = try GoldenData.catalog("demo")
        for script in scripts {
            let path = TestPaths.samples + "/" + script
            let expectedPath = String(path.dropLast(4)) + ".out"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let (output, error) = runStatements(text, catalog: catalog, name: "Samples/" + script)
            XCTAssertNil(error, "\(script) failed: \(output)")
            if TestPaths.recording { try output.write(toFile: expectedPath, atomically: true, encoding: .utf8) }
            XCTAssertEqual(output, try String(contentsOfFile: expectedPath, encoding: .utf8), script)
        }
    }
}
