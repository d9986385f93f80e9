import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarrySyntax

final class CSVLoaderTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("csv")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes `bytes` to a file in the test folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(_ text: String, name: String = "t.csv") throws -> Table { try DataLoader.load(path: try file(name, text)).table }

    func loadError(_ bytes: [UInt8], name: String = "bad.csv") throws -> Diagnostic? {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try DataLoader.load(path: path).table
            return nil
        } catch {
            XCTAssertEqual(error.file, path, "the error names the file")
            return error
        }
    }

    func testRealLayoffsTypes() throws {
        let table = try DataLoader.load(path: TestPaths.sharedData + "/layoffs.csv").table
        XCTAssertEqual(table.rowCount, 4523)
        let types = Dictionary(uniqueKeysWithValues: zip(table.names, table.columns.map(\.type)))
        XCTAssertEqual(
            types,
            [
                "company": .string, "location": .string, "industry": .string, "stage": .string, "country": .string,
                "total_laid_off": .int, "date": .date, "date_added": .date,
                "percentage_laid_off": .float, "funds_raised": .float, "source": .string,
            ])
        XCTAssertEqual(table["total_laid_off"]?.value(at: 0), .int(93))
        XCTAssertEqual(table["date"]?.value(at: 0), .date(CivilDate.days(year: 2026, month: 7, day: 23)!))
        XCTAssertEqual(table["location"]?.value(at: 2), .string("Tel Aviv, Non-U.S."))
        XCTAssertEqual(table["total_laid_off"]?.nullCount, 1563)
        XCTAssertEqual(table["percentage_laid_off"]?.nullCount, 1690)
        XCTAssertEqual(table["funds_raised"]?.nullCount, 533)
    }

    func testOtherSharedFilesLoad() throws {
        let countries = try DataLoader.load(path: TestPaths.sharedData + "/countries_iso3166.csv").table
        XCTAssertEqual(countries.rowCount, 249)
        XCTAssertEqual(countries["country-code"]?.type, .string, "zero-padded codes stay text")
        let alpha2 = try XCTUnwrap(countries["alpha-2"])
        XCTAssertEqual(alpha2.type, .string)
        let names = try XCTUnwrap(countries["name"])
        let namibia = try XCTUnwrap((0..<names.count).first { names.value(at: $0) == .string("Namibia") })
        XCTAssertEqual(alpha2.value(at: namibia), .string("NA"), "NA stays text in a string column")
        let population = try DataLoader.load(path: TestPaths.sharedData + "/world_population.csv").table
        XCTAssertEqual(population.rowCount, 17195)
        XCTAssertEqual(population["Value"]?.type, .int)
        XCTAssertEqual(population["Year"]?.type, .int)
        XCTAssertEqual(population.columns.map(\.nullCount), [0, 0, 0, 0], "CRLF leaves no stray carriage returns or nulls")
    }

    func testTypeInferenceUsesEveryValue() throws {
        let rows = (0..<3000).map { "\($0),\($0 == 2999 ? "x" : String($0))" }.joined(separator: "\n")
        let table = try load("a,b\n" + rows + "\n")
        XCTAssertEqual(table.columns.map(\.type), [.int, .string])
    }

    func testTypes() throws {
        let table = try load(
            """
            i,whole,f,d,us,b,code,na,s
            1,93.0,1.5,2024-01-31,7/4/2026,true,004,NA,x
            -2,,2e3,,12/31/1999,FALSE,010,,"y, z"
            ,7.0,,2024-02-29,,,,N/A,

            """)
        XCTAssertEqual(table.columns.map(\.type), [.int, .int, .float, .date, .date, .bool, .string, .string, .string])
        XCTAssertEqual(table["whole"]?.value(at: 0), .int(93))
        XCTAssertEqual(table["f"]?.value(at: 1), .float(2000))
        XCTAssertEqual(table["na"]?.value(at: 0), .string("NA"))
        XCTAssertEqual(table["s"]?.value(at: 1), .string("y, z"))
        XCTAssertEqual(table["s"]?.value(at: 2), .null)
        let nulls = try load("n,m\n1,NA\nNULL,2\nnull,N/A\n")
        XCTAssertEqual(nulls.columns.map(\.type), [.int, .int])
        XCTAssertEqual(nulls.columns.map(\.nullCount), [2, 2])
    }

    func testQuotingBOMAndLineEndings() throws {
        let table = try load("\u{FEFF}name,note\r\n\"a\",\"say \"\"hi\"\"\"\r\n\"b\",\"two\r\nlines\"\r\nc,\r\n")
        XCTAssertEqual(table.names, ["name", "note"])
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertEqual(table["note"]?.value(at: 0), .string("say \"hi\""))
        XCTAssertEqual(table["note"]?.value(at: 1), .string("two\r\nlines"))
        XCTAssertEqual(table["note"]?.value(at: 2), .null)
        XCTAssertEqual(table["name"]?.value(at: 2), .string("c"))
    }

    func testShortRowsArePaddedWithNulls() throws {
        let table = try load("a,b,c\n1,2,3\n4\n5,6\n")
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertEqual(table["c"]?.nullCount, 2)
        XCTAssertEqual(table["b"]?.value(at: 2), .int(6))
    }

    func testDuplicateAndBlankHeaders() throws {
        let table = try load("a,a,,b\n1,2,3,4\n")
        XCTAssertEqual(table.names, ["a", "a_2", "column_3", "b"])
    }

    func testHeaderOnlyGivesNoRows() throws {
        let table = try load("a,b\n")
        XCTAssertEqual(table.rowCount, 0)
        XCTAssertEqual(table.names, ["a", "b"])
    }

    func testTableNames() {
        XCTAssertEqual(CSVLoader.tableName(for: "data/layoffs.csv"), "layoffs")
        XCTAssertEqual(CSVLoader.tableName(for: "my data-2024.csv"), "my_data_2024")
        XCTAssertEqual(CSVLoader.tableName(for: "2024.csv"), "_2024")
    }

    // MARK: Broken files: one clear error each, naming the file and line.

    func testUnterminatedQuote() throws {
        let error = try loadError(Array("a,b\n1,2\n3,\"open\n4,5\n".utf8))
        XCTAssertEqual(error?.id, .unterminatedQuote)
        XCTAssertEqual(error?.line, 3)
    }

    func testTooManyFields() throws {
        let error = try loadError(Array("a,b\n1,2\n\"x\ny\",2\n3,4,5\n".utf8))
        XCTAssertEqual(error?.id, .tooManyFields)
        XCTAssertEqual(error?.line, 5, "lines count the newline inside the quoted field")
        XCTAssertEqual(error?.message, "this row has 3 fields, but the header has 2")
    }

    func testInvalidUTF8() throws {
        let error = try loadError(Array("a,b\n1,2\n".utf8) + [0x33, 0xFF, 0x2C, 0x34, 0x0A])
        XCTAssertEqual(error?.id, .invalidUTF8)
        XCTAssertEqual(error?.line, 3)
        XCTAssertTrue(error?.message.contains("byte offset 9") ?? false, error?.message ?? "")
    }

    func testTextAfterClosingQuote() throws {
        let error = try loadError(Array("a,b\n\"x\"y,2\n".utf8))
        XCTAssertEqual(error?.id, .textAfterQuote)
        XCTAssertEqual(error?.line, 2)
    }

    func testEmptyAndMissingFiles() throws {
        XCTAssertEqual(try loadError([])?.id, .emptyFile)
        XCTAssertEqual(try loadError(Array("\n\n".utf8))?.id, .emptyFile)
        XCTAssertThrowsError(try DataLoader.load(path: folder + "/missing.csv")) {
            XCTAssertEqual(($0 as? Diagnostic)?.id, .fileNotFound)
        }
    }

    func testRenderedFileErrorNamesFileAndLine() throws {
        let error = try XCTUnwrap(try loadError(Array("a\n1\n2,3\n".utf8), name: "rows.csv"))
        XCTAssertEqual(
            error.rendered(in: nil),
            "\(folder)/rows.csv:3: error: this row has 2 fields, but the header has 1\nhint: a field containing the delimiter must be quoted\n"
        )
    }

    func testLargeFilesParseInTwoHalvesWithTheSameResult() throws {
        // Over 65,536 rows the second pass runs in two halves; the result must not show the seam.
        var text = "id,name,day,score\n"
        for i in 0..<150_000 {
            let name = i % 7 == 0 ? "\"n\(i % 1000), x\"" : "n\(i % 1000)"
            text += "\(i),\(name),2024-01-\(String(format: "%02d", i % 28 + 1)),\(i % 5 == 0 ? "" : String(i % 100))\n"
        }
        let table = try load(text)
        XCTAssertEqual(table.rowCount, 150_000)
        XCTAssertEqual(table.columns.map(\.type), [.int, .string, .date, .int])
        for row in [0, 65_535, 65_536, 65_537, 74_999, 75_000, 149_999] {
            XCTAssertEqual(table["id"]?.value(at: row), .int(Int64(row)))
            let name = row % 7 == 0 ? "n\(row % 1000), x" : "n\(row % 1000)"
            XCTAssertEqual(table["name"]?.value(at: row), .string(name), "row \(row)")
            XCTAssertEqual(table["score"]?.value(at: row), row % 5 == 0 ? .null : .int(Int64(row % 100)))
        }
        XCTAssertEqual(table["score"]?.nullCount, 30_000)
        guard case .string(_, let dictionary) = table["name"]!.storage else { return XCTFail() }
        XCTAssertEqual(dictionary.count, Set(dictionary.values).count, "one dictionary without repeats")
        // An error in the second half names its true line.
        let broken = text + "150000,late,2024-01-01,1,extra\n"
        let error = try loadError(Array(broken.utf8))
        XCTAssertEqual(error?.id, .tooManyFields)
        XCTAssertEqual(error?.line, 150_002)
    }
}

