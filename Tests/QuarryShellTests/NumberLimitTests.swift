import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

/// Infinities in aggregates follow IEEE rules; conversions read numbers by the loaders' rule;
/// a histogram's bins stay within their documented limit. (Errors for counts, bins and dates are
/// golden cases in Golden/limits.test.)
final class NumberLimitTests: XCTestCase {
    /// The first row of a query over the demo tables.
    func firstRow(_ query: String) throws -> [Value] {
        let statement = try XCTUnwrap(try Parser.parseScript(query).first)
        guard case .query(let q) = statement.kind else { throw XCTSkip("not a query") }
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        let table = try session.runQuery(q, SourceText(name: nil, text: query))
        return table.columns.map { $0.value(at: 0) }
    }

    func isNaN(_ value: Value) -> Bool {
        if case .float(let x) = value { return x.isNaN }
        return false
    }

    func testAggregatesOfInfinitiesFollowIEEE() throws {
        // Populations above 1.8e8 times 1e300 are inf; the rest stay finite: inf + 1 = inf.
        let sums = try firstRow("countries aggregate s = sum(population * 1e300), a = avg(population * 1e300)")
        XCTAssertEqual(sums, [.float(.infinity), .float(.infinity)])
        let negative = try firstRow("countries aggregate s = sum(-population * 1e300), m = min(-population * 1e300)")
        XCTAssertEqual(negative, [.float(-.infinity), .float(-.infinity)])
        // inf - inf = nan.
        let mixed = try firstRow(
            "countries aggregate s = sum(if(population > 1000000000, population * 1e300, -population * 1e300))")
        XCTAssertTrue(isNaN(mixed[0]), "\(mixed)")
        // Through a group by, and in the median of infinite values.
        let grouped = try firstRow(
            #"countries where region = "Americas" group by region aggregate s = sum(population * 1e300), m = median(population * 1e300)"#
        )
        XCTAssertEqual(grouped, [.string("Americas"), .float(.infinity), .float(.infinity)])
        let median = try firstRow("countries where population > 300000000 aggregate m = median(population * 1e300)")
        XCTAssertEqual(median, [.float(.infinity)])
    }

    func testCompensatedSumsOnBothCoresKeepInfinities() {
        var values = [Double](repeating: 0.1, count: 600_000)
        values[450_000] = .infinity
        let ids = GroupIds([Int32](repeating: 0, count: values.count))
        let once = AggregateKernels.compensatedSums(Column(.float(values)), ids: ids, groups: 1)
        XCTAssertEqual(once.sums, [.infinity])
        XCTAssertEqual(once.counts, [600_000])
        values[10] = -.infinity
        XCTAssertTrue(AggregateKernels.compensatedSums(Column(.float(values)), ids: ids, groups: 1).sums[0].isNaN)
        values[10] = .nan
        values[450_000] = 1
        XCTAssertTrue(AggregateKernels.compensatedSums(Column(.float(values)), ids: ids, groups: 1).sums[0].isNaN)
    }

    func testConversionsReadNumbersAsTheLoaderDoes() throws {
        XCTAssertEqual(
            try firstRow(#"countries select a = int("16"), b = int(" 93.0 "), c = int("1e3"), d = int("-7")"#),
            [
                .int(16), .int(93), .int(1000), .int(-7),
            ])
        XCTAssertEqual(
            try firstRow(#"countries select a = float("inf"), b = float("-inf"), c = float("2.5e-3")"#),
            [
                .float(.infinity), .float(-.infinity), .float(0.0025),
            ])
        XCTAssertTrue(isNaN(try firstRow(#"countries select a = float("nan")"#)[0]))
        for bad in ["0x10", "0X1F", "1e400", "inf", "nan", "1_000", "12abc", "0b101", "1 2"] {
            let result = runStatements(#"countries select a = int("\#(bad)")"#, catalog: try GoldenData.catalog("demo"))
            XCTAssertEqual(result.error?.id, .conversionFailed, "int(\"\(bad)\")")
        }
        for bad in ["0x10", "0x1p4", "1e400", "-1e999", "infinite", "nan(1)"] {
            let result = runStatements(#"countries select a = float("\#(bad)")"#, catalog: try GoldenData.catalog("demo"))
            XCTAssertEqual(result.error?.id, .conversionFailed, "float(\"\(bad)\")")
        }
    }

    /// (Not a golden case: DuckDB, which checks golden queries' SQL, cannot add a BIGINT to a DATE.)
    func testANullDateShiftedFarIsNullNotAnError() throws {
        let query = "countries limit 2 | select d = if(population > 10000000000, @2024-01-01, null) + 9223372036854775807"
        XCTAssertEqual(try firstRow(query), [.null])
    }

    func testSubstringWithTheSmallestLength() {
        XCTAssertEqual(substring("abc", 0, .min), "")
        XCTAssertEqual(substring("abc", .max, .min), "abc")
        XCTAssertEqual(substring("abc", .min, .max), "abc")
    }

    func testTheMostBinsDraw() throws {
        let statement = try XCTUnwrap(try Parser.parseScript("countries chart hist population bins 1000").first)
        guard case .query(let q) = statement.kind, let request = q.chart else { return XCTFail() }
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        let table = try session.runQuery(q, SourceText(name: nil, text: ""))
        let data = try ChartData.prepare(table, request)
        guard case .bars(let bars) = data.shape else { return XCTFail() }
        XCTAssertEqual(bars.count, 1000)
        XCTAssertEqual(bars.compactMap(\.value).reduce(0, +), Double(table.rowCount))
        XCTAssertEqual(ChartRequest.binRange, 1...1000)
    }
}
