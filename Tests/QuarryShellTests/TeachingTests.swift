import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Charts as SVG, notes about likely mistakes, and `explain sql` checked against DuckDB.
final class TeachingTests: XCTestCase {
    var errors = ""
    var output = ""

    func session(_ data: String = "demo") throws -> Session {
        let session = Session()
        session.catalog = try GoldenData.catalog(data)
        session.write = { self.output += $0 }
        session.writeError = { self.errors += $0 }
        return session
    }

    /// Counts elements by name (and `class`) in an SVG document, failing if it is not XML.
    final class SVGCounter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var texts: [String] = []
        var inText = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            counts[name, default: 0] += 1
            if let kind = attributes["class"] { counts["\(name).\(kind)", default: 0] += 1 }
            inText = name == "text"
            if inText { texts.append("") }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { texts[texts.count - 1] += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            inText = false
        }
    }

    func svg(_ query: String, data: String = "demo") throws -> SVGCounter {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try session(data)
        XCTAssertNil(session.run(SourceText(name: nil, text: query + " save \"\(path)\"")), errors)
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        let counter = SVGCounter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "valid XML: \(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertEqual(counter.counts["svg"], 1)
        return counter
    }

    func testSVGBarChartHasAxesLabelsAndABarPerRow() throws {
        let chart = try svg("layoffs where industry = \"Retail\" group by year(date) | chart bar", data: "shared")
        XCTAssertEqual(chart.counts["line.axis"], 2)
        XCTAssertEqual(chart.counts["rect.mark"], 7, "one bar per year")
        XCTAssertEqual(chart.counts["text.label"], 7)
        XCTAssertTrue(chart.texts.contains("2020") && chart.texts.contains("57"), "\(chart.texts)")
        XCTAssertTrue(chart.texts.contains("count by year"))
    }

    func testSVGLineChartHasAPointPerRowAndSeries() throws {
        let chart = try svg(
            "layoffs group by y = year(date) aggregate events = count(), people = sum(total_laid_off) | chart line")
        XCTAssertEqual(chart.counts["line.axis"], 2)
        XCTAssertEqual(chart.counts["circle.mark"], 14, "7 years × 2 series")
        XCTAssertEqual(chart.counts["polyline.line"], 2)
        XCTAssertTrue(chart.texts.contains("y") && chart.texts.contains("events") && chart.texts.contains("people"))
    }

    func testSVGHistogramHasABarPerBin() throws {
        let chart = try svg("layoffs chart hist total_laid_off bins 6")
        XCTAssertEqual(chart.counts["rect.mark"], 6)
        XCTAssertEqual(chart.counts["line.axis"], 2)
    }

    func testChartsAreSavedOnlyAsSVG() throws {
        let session = try session()
        XCTAssertEqual(
            session.run(SourceText(name: nil, text: "layoffs group by industry | chart bar save \"x.png\""))?.message,
            "a chart is saved as SVG")
    }

    // MARK: Notes

    func notes(_ query: String, data: String = "shared") throws -> [String] {
        errors = ""
        let session = try session(data)
        XCTAssertNil(session.run(SourceText(name: nil, text: query)), errors)
        return errors.split(separator: "\n").filter { $0.hasPrefix("note: ") }.map { String($0.dropFirst(6)) }
    }

    func testNoteForATextLiteralThatMatchesOnlyIgnoringCase() throws {
        XCTAssertEqual(
            try notes("layoffs where industry = \"retail\" group by year(date)"),
            [
                "no rows have industry = \"retail\"; 359 have \"Retail\""
            ])
        XCTAssertEqual(
            try notes("layoffs where country = \"india \" count"), ["no rows have country = \"india \"; 347 have \"India\""])
        XCTAssertEqual(try notes("layoffs where industry = \"Retail\" count"), [])
    }

    func testNotesForJoins() throws {
        XCTAssertEqual(
            try notes("layoffs where year(date) = 2026 | join countries on country | count"),
            [
                "the join dropped 23 of 257 rows that found no match in countries, e.g. country = \"Cayman Islands\", \"Netherlands\", \"Ireland\""
            ])
        XCTAssertEqual(
            try notes("(countries select country) join left (layoffs where year(date) = 2021 select country) on country | count"),
            [
                "the join found no match in the joined table for 6 of 12 rows (their joined columns are null), e.g. country = \"Brazil\", \"Israel\", \"Sweden\"",
                "4 country values matched more than one row of the joined table, adding 37 rows: some rows now appear more than once",
            ])
    }

    func testNoteForAnAggregateThatSkippedNullsOncePerQuery() throws {
        XCTAssertEqual(
            try notes("layoffs aggregate avg(percentage_laid_off), sum(total_laid_off)"),
            [
                "avg(percentage_laid_off) ignored 1,690 rows with no value"
            ])
        XCTAssertEqual(try notes("layoffs aggregate count(total_laid_off), count()"), [], "count(x) skipping nulls is its point")
    }

    func testNoteForASortThatAGroupByDiscards() throws {
        XCTAssertEqual(
            try notes("countries sort by population desc | group by region", data: "demo"),
            [
                "the order of `sort by population desc` is lost: `group by` returns rows in its own order; sort after it instead"
            ])
        XCTAssertEqual(try notes("countries sort by population desc | limit 3 | group by region", data: "demo"), [])
    }

    func testNotesNeverChangeTheResultAndQuietSilencesThem() throws {
        let query = "layoffs where industry = \"retail\" | aggregate avg(percentage_laid_off)"
        output = ""
        _ = try notes(query)
        let withNotes = output
        errors = ""
        output = ""
        let session = try session("shared")
        session.showNotes = false
        XCTAssertNil(session.run(SourceText(name: nil, text: query)))
        XCTAssertEqual(output, withNotes)
        XCTAssertEqual(errors, "")
        let shell = Shell(session: session)
        session.showNotes = true
        shell.handle(".notes off")
        XCTAssertFalse(session.showNotes)
        let run = try ChildProcess.run([TestPaths.executable, TestPaths.sharedData + "/layoffs.csv", "--quiet", "-c", query])
        XCTAssertEqual(run.stderr, "")
        let noisy = try ChildProcess.run([TestPaths.executable, TestPaths.sharedData + "/layoffs.csv", "-c", query])
        XCTAssertTrue(noisy.stderr.contains("note: no rows have industry = \"retail\""), noisy.stderr)
    }

    // MARK: explain sql, run in DuckDB

    func testExplainSQLOfEveryGoldenQueryGivesTheSameRowsInDuckDB() throws {
        // The first run installs DuckDB into a virtual environment, hence the long deadline.
        let finished = try ChildProcess.run(
            [
                "python3", TestPaths.repository + "/Tests/SQL/check_explain_sql.py", TestPaths.executable,
                TestPaths.repository,
            ], timeout: 1200)
        let text = finished.stdout + finished.stderr
        XCTAssertEqual(finished.status, 0, text)
        XCTAssertNotNil(text.range(of: #"(^|\n)[1-9]\d* passed, 0 failed, \d+ skipped\n"#, options: .regularExpression), text)
    }
}
