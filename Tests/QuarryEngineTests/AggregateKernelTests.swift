import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarrySyntax

/// The fast grouping and aggregate paths (split between cores, keys derived from one column) must
/// give exactly what the plain paths give. Each case runs a query both ways: the second form reads
/// a second column in its key (`+ 0 * n`), which turns the derived-key path off.
final class AggregateKernelTests: XCTestCase {
    /// 600,000 rows, enough for two parts per kernel: a date with nulls spanning 2020–2026, a small
    /// int with nulls, a wide int, a float, a constant and the row number.
    static let catalog: Catalog = {
        let rows = 600_000
        var generator = SplitMix64(seed: 42)
        var days = [Int32](repeating: 0, count: rows)
        var small = [Int64](repeating: 0, count: rows)
        var wide = [Int64](repeating: 0, count: rows)
        var floats = [Double](repeating: 0, count: rows)
        var dateValid = Bitmap(count: rows)
        var smallValid = Bitmap(count: rows)
        for row in 0..<rows {
            days[row] = Int32.random(in: 18_262...20_800, using: &generator)
            small[row] = Int64.random(in: -50...300, using: &generator)
            wide[row] = Int64.random(in: -1_000_000_000...1_000_000_000, using: &generator)
            floats[row] = Double.random(in: -1...1, using: &generator)
            if row % 7 == 3 { dateValid.clear(row) }
            if row % 11 == 5 { smallValid.clear(row) }
        }
        let table = Table(
            names: ["d", "k", "w", "f", "n", "i"],
            columns: [
                Column(.date(days), validity: dateValid), Column(.int(small), validity: smallValid), Column(.int(wide)),
                Column(.float(floats)), Column(.int([Int64](repeating: 1, count: rows))),
                Column(.int((0..<Int64(rows)).map { $0 })),
            ])
        var catalog = Catalog()
        catalog.add("big", table)
        return catalog
    }()

    func result(_ query: String) -> String {
        do { return try Self.engine.csv(query) } catch {
            XCTFail("\(query): \(error)")
            return ""
        }
    }

    static let engine = EngineUnderTest(catalog: catalog)

    /// Whether grouping `big` by `key` takes the derived-key path.
    func takesDerivedPath(_ key: String) throws -> Bool {
        guard case .aggregate(_, _, let strategy) = try Self.engine.prepare("big group by g = \(key)").physical.op else {
            return false
        }
        if case .derived = strategy { return true }
        return false
    }

    func assertSameBothWays(_ key: String, _ aggregates: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue((try? takesDerivedPath(key)) ?? false, "\(key) is grouped through the derived path", file: file, line: line)
        XCTAssertFalse((try? takesDerivedPath(key + " + 0 * n")) ?? true, "the plain form is not", file: file, line: line)
        let derived = result("big group by g = \(key) aggregate \(aggregates)")
        let plain = result("big group by g = \(key) + 0 * n aggregate \(aggregates)")
        XCTAssertEqual(derived, plain, key, file: file, line: line)
        XCTAssertGreaterThan(derived.split(separator: "\n").count, 3, file: file, line: line)
    }

    func testKeysDerivedFromOneColumnMatchThePlainPath() {
        let aggregates = "rows = count(), s = sum(w), c = count(k), lo = min(w), hi = max(f), a = avg(f)"
        assertSameBothWays("year(d)", aggregates)
        assertSameBothWays("month(d)", aggregates)
        assertSameBothWays("year(d) * 100 + month(d)", aggregates)
        assertSameBothWays("k / 10", aggregates)
        assertSameBothWays("k % 7", aggregates)
    }

    func testWholeTableAggregatesAcrossParts() {
        XCTAssertEqual(result("big aggregate rows = count(), c = count(k), s = sum(n)"), "rows,c,s\n600000,545455,600000\n")
        let sums = result("big group by k aggregate s = sum(n) | aggregate total = sum(s)")
        XCTAssertEqual(sums, "total\n600000\n")
    }

    func testAnOverflowingSumIsAnErrorWhicheverWayTheRowsAreSplit() throws {
        // Half the rows near the top of the range, half near the bottom: the true sum fits, though
        // each part's running sum on its own wraps.
        let rows = 600_000
        let values = (0..<rows).map { $0 < rows / 2 ? Int64.max / 200_000 : -(Int64.max / 200_000) }
        var catalog = Catalog()
        catalog.add("t", Table(names: ["v"], columns: [Column(.int(values))]))
        let high = [Int64](repeating: Int64.max / 100_000, count: rows)
        catalog.add("u", Table(names: ["v"], columns: [Column(.int(high))]))
        let engine = EngineUnderTest(catalog: catalog)
        XCTAssertEqual(try engine.csv("t aggregate s = sum(v)"), "s\n0\n")
        XCTAssertThrowsError(
            try engine.csv("u aggregate s = sum(v)"), "a sum past the Int64 range is an error, not a wrapped number")
    }

