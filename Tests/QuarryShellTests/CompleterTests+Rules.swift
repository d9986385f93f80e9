import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryShell
@testable import QuarrySyntax

/// Each completion rule on tables made for it: any number of distinct values, the 50 most
/// frequent and a count of the rest, strings in lists and after `!=` / `<>`, backquoted names,
/// and only the keywords the parser accepts next.
extension CompleterTests {
    /// A table `items` whose `code` column has `distinct` values `v0000`... (value `vN` on N+1
    /// rows), a `kind` column, and columns named `Date Added` and `count`.
    func itemsCatalog(distinct: Int) -> Catalog {
        var codes: [Int32] = []
        for value in 0..<distinct { codes += Array(repeating: Int32(value), count: value + 1) }
        let values = (0..<distinct).map { "v" + String("000\($0)".suffix(4)) }
        let rows = codes.count
        let kinds = StringDictionary(["Retail", "Finance", "Fintech", "Food", "Ünïcode"])
        let table = Table(
            names: ["code", "kind", "Date Added", "count"],
            columns: [
                Column(.string(codes: codes, dictionary: StringDictionary(values))),
                Column(.string(codes: (0..<rows).map { Int32($0 % 5) }, dictionary: kinds)),
                Column(.int(Array(repeating: 1, count: rows))),
                Column(.int(Array(repeating: 2, count: rows))),
            ])
        var catalog = Catalog()
        catalog.add("items", table)
        return catalog
    }

    func completeIn(_ line: String, _ catalog: Catalog, cache: ValueIndexCache = ValueIndexCache()) -> Completer.Result {
        Completer(catalog: catalog, valueIndexes: cache).complete(previousLines: "", line: line, cursor: line.utf8.count)
    }

    func testValuesOfAColumnWithManyDistinctValues() {
        let catalog = itemsCatalog(distinct: 300)
        let result = completeIn("items where code = \"v012", catalog)
        XCTAssertEqual(result.candidates.map(\.replacement), (120...129).map { "v0\($0)\"" })
        XCTAssertEqual(result.more, 0)
        XCTAssertEqual(completeIn("items where code = \"V0299", catalog).candidates.map(\.display), ["v0299"], "ignores case")
        XCTAssertEqual(completeIn("items where code = \"x", catalog).candidates.map(\.display), [])
    }

    func testFiftyMostFrequentFirstThenHowManyMore() {
        let catalog = itemsCatalog(distinct: 300)
        let result = completeIn("items where code = \"v0", catalog)
        // vN is on N+1 rows: the most frequent are the highest numbers.
        XCTAssertEqual(result.candidates.map(\.display), (250..<300).reversed().map { "v0\($0)" })
        XCTAssertEqual(result.more, 250)
        XCTAssertEqual(completeIn("items where code = \"", catalog).more, 250)
    }

    func testTheIndexIsBuiltOncePerColumnAndRebuiltWhenTheTableIsReplaced() {
        var catalog = itemsCatalog(distinct: 300)
        let cache = ValueIndexCache()
        _ = completeIn("items where code = \"v1", catalog, cache: cache)
        _ = completeIn("items where code = \"v2", catalog, cache: cache)
        _ = completeIn("items where code != \"v", catalog, cache: cache)
        XCTAssertEqual(cache.builds, 1)
        // The same name for another table: its column is indexed anew.
        let replacement = Table(
            names: ["code"], columns: [Column(.string(codes: [0, 1], dictionary: StringDictionary(["w1", "w2"])))])
        catalog.add("items", replacement)
        XCTAssertEqual(completeIn("items where code = \"w", catalog, cache: cache).candidates.map(\.display), ["w1", "w2"])
        XCTAssertEqual(cache.builds, 2)
    }

    func testValuesHeldByNoRowAreLeftOut() {
        let dictionary = StringDictionary(["alpha", "alps", "beta"])
        var catalog = Catalog()
        catalog.add("t", Table(names: ["name"], columns: [Column(.string(codes: [0, 2], dictionary: dictionary))]))
        XCTAssertEqual(completeIn("t where name = \"al", catalog).candidates.map(\.display), ["alpha"])
        // Null rows hold a code too; they are not counted.
        let withNulls = Column(.string(codes: [0, 1, 2], dictionary: dictionary), validity: Bitmap([false, true, true]))
        catalog.add("t", Table(names: ["name"], columns: [withNulls]))
        XCTAssertEqual(completeIn("t where name = \"al", catalog).candidates.map(\.display), ["alps"])
        XCTAssertEqual(
            StringDictionary(["b", "B", "a", "A", "ab"]).foldedOrder(), [3, 2, 4, 1, 0], "A a ab B b: ignoring case, then exact")
    }

