import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

final class CompleterTests: XCTestCase {
    func complete(_ line: String, previous: String = "", data: String = "shared") throws -> (start: Int, replacements: [String]) {
        let result = Completer(catalog: try GoldenData.catalog(data)).complete(
            previousLines: previous, line: line, cursor: line.utf8.count)
        return (result.start, result.candidates.map(\.replacement))
    }

    func testTablesWhereASourceIsExpected() throws {
        XCTAssertEqual(try complete("lay").replacements, ["layoffs "])
        XCTAssertEqual(try complete("layoffs join cou").replacements, ["countries "])
        XCTAssertEqual(try complete("layoffs join left c").replacements, ["countries "])
        XCTAssertEqual(try complete("let r = c").replacements, ["countries "])
        XCTAssertEqual(try complete("from l").replacements, ["layoffs "])
    }

    func testClauseKeywordsWhereAClauseCanStart() throws {
        XCTAssertEqual(try complete("layoffs wh").replacements, ["where "])
        XCTAssertEqual(try complete("layoffs | g").replacements, ["group by "])
        XCTAssertEqual(try complete("layoffs where industry = \"Retail\" c").replacements, ["chart ", "count "])
        XCTAssertEqual(try complete("layoffs where x > 3 s").replacements, ["save ", "select ", "sort by "])
    }

    func testColumnsOfTheStatementsTablesAndFunctions() throws {
        let (start, replacements) = try complete("layoffs where ind")
        XCTAssertEqual(start, 14)
        XCTAssertEqual(replacements, ["industry"])
        XCTAssertEqual(try complete("countries select reg").replacements, ["region"])
        XCTAssertEqual(try complete("layoffs select lo").replacements, ["location", "log10(", "lower("])
        XCTAssertEqual(try complete("layoffs group by ye").replacements, ["year("])
        XCTAssertEqual(try complete("  where total", previous: "layoffs").replacements, ["total_laid_off"])
    }

    func testValuesOfAStringColumn() throws {
        let (start, replacements) = try complete("layoffs where industry = \"Ret")
        XCTAssertEqual(start, 26)
        XCTAssertEqual(replacements, ["Retail\""])
        XCTAssertEqual(try complete("layoffs where industry = \"Re").replacements, ["Real Estate\"", "Recruiting\"", "Retail\""])
        XCTAssertEqual(try complete("layoffs where industry = 'ret").replacements, ["Retail'"])
        XCTAssertEqual(try complete("layoffs where company = \"Amaz").replacements, ["Amazon\""])
    }

    func testDotCommands() throws {
        XCTAssertEqual(try complete(".sc").replacements, [".schema "])
        XCTAssertEqual(try complete(".schema lay").replacements, ["layoffs"])
        XCTAssertEqual(try complete(".mode c").replacements, ["csv"])
        XCTAssertEqual(try complete(".help gro").replacements, ["group"])
        XCTAssertEqual(try complete(".t").replacements, [".tables ", ".timer "])
    }

    func testFileNamesInsideLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-complete-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a\n".write(toFile: folder + "/data.csv", atomically: true, encoding: .utf8)
        try "x".write(toFile: folder + "/notes.md", atomically: true, encoding: .utf8)
        let typed = "load \"\(folder)/"
        let (start, replacements) = try complete(typed)
        XCTAssertEqual(start, 6)
        XCTAssertEqual(replacements, ["\(folder)/data.csv\"", "\(folder)/sub/"])
        XCTAssertEqual(try complete(".load \(folder)/d").replacements, ["\(folder)/data.csv"])
    }
}