/// The first pass split between two cores must agree with one core on every file, including
/// ones whose quotes would mislead the split.
final class ParallelInferenceTests: XCTestCase {
    /// Infers `text` on one core and on two; `split` says whether the two-core run should keep
    /// its split (files here are too small for any other checkpoint) or fall back to one core.
    func bothWays(_ text: String, split: Bool? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let scanner = CSVScanner(bytes: buffer, delimiter: UInt8(ascii: ","), path: "t.csv")
            guard let (header, start, _) = try? scanner.header() else { return XCTFail("no header", file: file, line: line) }
            func run(_ minimum: Int) -> Result<CSVTypeInference, Diagnostic> {
                Result { () throws(Diagnostic) in
                    try CSVTypeInference.infer(
                        scanner, from: start, firstLine: 2, columns: header.count, minimumBytes: minimum)
                }
            }
            switch (run(Int.max), run(0)) {
            case (.success(let one), .success(let two)):
                XCTAssertEqual(one.types, two.types, file: file, line: line)
                XCTAssertEqual(one.rows, two.rows, file: file, line: line)
                if let split { XCTAssertEqual(!two.checkpoints.isEmpty, split, "split kept", file: file, line: line) }
                for checkpoint in two.checkpoints {
                    // Every checkpoint is a true row start: scanning from it gives the rest of the rows.
                    var rest = CSVTypeInference(bytes: buffer, columns: header.count)
                    XCTAssertNoThrow(
                        try scanner.scan(
                            from: checkpoint.offset, firstLine: checkpoint.line, maxFields: header.count, into: &rest))
                    XCTAssertEqual(rest.rows, one.rows - checkpoint.row, file: file, line: line)
                }
            case (.failure(let one), .failure(let two)):
                XCTAssertEqual(one.id, two.id, file: file, line: line)
                XCTAssertEqual(one.line, two.line, file: file, line: line)
            case (let one, let two):
                XCTFail("one core: \(one), two cores: \(two)", file: file, line: line)
            }
        }
    }

    func rows(_ count: Int, _ row: (Int) -> String) -> String {
        "id,text,n\n" + (0..<count).map { row($0) + "\n" }.joined()
    }

    func testPlainQuotedAndMultiLineFields() throws {
        try bothWays(rows(1000) { "\($0),plain \($0),\($0 % 10)" }, split: true)
        try bothWays(rows(1000) { "\($0),\"quoted, with comma \"\"and quotes\"\"\",\($0)" }, split: true)
        // Fields holding line ends right across the middle of the file.
        try bothWays(rows(1000) { "\($0),\"line one\nline two\nline three\",\($0)" }, split: true)
        try bothWays(rows(999) { "\($0),\"a\n\nb\",1.5" }, split: true)
    }

    func testStrayQuotesInUnquotedFieldsFallBackToOneCore() throws {
        // `5'11"` counts as a quote although it opens nothing: the split's guess is then wrong.
        try bothWays(rows(1000) { $0 == 3 ? "3,5'11\" tall,1" : "\($0),\"x\ny\",\($0)" }, split: false)
        try bothWays(rows(1000) { "\($0),\($0 % 3 == 0 ? "a\"b" : "\"c\nd\""),\($0)" })
    }

    func testErrorsNameTheSameLineEitherWay() throws {
        try bothWays(rows(1000) { $0 == 100 ? "100,x,1,extra" : "\($0),x,1" })
        try bothWays(rows(1000) { $0 == 900 ? "900,x,1,extra" : "\($0),x,1" })
        try bothWays(rows(1000) { $0 == 990 ? "990,\"unterminated,1" : "\($0),x,1" })
        try bothWays(rows(1000) { $0 == 500 ? "500,\"x\"y,1" : "\($0),\"x\n\",1" })
    }
}