    func testValuesInListsAndAfterNotEqual() {
        let catalog = itemsCatalog(distinct: 3)
        XCTAssertEqual(
            completeIn("items where kind in (\"Retail\", \"Fin", catalog).candidates.map(\.replacement),
            ["Finance\"", "Fintech\""])
        XCTAssertEqual(completeIn("items where kind not in ('Fo", catalog).candidates.map(\.replacement), ["Food'"])
        XCTAssertEqual(completeIn("items where kind != \"Re", catalog).candidates.map(\.replacement), ["Retail\""])
        XCTAssertEqual(completeIn("items where kind <> \"Fo", catalog).candidates.map(\.replacement), ["Food\""])
        XCTAssertEqual(completeIn("items where kind = \"ün", catalog).candidates.map(\.display), ["Ünïcode"])
        XCTAssertEqual(
            completeIn("items where kind < \"Re", catalog).candidates.map(\.replacement), [], "not a comparison for equality")
        XCTAssertEqual(completeIn("items where lower(kind) = \"re", catalog).candidates.map(\.replacement), [], "not a column")
    }

    func testBackquotedNames() {
        let catalog = itemsCatalog(distinct: 3)
        let result = completeIn("items where `Da", catalog)
        XCTAssertEqual(result.start, 12)
        XCTAssertEqual(result.candidates.map(\.replacement), ["`Date Added`"])
        XCTAssertEqual(completeIn("items where `date a", catalog).candidates.map(\.replacement), ["`Date Added`"])
        XCTAssertEqual(completeIn("from `it", catalog).candidates.map(\.replacement), ["`items` "])
    }

    func testNamesThatNeedQuotingAreOfferedInBackquotes() {
        let catalog = itemsCatalog(distinct: 3)
        let replacements = completeIn("items select Da", catalog).candidates.map(\.replacement)
        XCTAssertTrue(replacements.contains("`Date Added`") && !replacements.contains("Date Added"), "\(replacements)")
        XCTAssertTrue(completeIn("items select co", catalog).candidates.map(\.replacement).contains("`count`"))
    }

    func testOnlyClauseKeywordsAfterATable() {
        let catalog = itemsCatalog(distinct: 3)
        let words = completeIn("items ", catalog).candidates.map(\.display)
        XCTAssertEqual(words, ClauseKeywords.all.map(\.word).sorted())
        for word in ["and", "as", "asc", "desc", "in", "is", "not", "on", "or", "code"] {
            XCTAssertFalse(words.contains(word), word)
        }
    }

    func testKeywordsThatFitAfterAnExpression() {
        let catalog = itemsCatalog(distinct: 3)
        let afterWhere = completeIn("items where code ", catalog).candidates.map(\.display)
        for word in ["and", "or", "in", "is", "not", "where", "sort", "limit"] { XCTAssertTrue(afterWhere.contains(word), word) }
        for word in ["asc", "desc", "as", "on", "code", "null"] { XCTAssertFalse(afterWhere.contains(word), word) }

        let afterSortKey = completeIn("items sort by code ", catalog).candidates.map(\.display)
        XCTAssertTrue(afterSortKey.contains("asc") && afterSortKey.contains("desc") && afterSortKey.contains("and"))
        XCTAssertFalse(afterSortKey.contains("as"))
        XCTAssertTrue(completeIn("items select code ", catalog).candidates.map(\.display).contains("as"))
        XCTAssertEqual(completeIn("items where code is ", catalog).candidates.map(\.display), ["not", "null"])
        XCTAssertEqual(completeIn("items where code is not ", catalog).candidates.map(\.display), ["null"])
        XCTAssertEqual(completeIn("items sort ", catalog).candidates.map(\.display), ["by"])
        XCTAssertEqual(completeIn("items join items ", catalog).candidates.map(\.display), ["on"])
        XCTAssertEqual(completeIn("items chart ", catalog).candidates.map(\.display), ["bar", "hist", "line"])
        XCTAssertEqual(completeIn("items where code > 3 a", catalog).candidates.map(\.display), ["aggregate", "and"])
    }

    func testNamesAndCallsOnlyWhereAValueCanStand() {
        let catalog = itemsCatalog(distinct: 3)
        let afterWhere = completeIn("items where ", catalog).candidates.map(\.display)
        XCTAssertTrue(afterWhere.contains("code") && afterWhere.contains("lower(") && afterWhere.contains("not"))
        XCTAssertFalse(afterWhere.contains("where"), "a clause keyword here would be read as a column name")
        XCTAssertEqual(
            completeIn("items join items on ", catalog).candidates.map(\.display), ["Date Added", "code", "count", "kind"])
        XCTAssertEqual(completeIn("explain ", catalog).candidates.map(\.display), ["items"])
        XCTAssertEqual(completeIn("describe ", catalog).candidates.map(\.display), ["items"])
        let afterDrop = completeIn("items drop ", catalog).candidates.map(\.display)
        XCTAssertTrue(afterDrop.contains("kind"))
        XCTAssertFalse(afterDrop.contains("lower("), "drop takes names, not calls")
    }
}
