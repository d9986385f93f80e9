import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

/// No query text makes Quarry crash or hang: truncated and mutated versions of every golden
/// query each give a result or an error message.
final class RobustnessTests: XCTestCase {
    func goldenQueries() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: GoldenPaths.golden).filter { $0.hasSuffix(".test") }
        return try files.sorted().flatMap { file in
            GoldenFile.parse(try String(contentsOfFile: GoldenPaths.golden + "/" + file, encoding: .utf8)).cases.map(\.query)
        }.filter { !$0.contains("load \"") }  // loading real files over and over would only test the disk
    }

    /// Runs `text`; it must either succeed or report a diagnostic, and print something either way.
    func check(_ text: String, _ catalog: Catalog) {
        let (output, error) = runStatements(text, catalog: catalog)
        if let error { XCTAssertFalse(error.message.isEmpty, text) }
        XCTAssertTrue(
            error != nil || !output.isEmpty || text.allSatisfy { $0.isWhitespace } || text.contains("let ")
                || text.contains("load ") || text.hasPrefix("#") || text.contains("\n#"),
            "no output and no error for: \(text)")
    }

    func testTruncatedQueries() throws {
        let catalog = try GoldenData.catalog("demo")
        var runs = 0
        for query in try goldenQueries() {
            let characters = Array(query)
            let step = max(1, characters.count / 25)
            for end in stride(from: 0, to: characters.count, by: step) {
                check(String(characters[..<end]), catalog)
                runs += 1
            }
        }
        XCTAssertGreaterThan(runs, 1000)
    }

    func testMutatedQueries() throws {
        let catalog = try GoldenData.catalog("demo")
        var random = SplitMix64(seed: 7)
        let inserts: [String] = [
            "(", ")", "\"", "'", "`", ",", "|", ";", "\n", " and ", " or ", " not ", "-", "*", "/", "%",
            "=", "<", "@", "#", "null", "9223372036854775807", "1e308", "0", "é", "\u{0}", "group by ",
            "where ", "count", "sum(", "join ", "top 0 by ", "limit ", "select ", "distinct",
        ]
        for query in try goldenQueries() {
            for _ in 0..<12 {
                var characters = Array(query)
                for _ in 0..<(1 + random.below(3)) {
                    let at = random.below(characters.count + 1)
                    switch random.below(3) {
                    case 0 where !characters.isEmpty: characters.remove(at: min(at, characters.count - 1))
                    case 1: characters.insert(contentsOf: inserts[random.below(inserts.count)], at: at)
                    default:
                        if characters.count > 2 {
                            let i = random.below(characters.count)
                            let j = random.below(characters.count)
                            characters.swapAt(i, j)
                        }
                    }
                }
                check(String(characters), catalog)
            }
        }
    }

    func testExtremeValues() throws {
        let catalog = try GoldenData.catalog("demo")
        for text in [
            "countries select a = -9223372036854775807 - 1", "countries select a = abs(-9223372036854775807 - 1)",
            "countries select a = 1e308 * 10, b = -(0.0)", "countries select a = int(1e300)",
            "countries select d = @9999-12-31 + 1", "countries select d = @0001-01-01 - 1",
            "countries select x = (-9223372036854775807 - 1) % -1", "countries limit 99999999999999999999",
            "countries select s = substr(country, -5, 3)", "countries select s = substr(country, 2, -1)",
            "countries select r = round(1.5, 400), r2 = round(15, -30)", "countries aggregate quantile(population, 0.5)",
            String(repeating: "(", count: 2000), "countries where " + String(repeating: "not ", count: 3000) + "true",
        ] {
            check(text, catalog)
        }
    }
}
