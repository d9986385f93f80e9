import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax

/// Long expressions and pipelines give a result up to `Limits`, and past them an error with a
/// caret, never a stack overflow; scripts that read themselves are an error naming the chain.
final class DepthLimitTests: XCTestCase {
    func demo() throws -> Catalog { try GoldenData.catalog("demo") }

    /// `first` followed by `count - 1` copies of `next`.
    func chain(_ first: String, _ next: String, _ count: Int) -> String {
        first + String(repeating: next, count: count - 1)
    }

    /// The byte offset where the `k`th (1-based) copy of `next` starts its term, for carets.
    func offset(of k: Int, _ prefix: String, _ first: String, _ next: String, termOffset: Int) -> Int {
        prefix.utf8.count + first.utf8.count + (k - 2) * next.utf8.count + termOffset
    }

    func testAnExpressionOf4400TermsGivesItsValue() throws {
        let (output, error) = runStatements(
            "countries select x = " + chain("1", " + 1", 4400) + " | limit 2", catalog: try demo(), format: .csv)
        XCTAssertNil(error, output)
        XCTAssertEqual(output, "x\n4400\n4400\n")
    }

    /// A chain over a column is not folded away: every level is bound, evaluated and named.
    func testAnExpressionAtTheLimitIsEvaluatedOverAColumn() throws {
        let text = "countries select x = " + chain("population", " - 1", Limits.expressionDepth) + " | limit 1"
        let (output, error) = runStatements(text, catalog: try demo(), format: .csv)
        XCTAssertNil(error, output)
        let population = try XCTUnwrap(DemoData.countries.first?.population)
        XCTAssertEqual(output, "x\n\(population - (Limits.expressionDepth - 1))\n")
        for mode in ["explain", "explain sql", "explain plan"] {
            let (explained, failure) = runStatements(mode + " " + text, catalog: try demo())
            XCTAssertNil(failure, mode)
            XCTAssertFalse(explained.isEmpty, mode)
        }
    }

    func testAnExpressionTenTimesLongerIsAnErrorWithACaret() throws {
        let prefix = "countries select x = "
        let text = prefix + chain("1", " + 1", 44_000)
        let (output, error) = runStatements(text, catalog: try demo())
        XCTAssertEqual(error?.id, .expressionTooDeep, output)
        // The term that makes it 10,001 deep: the 10,001st `1`.
        let start = offset(of: Limits.expressionDepth + 1, prefix, "1", " + 1", termOffset: 3)
        XCTAssertEqual(error?.range, SourceRange(start, start + 1))
        XCTAssertTrue(output.hasPrefix("1:\(start + 1): error: this expression is too deep"), String(output.prefix(200)))
        XCTAssertTrue(output.contains("^\nhint: compute part of it first with derive"), String(output.suffix(300)))
        XCTAssertEqual(caretedText(output, 3), "+ 1")
    }

