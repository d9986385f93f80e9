import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarrySyntax

/// Each optimizer rule: the plan before and after (as the plan printer shows it), and the same
/// rows with the rule switched off.
final class OptimizerRuleTests: XCTestCase {
    static let catalog: Catalog = {
        let n = 20_000
        let words = ["Retail", "Media", "AI", "retail "]
        var catalog = Catalog()
        catalog.add(
            "t",
            Table(
                names: ["a", "b", "s", "d"],
                columns: [
                    Column(.int((0..<n).map { Int64($0 % 1000) })),
                    Column(.int((0..<n).map { Int64($0 * 7 % 101) })),
                    Column(.string(codes: (0..<n).map { Int32($0 % 4) }, dictionary: StringDictionary(words))),
                    Column(.date((0..<n).map { Int32(19_000 + $0 % 700) })),
                ]))
        catalog.add(
            "k",
            Table(
                names: ["b", "region"],
                columns: [
                    Column(.int((0..<101).map { Int64($0) })),
                    Column(.string(codes: (0..<101).map { Int32($0 % 2) }, dictionary: StringDictionary(["north", "south"]))),
                ]))
        var valid = Bitmap(count: n, value: true)
        for row in stride(from: 0, to: n, by: 3) { valid.clear(row) }
        catalog.add(
            "u",
            Table(
                names: ["s"],
                columns: [
                    Column(.string(codes: (0..<n).map { Int32($0 % 4) }, dictionary: StringDictionary(words)), validity: valid)
                ]
            ))
        return catalog
    }()

    static let engine = EngineUnderTest(catalog: catalog)

    func prepared(_ text: String, disabling rules: Set<String> = []) throws -> QueryEngine.Prepared {
        try Self.engine.disabling(rules).prepare(text)
    }

    func rows(_ text: String, disabling rules: Set<String> = []) throws -> String {
        try Self.engine.disabling(rules).csv(text)
    }