    func testTopNOnBothCoresMatchesAFullSort() throws {
        for keys in ["k desc, w", "f", "i desc", "d, k", "w desc", "n desc, i", "k, i desc", "d desc, w"] {
            let query = "big sort by \(keys) | limit 12 | select k, w, d"
            // Without the rule, a full sort then a limit; with it, a top N by the chosen strategy.
            let plain = Self.engine.disabling(["SortAndLimitToTopN"])
            XCTAssertEqual(try Self.engine.csv(query), try plain.csv(query), keys)
            let plan = PlanPrinter.text(try Self.engine.prepare(query).physical)
            XCTAssertTrue(plan.contains("TopN ["), keys)
            // An integer or date first key over the stored table reads its blocks by their bounds.
            XCTAssertEqual(plan.contains("TopN [block bounds]"), keys.first != "f", keys)
            XCTAssertFalse(PlanPrinter.text(try plain.prepare(query).physical).contains("TopN"), keys)
        }
    }

    /// Grouping by a text column through its dictionary codes gives the groups first-appearance
    /// ids give: each row's group has the row's key, and no group is empty; with nulls, with
    /// codes no row has (a dictionary shared with filtered rows), and with one code only.
    func testDictionaryCodesAsGroupIdsMatchRenumberedIds() throws {
        var generator = SplitMix64(seed: 3)
        let words = (0..<300).map { "w\($0)" }
        let rows = 100_000
        let values: [Value] = (0..<rows).map { row in
            row % 17 == 0 ? .null : .string(words[Int.random(in: 0..<words.count, using: &generator)])
        }
        let full = Column.from(values, type: .string)
        let noNulls = Column.from(values.map { $0 == .null ? .string("w0") : $0 }, type: .string)
        let unused = full.gather((0..<Int32(rows)).filter { $0 % 3 == 0 && !(values[Int($0)] == .string("w7")) })
        let single = Column.from(Array(repeating: .string("only"), count: 10_000), type: .string)
        for (name, column) in [("nulls", full), ("no nulls", noNulls), ("unused codes", unused), ("one value", single)] {
            let fast = try XCTUnwrap(DictionaryGrouping.make(column), name)
            let (_, count, firstRow) = GroupKeys.grouping([column], rows: column.count)
            XCTAssertEqual(fast.count, count, name)
            let fastIds = try XCTUnwrap(fast.ids.perRow, name)
            XCTAssertEqual(fastIds.count, column.count, name)
            let plainKeys = Set((0..<count).map { String(describing: column.value(at: Int(firstRow[$0]))) })
            let fastKeys = Set((0..<fast.count).map { String(describing: fast.keys[0].value(at: $0)) })
            XCTAssertEqual(fastKeys, plainKeys, name)
            for row in stride(from: 0, to: column.count, by: 7) {
                XCTAssertEqual(fast.keys[0].value(at: Int(fastIds[row])), column.value(at: row), "\(name), row \(row)")
            }
        }
        // A dictionary much larger than its rows: the renumbering path.
        XCTAssertNil(DictionaryGrouping.make(full.gather(Array(0..<2_000))))
    }

    /// Reading blocks best bound first finds the same candidate rows as one pass over all rows.
    func testTopNCandidatesFromBlockBoundsMatchAPassOverEveryRow() throws {
        let table = try XCTUnwrap(Self.catalog.table("big"))
        for name in ["k", "w", "i", "d", "n"] {
            let column = table.columns[try XCTUnwrap(table.names.firstIndex(of: name))]
            let bounds = try XCTUnwrap(BlockBounds(column), name)
            for descending in [true, false] {
                for k in [1, 10, 5_000] {
                    let key = SortKernels.key(column, descending: descending)
                    let byBlocks = try XCTUnwrap(SortKernels.candidatesByBlocks(k, key, bounds), "\(name) \(k)")
                    let plain = try XCTUnwrap(SortKernels.candidatesByFirstKey(k, key), "\(name) \(k)")
                    XCTAssertEqual(Set(byBlocks), Set(plain), "\(name), k = \(k), descending: \(descending)")
                    XCTAssertGreaterThanOrEqual(byBlocks.count, k)
                }
            }
        }
    }
}