    /// In an error's excerpt of a long line (second line of `output`), the `count` characters
    /// that start two before the caret (third line); nil when the excerpt is not short.
    func caretedText(_ output: String, _ count: Int, before: Int = 2) -> String? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        guard lines.count > 2, lines[1].count < 250, let caret = lines[2].firstIndex(of: "^") else { return nil }
        return String(lines[1][(caret - before)..<min(lines[1].count, caret - before + count)])
    }

    func testDeepBracketsAndCallsCountTowardsTheSameLimit() throws {
        // Each bracket level adds a chain of 200 terms to the one inside it: 12,000 deep in all.
        let level = String(repeating: " + 1", count: 200) + ")"
        let text = "countries select x = " + String(repeating: "(", count: 60) + "1" + String(repeating: level, count: 60)
        XCTAssertEqual(runStatements(text, catalog: try demo()).error?.id, .expressionTooDeep)
        let calls = "countries select x = " + String(repeating: "abs(", count: 90) + "1" + String(repeating: ")", count: 90)
        XCTAssertEqual(runStatements(calls, catalog: try demo(), format: .csv).output.prefix(4), "x\n1\n")
    }

    /// `derive` items that build on each other have the earlier ones written out in them; when
    /// that would pass the limits, the items so far are computed as a step of their own.
    func testDeriveItemsThatBuildOnEachOtherBecomeSteps() throws {
        // Each item is 100 deeper than the one before: 120 of them would be 12,000 deep.
        let items = (1...120).map { "a\($0) = a\($0 - 1)" + String(repeating: " + 1", count: 99) }.joined(separator: ", ")
        let (output, error) = runStatements(
            "countries derive a0 = 0, " + items + " | select a120 | limit 1", catalog: try demo(), format: .csv)
        XCTAssertNil(error, String(output.prefix(300)))
        XCTAssertEqual(output, "a120\n11880\n")
        // Each item reads the one before twice: written out, the last would have 2^40 nodes.
        let doubling = (1...40).map { "a\($0) = a\($0 - 1) + a\($0 - 1)" }.joined(separator: ", ")
        let (doubled, failure) = runStatements(
            "countries derive a0 = 1, " + doubling + " | select a40 | limit 1", catalog: try demo(), format: .csv)
        XCTAssertNil(failure, String(doubled.prefix(300)))
        XCTAssertEqual(doubled, "a40\n\(1 << 40)\n")
    }

    func testAPipelineOf4900ClausesGivesItsRows() throws {
        let text = "countries" + String(repeating: " | limit 5", count: 4900) + " | count"
        let (output, error) = runStatements(text, catalog: try demo(), format: .csv)
        XCTAssertNil(error, output)
        XCTAssertEqual(output, "count\n5\n")
        for mode in ["explain", "explain sql", "explain plan"] {
            let (explained, failure) = runStatements(mode + " " + text, catalog: try demo())
            XCTAssertNil(failure, mode)
            XCTAssertFalse(explained.isEmpty, mode)
        }
    }

    /// Projections that read each other are merged only while the merged expression stays
    /// within the limit; the rest run one after another, with the same answer.
    func testALongChainOfProjectionsKeepsItsValue() throws {
        let text = "countries select a = population" + String(repeating: " | select a = a + 1 + 1", count: 9000) + " | limit 1"
        let (output, error) = runStatements(text, catalog: try demo(), format: .csv)
        XCTAssertNil(error, String(output.prefix(300)))
        let population = try XCTUnwrap(DemoData.countries.first?.population)
        XCTAssertEqual(output, "a\n\(population + 18_000)\n")
    }

    func testAPipelineTenTimesLongerIsAnErrorWithACaret() throws {
        let text = "countries" + String(repeating: " | limit 5", count: 49_000)
        let (output, error) = runStatements(text, catalog: try demo())
        XCTAssertEqual(error?.id, .tooManyClauses, String(output.prefix(300)))
        // The keyword of the 10,001st clause.
        let start = "countries".utf8.count + Limits.clauses * " | limit 5".utf8.count + 3
        XCTAssertEqual(error?.range?.start, start)
        XCTAssertTrue(
            output.hasPrefix("1:\(start + 1): error: a statement may have at most 10,000 clauses"), String(output.prefix(200)))
        XCTAssertEqual(caretedText(output, 7), "| limit")
    }

    /// Subqueries' clauses count towards their statement's.
    func testClausesOfSubqueriesCount() throws {
        let inner = "(countries" + String(repeating: " | limit 5", count: 6000) + ")"
        let text = "from " + inner + String(repeating: " | limit 5", count: 3000) + " | join " + inner + " on country"
        XCTAssertEqual(runStatements(text, catalog: try demo()).error?.id, .tooManyClauses)
    }

    /// A statement run at the prompt gets the same limits and the same large stack.
    func testThePromptRunsALongPipeline() throws {
        let session = Session()
        session.catalog = try demo()
        session.format = .csv
        var output = ""
        session.write = { output += $0 }
        session.writeError = { output += $0 }
        let text = "countries" + String(repeating: " | limit 5", count: 4900) + " | count"
        XCTAssertTrue(Shell.isComplete(text))
        XCTAssertTrue(Shell(session: session).handle(text))
        XCTAssertEqual(output, "count\n5\n")
    }

    func testAScriptMayStartWithAByteOrderMark() throws {
        let (output, error) = runStatements(
            "\u{FEFF}countries count\ncountries limit 1 | select country", catalog: try demo(), format: .csv)
        XCTAssertNil(error, output)
        XCTAssertEqual(output, "count\n12\ncountry\nUnited States\n")
    }
}

/// `.read` of a script already running is an error naming the chain.
final class ScriptCycleTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("read")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ path: String) throws -> (outcome: Shell.ScriptOutcome, output: String) {
        let session = Session()
        session.catalog = try GoldenData.catalog("demo")
        session.format = .csv
        var output = ""
        session.write = { output += $0 }
        session.writeError = { output += $0 }
        let outcome = Shell(session: session).runScript(try String(contentsOfFile: path, encoding: .utf8), name: path, file: path)
        return (outcome, output)
    }

    func testAScriptThatReadsItself() throws {
        let a = try write("a.qry", "countries count\n.read \(folder)/a.qry\n")
        let (outcome, output) = try run(a)
        guard case .failed = outcome else { return XCTFail("the script did not fail: \(output)") }
        XCTAssertEqual(
            output,
            "count\n12\n\(a):2: error: the script reads itself: \(a) -> \(a)\n"
                + "hint: remove the .read that leads back to a script already running\n")
    }

    func testAChainBackToTheFirstScript() throws {
        let a = try write("a.qry", ".read \(folder)/b.qry\n")
        let b = try write("b.qry", "countries count\n.read \(folder)/./a.qry\n")
        let (outcome, output) = try run(a)
        guard case .failed = outcome else { return XCTFail("the script did not fail: \(output)") }
        XCTAssertTrue(
            output.hasPrefix("count\n12\n\(b):2: error: the script reads itself: \(a) -> \(b) -> \(folder)/./a.qry\n"), output)
    }

    /// Reading one script twice, one after the other, is no cycle.
    func testReadingAScriptTwiceInARow() throws {
        let part = try write("part.qry", "countries count\n")
        let main = try write("main.qry", ".read \(part)\n.read \(part)\n")
        let (outcome, output) = try run(main)
        XCTAssertEqual(outcome, .finished, output)
        XCTAssertEqual(output, "count\n12\ncount\n12\n")
    }

    func testScriptsNestedPastTheLimit() throws {
        for k in 0...Limits.scriptNesting { _ = try write("s\(k).qry", ".read \(folder)/s\(k + 1).qry\n") }
        _ = try write("s\(Limits.scriptNesting + 1).qry", "countries count\n")
        let (outcome, output) = try run(folder + "/s0.qry")
        guard case .failed = outcome else { return XCTFail("the scripts did not fail: \(output)") }
        XCTAssertTrue(output.contains("error: scripts may .read one another at most 100 deep"), String(output.prefix(400)))
    }
}