    /// The optimized plan without schemas, with and without `rule`; and the rows both ways agree.
    func plans(_ rule: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> (
        with: String, without: String
    ) {
        let with = PlanPrinter.text(try prepared(text).optimized, schemas: false)
        let without = PlanPrinter.text(try prepared(text, disabling: [rule]).optimized, schemas: false)
        let expected = try Self.engine.unoptimized.csv(text)
        XCTAssertEqual(try rows(text), expected, "all rules", file: file, line: line)
        XCTAssertEqual(try rows(text, disabling: [rule]), expected, "without \(rule)", file: file, line: line)
        XCTAssertNotEqual(
            PlanPrinter.text(try prepared(text).optimized),
            PlanPrinter.text(try prepared(text, disabling: [rule]).optimized), "\(rule) changes the plan",
            file: file, line: line)
        return (with, without)
    }

    func testFoldConstants() throws {
        let (with, without) = try plans("FoldConstants", "t where a > 2 * 60 count")
        XCTAssertTrue(with.contains("(a > 120)"), with)
        XCTAssertTrue(without.contains("(a > (2 * 60))"), without)
    }

    func testPushFilterBelowJoin() throws {
        let (with, without) = try plans(
            "PushFilterBelowJoin", "t join k on b | where a > 500 and region = \"north\" group by region aggregate n = count()")
        XCTAssertEqual(
            with,
            """
            Aggregate keys: region; aggregates: n = count()
              Filter (region = "north")
                Join on b = b
                  Filter (a > 500)
                    Scan t
                  Scan k

            """)
        XCTAssertTrue(without.contains("Filter ((a > 500) and (region = \"north\"))\n    Join"), without)
    }

    func testMergeProjections() throws {
        let (with, without) = try plans("MergeProjections", "t derive y = year(d) | group by y aggregate n = count()")
        XCTAssertEqual(with, "Aggregate keys: y = per value of d: year(d); aggregates: n = count()\n  Scan t\n")
        XCTAssertTrue(without.contains("Project"), without)
    }

    /// An expression that reads no column is still work: read twice, it stays in its own
    /// projection (merged, `b = a + a` chains would double at every step).
    func testMergeProjectionsKeepsAComputedValueReadTwiceApart() throws {
        let text = "t derive c = 1 + 2 | derive e = c + c | select e | limit 2"
        let plan = PlanPrinter.text(try prepared(text, disabling: ["FoldConstants"]).optimized, schemas: false)
        XCTAssertTrue(plan.contains("Project e = (c + c)"), plan)
        XCTAssertTrue(plan.contains("Project c = (1 + 2)"), plan)
        XCTAssertEqual(try rows(text, disabling: ["FoldConstants"]), "e\n6\n6\n")
        // Folded to a literal first, it is repeated freely.
        XCTAssertTrue(PlanPrinter.text(try prepared(text).optimized, schemas: false).hasPrefix("Project e = (3 + 3)"))
    }

    func testLimitThroughProjection() throws {
        let (with, without) = try plans("LimitThroughProjection", "t sort by a, b | select a, b | limit 3")
        XCTAssertEqual(with, "Project a, b\n  TopN 3 by a, b\n    Scan t\n")
        XCTAssertEqual(without, "Limit 3\n  Project a, b\n    Sort by a, b\n      Scan t\n")
    }

    func testSortAndLimitToTopN() throws {
        let (with, without) = try plans("SortAndLimitToTopN", "t sort by b desc, a | limit 5")
        XCTAssertEqual(with, "TopN 5 by b desc, a\n  Scan t\n")
        XCTAssertEqual(without, "Limit 5\n  Sort by b desc, a\n    Scan t\n")
    }

    func testCountThroughProjection() throws {
        let (with, without) = try plans("CountThroughProjection", "t where a > 50 | select a | count")
        XCTAssertEqual(with, "Count\n  Filter (a > 50)\n    Scan t\n")
        XCTAssertTrue(without.contains("Project"), without)
        let physical = PlanPrinter.text(try prepared("t where a > 50 | select a | count").physical, schemas: false)
        XCTAssertTrue(physical.hasPrefix("CountWhere [selection only] (a > 50)"), physical)
    }

    func testPruneColumns() throws {
        let text = "t join k on b | select a, region"
        _ = try plans("PruneColumns", text)
        let with = PlanPrinter.text(try prepared(text).optimized)
        XCTAssertTrue(with.contains("Scan t  [a int, b int]"), with)
        let without = PlanPrinter.text(try prepared(text, disabling: ["PruneColumns"]).optimized)
        XCTAssertTrue(without.contains("Scan t  [a int, b int, s string, d date]"), without)
    }

    func testEvaluatePerValue() throws {
        let (with, without) = try plans("EvaluatePerValue", "t where lower(trim(s)) = \"retail\" count")
        XCTAssertEqual(with, "Count\n  Filter per value of s: (lower(trim(s)) = \"retail\")\n    Scan t\n")
        XCTAssertEqual(without, "Count\n  Filter (lower(trim(s)) = \"retail\")\n    Scan t\n")
        XCTAssertEqual(try rows("t where lower(trim(s)) = \"retail\" count"), "count\n10000\n")
        // With nulls: a null row counts only where the condition holds for null.
        for condition in ["lower(s) = \"retail\"", "lower(s) = \"retail\" or s is null", "not (lower(s) = \"ai\")"] {
            _ = try plans("EvaluatePerValue", "u where \(condition) count")
            _ = try plans("EvaluatePerValue", "u where \(condition) | sort by s | limit 7")
        }
        XCTAssertEqual(try rows("u where lower(s) = \"retail\" or s is null count"), "count\n10000\n")
        // Dates: year(d) over 700 distinct days.
        _ = try plans("EvaluatePerValue", "t select y = year(d) + 1 | distinct")
    }

    /// The strategies the lowering picks show in the physical plan.
    func testLoweringChoosesStrategies() throws {
        let physical = { (text: String) in PlanPrinter.text(try self.prepared(text).physical, schemas: false) }
        XCTAssertTrue(try physical("t group by year(d) aggregate n = count()").contains("Aggregate [derived from d]"))
        XCTAssertTrue(try physical("t group by s, a aggregate n = count()").contains("Aggregate [codes, dense]"))
        XCTAssertTrue(try physical("t join k on b").contains("Join [unique right keys]"))
        XCTAssertTrue(try physical("k join t on b").contains("Join [hash chains]"))
        XCTAssertTrue(try physical("t top 3 by a").contains("TopN [candidates] 3"))
        XCTAssertTrue(try physical("t top 3 by s").contains("TopN [heap] 3"))
        XCTAssertTrue(try physical("t top 5000 by a").contains("TopN [full sort] 5000"))
        for query in ["t join k on b | sort by a, b, region", "k join t on b | sort by a, b, region | limit 50"] {
            XCTAssertEqual(try rows(query), try Self.engine.unoptimized.csv(query))
        }
    }
}