final class ByteDictionaryBuilderTests: XCTestCase {
    func testEveryDistinctValueGetsOneCode() {
        // Lengths 0 to 40, values that differ only in one byte at every position, and repeats.
        var values: [String] = [""]
        for length in 1...40 {
            let base = String(repeating: "a", count: length)
            values.append(base)
            for position in stride(from: 0, to: length, by: 3) {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "b")
                values.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        values += (0..<5000).map { "company \($0)" } + ["é", "naïve", "日本語"]
        var builder = ByteDictionaryBuilder()
        var codes: [String: Int32] = [:]
        for round in 0..<2 {
            for value in values {
                let bytes = Array(value.utf8)
                let code = bytes.withUnsafeBufferPointer { builder.code(for: $0, 0, $0.count) }
                if round == 0, codes[value] == nil { codes[value] = code }
                XCTAssertEqual(code, codes[value], value)
            }
        }
        XCTAssertEqual(Set(codes.values).count, codes.count, "distinct values, distinct codes")
        let dictionary = builder.build()
        for (value, code) in codes { XCTAssertEqual(dictionary.values[Int(code)], value) }
    }
}

final class UTF8CheckTests: XCTestCase {
    /// Checks on both cores (the text is over 1 MB) name the first bad byte, in either half.
    func testTheFirstBadByteInEitherHalf() throws {
        let line = Array("naïve, 日本語, ok\n".utf8)
        var text: [UInt8] = []
        while text.count < 3 << 20 { text += line }
        let lines = text.count / line.count
        XCTAssertNoThrow(try text.withUnsafeBufferPointer { try UTF8Check.validate($0, path: "t.csv") })
        for badLine in [5, lines / 2 + 3, lines - 1] {
            var bad = text
            let offset = badLine * line.count + 1
            bad[offset] = 0xFF
            bad[bad.count - 2] = 0xC3  // a later error, which must not be the one named
            let error = bad.withUnsafeBufferPointer { buffer -> Diagnostic? in
                do throws(Diagnostic) {
                    try UTF8Check.validate(buffer, path: "t.csv")
                    return nil
                } catch { return error }
            }
            XCTAssertEqual(error?.id, .invalidUTF8)
            XCTAssertEqual(error?.line, badLine + 1)
            XCTAssertTrue(error?.message.contains("byte offset \(offset))") ?? false, error?.message ?? "")
        }
    }
}
