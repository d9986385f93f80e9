import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarrySyntax

/// Grouping through a join (each left row finds its group through its match, no joined rows
/// made) must give what the plain path gives: the join's rows, then the grouping. Each case runs a
/// query both ways, and the steps' row counts and the join's unmatched rows must agree too.
final class GroupThroughJoinTests: XCTestCase {
    /// `facts`: 300,000 rows whose string key `k` has nulls and values no dimension row has, and
    /// whose int key `n` is the same key as a number. `dims`: one row per key, with keys no fact
    /// has, a `region` with nulls and regions only unmatched keys have, and a small `tier`.
    static let catalog: Catalog = {
        let rows = 300_000
        var generator = SplitMix64(seed: 7)
        var keys: [Value] = []
        var numbers: [Value] = []
        var values: [Value] = []
        var floats: [Value] = []
        for row in 0..<rows {
            let key = Int.random(in: 0..<1_050, using: &generator)
            let missing = row % 13 == 4
            keys.append(missing ? .null : .string("k\(key)"))
            numbers.append(missing ? .null : .int(Int64(key)))
            values.append(row % 9 == 2 ? .null : .int(Int64.random(in: -5_000...90_000, using: &generator)))
            floats.append(.float(Double.random(in: -1...1, using: &generator)))
        }
        let dimKeys = Array(0..<1_000) + Array(1_100..<1_200)
        let regions: [Value] = dimKeys.map { key in
            if key >= 1_100 { return .string("unreached \(key % 3)") }
            return key % 17 == 0 ? .null : .string(["Asia", "Europe", "Americas", "africa", "Oceania"][key % 5])
        }
        var catalog = Catalog()
        catalog.add(
            "facts",
            Table(
                names: ["k", "n", "v", "f"],
                columns: [
                    Column.from(keys, type: .string), Column.from(numbers, type: .int), Column.from(values, type: .int),
                    Column.from(floats, type: .float),
                ]))
        catalog.add(
            "dims",
            Table(
                names: ["k", "n", "region", "tier"],
                columns: [
                    Column.from(dimKeys.map { .string("k\($0)") }, type: .string),
                    Column.from(dimKeys.map { .int(Int64($0)) }, type: .int), Column.from(regions, type: .string),
                    Column.from(dimKeys.map { .int(Int64($0 % 4)) }, type: .int),
                ]))
        return catalog
    }()

    static let engine = EngineUnderTest(catalog: catalog)

    /// What a run reported: each step's rows, and the join's unmatched left rows.
    final class Recorder: ExecutionObserver {
        var steps: [String] = []
        var unmatched: [Int] = []
        func observe(_ event: ExecutionEvent) {
            switch event {
            case .finished(let step, let rows): steps.append("\(step.map(String.init) ?? "-"): \(rows)")
            case .joined(let report): unmatched = report.unmatched
            case .aggregated(let skipped, let rows): steps.append("aggregated \(rows), skipped \(skipped.map(\.nulls))")
            case .filtered: break
            }
        }
    }

    func run(_ engine: EngineUnderTest, _ query: String) throws -> (csv: String, recorder: Recorder) {
        let recorder = Recorder()
        let table = try QueryEngine(catalog: Self.catalog).run(try engine.prepare(query), observers: [recorder])
        var out = table.names.joined(separator: ",") + "\n"
        for row in 0..<table.rowCount {
            out += table.columns.map { ValueFormatter.plain($0.value(at: row)) }.joined(separator: ",") + "\n"
        }
        return (out, recorder)
    }

    func groupsThroughJoin(_ engine: EngineUnderTest, _ query: String) throws -> Bool {
        guard case .aggregate(_, _, .throughJoin) = try engine.prepare(query).physical.op else { return false }
        return true
    }

    func assertSameBothWays(_ query: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertTrue(try groupsThroughJoin(Self.engine, query), "groups through the join", file: file, line: line)
        XCTAssertFalse(try groupsThroughJoin(Self.engine.groupingAfterJoins, query), "the plain path", file: file, line: line)
        let fast = try run(Self.engine, query)
        let plain = try run(Self.engine.groupingAfterJoins, query)
        XCTAssertEqual(fast.csv, plain.csv, query, file: file, line: line)
        XCTAssertEqual(fast.recorder.steps, plain.recorder.steps, query, file: file, line: line)
        XCTAssertEqual(fast.recorder.unmatched, plain.recorder.unmatched, query, file: file, line: line)
        XCTAssertGreaterThan(fast.csv.split(separator: "\n").count, 2, query, file: file, line: line)
    }

    let aggregates =
        "rows = count(), s = sum(v), c = count(v), lo = min(v), hi = max(f), a = round(avg(f), 9), "
        + "d = count_distinct(v), m = median(v)"

    func testInnerAndLeftJoinsOnAStringKey() throws {
        try assertSameBothWays("facts join dims on k | group by region aggregate \(aggregates)")
        try assertSameBothWays("facts join left dims on k | group by region aggregate \(aggregates)")
        try assertSameBothWays("facts join left dims on k | group by region, tier aggregate \(aggregates)")
    }

    func testAnIntKeyAndComputedGroupKeys() throws {
        try assertSameBothWays("facts join dims on n | group by region aggregate \(aggregates)")
        try assertSameBothWays("facts join dims on n | group by r = lower(region), t = tier * 2 aggregate s = sum(v)")
        try assertSameBothWays("facts join left dims on k | group by r = coalesce(region, \"none\") aggregate s = sum(v)")
    }

    func testFiltersOnEitherSideAndOutputsOverTheGroups() throws {
        try assertSameBothWays("facts where v > 40000 | join dims on k | group by region aggregate \(aggregates)")
        try assertSameBothWays("facts join (dims where tier > 1) on k | group by region aggregate \(aggregates)")
        try assertSameBothWays("facts join (dims where tier >= 2) on k | group by tier aggregate s = sum(v), n = count()")
        try assertSameBothWays("facts join dims on k | group by region aggregate share = sum(v) / count()")
    }

    func testNoMatchesGiveNoGroups() throws {
        let query = "facts join (dims where region = \"unreached 1\") on k | group by region aggregate s = sum(v)"
        XCTAssertTrue(try groupsThroughJoin(Self.engine, query))
        XCTAssertEqual(try run(Self.engine, query).csv, "region,s\n")
        XCTAssertEqual(try run(Self.engine.groupingAfterJoins, query).csv, "region,s\n")
    }

    func testOnlyKeysOfTheRightSideAndArgumentsOfTheLeftGroupThroughTheJoin() throws {
        XCTAssertFalse(try groupsThroughJoin(Self.engine, "facts join dims on k | group by region, v aggregate c = count()"))
        XCTAssertFalse(try groupsThroughJoin(Self.engine, "facts join dims on k | group by region aggregate s = sum(tier)"))
        XCTAssertFalse(try groupsThroughJoin(Self.engine, "facts join dims on k | aggregate s = sum(v)"))
        // A right key that repeats: rows multiply, so the plain join runs.
        XCTAssertFalse(try groupsThroughJoin(Self.engine, "dims join facts on k | group by v aggregate c = count()"))
    }
}
