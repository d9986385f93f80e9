import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

/// `--format csv` output of a query parses back as CSV with the same values, cell by cell.
final class OutputRoundTripTests: XCTestCase {
    func roundTrip(_ table: Table, file: StaticString = #filePath, line: UInt = #line) throws {
        var text = Array(OutputFormat.csv.render(table).utf8)
        let reloaded = try text.withUnsafeMutableBufferPointer {
            try DataLoader.parse(UnsafeBufferPointer($0), path: "output.csv").table
        }
        XCTAssertEqual(reloaded.names, table.names, file: file, line: line)
        XCTAssertEqual(reloaded.rowCount, table.rowCount, file: file, line: line)
        for (c, column) in table.columns.enumerated() {
            for row in 0..<table.rowCount {
                let before = column.value(at: row)
                let after = reloaded.columns[c].value(at: row)
                // The reloaded type may differ (text of digits reads back as a number); the value may not.
                // An empty string is written `""`, which reads back as null, as in most CSV readers.
                if case .string("") = before, after == .null { continue }
                XCTAssertEqual(
                    ValueFormatter.plain(after), ValueFormatter.plain(before), "\(table.names[c]) row \(row)", file: file,
                    line: line)
                if case .float(let x) = before, case .float(let y) = after { XCTAssertEqual(x.bitPattern, y.bitPattern) }
            }
        }
    }

    func testWholeTablesRoundTrip() throws {
        for data in ["demo", "shared"] {
            let catalog = try GoldenData.catalog(data)
            for name in catalog.names { try roundTrip(try XCTUnwrap(catalog.table(name))) }
        }
    }

    func testComputedValuesRoundTrip() throws {
        let catalog = try GoldenData.catalog("demo")
        let queries = [
            #"layoffs group by industry aggregate a = avg(percentage_laid_off), s = stddev(total_laid_off), m = median(funds_raised)"#,
            #"countries select x = population / 7, y = 0.1 + 0.2, z = -1e-7 * population, tricky = "a,\"b\"\nc", empty = """#,
            #"layoffs select company, location, date, flag = total_laid_off > 100 | limit 50"#,
        ]
        for query in queries {
            let statement = try XCTUnwrap(try Parser.parseScript(query).first)
            guard case .query(let q) = statement.kind else { return XCTFail() }
            let session = Session()
            session.catalog = catalog
            try roundTrip(try session.runQuery(q, SourceText(name: nil, text: query)))
        }
    }

    func testJSONIsValid() throws {
        let catalog = try GoldenData.catalog("demo")
        let table = try XCTUnwrap(catalog.table("layoffs"))
        let json = OutputFormat.json.render(table.prefix(100))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        XCTAssertEqual(parsed?.count, 100)
        for line in OutputFormat.ndjson.render(table.prefix(20)).split(separator: "\n") {
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }
}
