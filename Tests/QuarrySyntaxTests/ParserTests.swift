import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarrySyntax

final class ParserTests: XCTestCase {
    /// The grammar's documents name the clause keywords the parser's table holds, in its order.
    func testGrammarDocumentsTheClauseKeywordTable() throws {
        let readme = try String(contentsOfFile: TestPaths.repository + "/Grammar/README.md", encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "does not start with a clause keyword (`"))
        let end = try XCTUnwrap(readme.range(of: "`)", range: start.upperBound..<readme.endIndex))
        let listed = readme[start.upperBound..<end.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        XCTAssertEqual(listed, ClauseKeywords.all.map(\.word))
        let grammar = try String(contentsOfFile: TestPaths.repository + "/Grammar/quarry.ebnf", encoding: .utf8)
        for keyword in ClauseKeywords.all { XCTAssertTrue(grammar.contains("\"\(keyword.word)\""), keyword.word) }
    }

    func statements(_ text: String) throws -> [Statement] { try Parser.parseScript(text) }

    func testStatementKinds() throws {
        let parsed = try statements("let r = layoffs where x = 1\nload \"a b.csv\" as t; layoffs count")
        XCTAssertEqual(parsed.count, 3)
        guard case .bind(let name, let query) = parsed[0].kind else { return XCTFail("let") }
        XCTAssertEqual(name.text, "r")
        XCTAssertEqual(query.clauses.count, 1)
        guard case .load(let path, _, let table, let types) = parsed[1].kind else { return XCTFail("load") }
        XCTAssertEqual(path, "a b.csv")
        XCTAssertEqual(table?.text, "t")
        XCTAssertTrue(types.isEmpty)
        guard case .query(let q) = parsed[2].kind, case .count = q.clauses.first?.kind else { return XCTFail("count") }
    }

    func testLoadTypesAndSave() throws {
        let parsed = try statements(
            "load \"c.csv\" as c types (zip: string, `opened on`: Date)\nc where x = 1 | save \"out.json\"")
        guard case .load(_, _, _, let types) = parsed[0].kind else { return XCTFail("load") }
        XCTAssertEqual(types.map(\.0.text), ["zip", "opened on"])
        XCTAssertEqual(types.map(\.1), [.string, .date])
        guard case .query(let q) = parsed[1].kind else { return XCTFail("query") }
        XCTAssertEqual(q.save?.path, "out.json")
        XCTAssertThrowsError(try statements("c save \"a.csv\" where x = 1"))
        XCTAssertThrowsError(try statements("(c save \"a.csv\") count"))
        XCTAssertThrowsError(try statements("load \"c.csv\" types (zip: strng)")) {
            XCTAssertEqual(($0 as? Diagnostic)?.hint, "did you mean `string`?")
        }
    }

    func testLineEndsEndStatementsUnlessAClauseFollows() throws {
        XCTAssertEqual(try statements("a\nwhere x = 1\n| count\nb\n  sort by y").count, 2)
        XCTAssertEqual(try statements("a where x = 1 and\n  y = 2").count, 1)
        XCTAssertEqual(try statements("(a\n where x = 1\n)").count, 1)
        XCTAssertEqual(try statements("a select x,\n y").count, 1)
        XCTAssertThrowsError(try statements("a where x = 1\n and y = 2")) {
            XCTAssertEqual(($0 as? Diagnostic)?.id, .misplacedLineStart)
        }
    }

    func testPrecedence() throws {
        guard case .query(let q) = try statements("t where a or b and not c = 1 + 2 * 3")[0].kind,
            case .filter(let e) = q.clauses[0].kind
        else { return XCTFail() }
        XCTAssertEqual(describe(e), "(a or (b and (not (c = (1 + (2 * 3))))))")
    }

    func testCompleteness() {
        for complete in ["t", "t where x = 1", "t | count;", "let a = t", "t where s = \"a;b\"", "t # comment (", ""] {
            XCTAssertTrue(Parser.isComplete(complete), complete)
        }
        for incomplete in [
            "t |", "t where", "t where x =", "t select a,", "(t where x = 1", "t where s = \"open",
            "t where x = 1 and", "t group by", "let a =", "t sort by x,", "t where f(x,", "t join",
        ] {
            XCTAssertFalse(Parser.isComplete(incomplete), incomplete)
        }
        XCTAssertTrue(Parser.isComplete("t where where"), "an error is complete: it should be shown, not waited on")
    }

    func testGroupByWithAggregateOnTheNextLine() throws {
        guard case .query(let q) = try statements("t group by a\n  aggregate n = count()")[0].kind,
            case .groupBy(let keys, let aggregates) = q.clauses[0].kind
        else { return XCTFail() }
        XCTAssertEqual(keys.count, 1)
        XCTAssertEqual(aggregates?.first?.name?.text, "n")
    }

    func testJoinForms() throws {
        guard case .query(let q) = try statements("t join left u on a = b | join v on c")[0].kind else { return XCTFail() }
        guard case .join(let first) = q.clauses[0].kind, case .pair(let a, let b) = first.condition else { return XCTFail() }
        XCTAssertTrue(first.isLeft)
        XCTAssertEqual([a.text, b.text], ["a", "b"])
        guard case .join(let second) = q.clauses[1].kind, case .shared(let c) = second.condition else { return XCTFail() }
        XCTAssertFalse(second.isLeft)
        XCTAssertEqual(c.text, "c")
    }

    /// A compact rendering of an expression tree, to check its shape.
    func describe(_ e: Expr) -> String {
        switch e.kind {
        case .literal(let v): ValueFormatter.plain(v)
        case .column(let name): name
        case .negate(let x): "(-\(describe(x)))"
        case .not(let x): "(not \(describe(x)))"
        case .binary(let op, let a, let b): "(\(describe(a)) \(op.rawValue) \(describe(b)))"
        case .isNull(let x, let negated): "(\(describe(x)) is \(negated ? "not " : "")null)"
        case .inList(let x, let items, _): "(\(describe(x)) in \(items.map(describe)))"
        case .call(let name, _, let args): "\(name)(\(args.map(describe).joined(separator: ", ")))"
        }
    }
}
