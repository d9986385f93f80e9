import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// CSV files of unusual shapes: very wide ones, old Mac line ends, quotes in the header, and
/// headers repeating one name. Each loads right or fails with an error naming the place.
final class CSVShapeTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("shape")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ text: String, name: String = "t.csv") throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(_ text: String, name: String = "t.csv") throws -> DataLoader.Loaded {
        try DataLoader.load(path: try path(text, name: name))
    }

    func loadError(_ text: String, name: String = "bad.csv") throws -> Diagnostic? {
        do {
            _ = try load(text, name: name)
            return nil
        } catch let error as Diagnostic {
            return error
        }
    }

    func header(_ columns: Int) -> String { (1...columns).map { "c\($0)" }.joined(separator: ",") }

    // MARK: Line ends

    func testCarriageReturnsAloneEndLines() throws {
        let table = try load("a,b\r1,2\r3,4\r").table
        XCTAssertEqual(table.names, ["a", "b"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table["a"]?.type, .int)
        XCTAssertEqual(table["b"]?.value(at: 1), .int(4))
    }

    func testCarriageReturnsAloneWithQuotesBlankLinesAndNoLastLineEnd() throws {
        let table = try load("name,n\r\r\"two\rlines\",1\r\"a,\"\"b\"\"\",2\r\rlast,3").table
        XCTAssertEqual(table.rowCount, 3)
        XCTAssertEqual(table["name"]?.value(at: 0), .string("two\rlines"), "a line break inside quotes is kept")
        XCTAssertEqual(table["name"]?.value(at: 1), .string("a,\"b\""))
        XCTAssertEqual(table["n"]?.value(at: 2), .int(3))
    }

    func testCarriageReturnLineEndsKeepLineNumbersInErrors() throws {
        let error = try loadError("a,b\r1,2\r3,4,5\r")
        XCTAssertEqual(error?.id, .tooManyFields)
        XCTAssertEqual(error?.line, 3)
    }

    func testWindowsLineEndsStillLoad() throws {
        let table = try load("a,b\r\n1,2\r\n3,4\r\n").table
        XCTAssertEqual(table.names, ["a", "b"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table["b"]?.value(at: 1), .int(4))
    }

    func testTabsAndCarriageReturns() throws {
        let table = try load("a\tb\r1\t2\r", name: "t.tsv").table
        XCTAssertEqual(table.names, ["a", "b"])
        XCTAssertEqual(table.rowCount, 1)
    }

    // MARK: Quotes in the header

    func testAQuoteInsideAnUnquotedHeaderNameIsAnError() throws {
        let error = try loadError("name,height 5\"11,x\nBob,6,1\nAnn,5,2\n")
        XCTAssertEqual(error?.id, .quoteInHeader)
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error?.column, 2)
        XCTAssertEqual(
            error?.rendered(in: nil),
            "\(folder)/bad.csv:1:2: error: a quote inside the unquoted header field `height 5\"11` (column 2)\n"
                + "hint: quote the whole field and write the quote inside it twice: \"height 5\"\"11\"\n")
    }

    func testQuotedHeaderNamesStillLoad() throws {
        let table = try load("\"a,b\",\"say \"\"hi\"\"\",c\n1,2,3\n").table
        XCTAssertEqual(table.names, ["a,b", "say \"hi\"", "c"])
        XCTAssertEqual(table.rowCount, 1)
    }

    func testAnUnterminatedQuoteInTheHeaderNamesLineOne() throws {
        let error = try loadError("a,\"b\n1,2\n")
        XCTAssertEqual(error?.id, .unterminatedQuote)
        XCTAssertEqual(error?.line, 1)
    }

    // MARK: Width

    func testAFileOf55000ColumnsLoads() throws {
        let columns = 55_000
        let row = (1...columns).map { $0 % 3 == 0 ? "x\($0)" : String($0) }.joined(separator: ",")
        let table = try load(header(columns) + "\n" + row + "\n" + row + "\n").table
        XCTAssertEqual(table.columnCount, columns)
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table["c1"]?.value(at: 1), .int(1))
        XCTAssertEqual(table["c54999"]?.value(at: 0), .string("x54999"))
        XCTAssertEqual(table["c55000"]?.value(at: 1), .int(55_000))
    }

    func testAHeaderOnlyFileOf55000ColumnsIsAnEmptyTable() throws {
        let table = try load(header(55_000) + "\n").table
        XCTAssertEqual(table.columnCount, 55_000)
        XCTAssertEqual(table.rowCount, 0)
    }

    /// The header and row scanners read a million columns (with no recursion: a stack frame per
    /// column would overflow); a header of one more is an error naming line 1.
    func testTheScannersReadAMillionColumnsAndOneMoreIsAnError() throws {
        let names = (1...Limits.csvColumns).map { "c\($0)" }
        let text =
            names.joined(separator: ",") + "\n" + Array(repeating: "7", count: Limits.csvColumns).joined(separator: ",") + "\n"
        try Array(text.utf8).withUnsafeBufferPointer { bytes in
            let scanner = CSVScanner(bytes: bytes, delimiter: UInt8(ascii: ","), path: "wide.csv")
            let (header, dataStart, _) = try scanner.header()
            XCTAssertEqual(header.count, Limits.csvColumns)
            XCTAssertEqual(header.last, "c\(Limits.csvColumns)")
            var counter = FieldCounter()
            try scanner.scan(from: dataStart, firstLine: 2, maxFields: header.count, into: &counter)
            XCTAssertEqual(counter.rows, 1)
            XCTAssertEqual(counter.fields, Limits.csvColumns)
        }
        try Array((names.joined(separator: ",") + ",extra\n").utf8).withUnsafeBufferPointer { bytes in
            let scanner = CSVScanner(bytes: bytes, delimiter: UInt8(ascii: ","), path: "wide.csv")
            XCTAssertThrowsError(try scanner.header()) { error in
                XCTAssertEqual((error as? Diagnostic)?.id, .tooManyColumns)
                XCTAssertEqual(
                    (error as? Diagnostic)?.rendered(in: nil),
                    "wide.csv:1: error: the header has more than 1,000,000 columns\n"
                        + "hint: check the delimiter and the line ends; split the file by columns first\n")
            }
        }
    }

    /// A wide file (its arrays staged in buffers of their own) holds every type in its own
    /// column and row.
    func testAWideFileOfEveryType() throws {
        let columns = CSVColumnArrays.maximumNestedColumns + 6
        let rows = 2000
        func field(_ r: Int, _ c: Int) -> String {
            switch c % 5 {
            case 0: String((r + c) % 10)
            case 1: r % 7 == 0 ? "" : "\((r + c) % 10).5"
            case 2: r % 2 == 0 ? "true" : "false"
            case 3: "2024-01-0\(1 + (r + c) % 9)"
            default: ["a", "b", "c"][(r + c) % 3]
            }
        }
        let text =
            header(columns) + "\n"
            + (0..<rows).map { r in (0..<columns).map { field(r, $0) }.joined(separator: ",") + "\n" }.joined()
        let table = try load(text).table
        XCTAssertEqual(table.rowCount, rows)
        for r in [0, 1, 7, 63, 64, 65, rows - 1] {
            for c in [0, 1, 2, 3, 4, columns - 2, columns - 1] {
                let column = try XCTUnwrap(table["c\(c + 1)"])
                let expected: Value =
                    switch c % 5 {
                    case 0: .int(Int64((r + c) % 10))
                    case 1: r % 7 == 0 ? .null : .float(Double((r + c) % 10) + 0.5)
                    case 2: .bool(r % 2 == 0)
                    case 3: .date(CivilDate.days(year: 2024, month: 1, day: 1 + (r + c) % 9)!)
                    default: .string(["a", "b", "c"][(r + c) % 3])
                    }
                XCTAssertEqual(column.value(at: r), expected, "row \(r), column \(c + 1)")
            }
        }
    }

    /// The arrays are filled the same way opened nested (narrow files) and staged (wide ones),
    /// by two parts at once, each writing its own rows.
    func testColumnArraysNestedAndStagedAgree() {
        let rows = 200
        for columns in [3, CSVColumnArrays.maximumNestedColumns + 1] {
            let types = (0..<columns).map { [DataType.int, .float, .date][$0 % 3] }
            var arrays = CSVColumnArrays(types: types, rows: rows)
            arrays.withPointers { pointers in
                let parts = [0..<128, 128..<rows]
                DispatchQueue.concurrentPerform(iterations: parts.count) { p in
                    let range = parts[p]
                    pointers.clear(range)
                    for row in range where row % 5 != 0 {
                        for c in 0..<columns {
                            switch types[c] {
                            case .int: pointers.ints[c]![row] = Int64(row * 1000 + c)
                            case .float: pointers.floats[c]![row] = Double(row) + Double(c) / 1000
                            default: pointers.dates[c]![row] = Int32(row + c)
                            }
                            pointers.validity[c]![row >> 6] |= 1 << UInt64(row & 63)
                        }
                    }
                }
            }
            let built = arrays.columns(dictionaries: Array(repeating: nil, count: columns))
            for c in [0, 1, 2, columns - 1] {
                for row in [0, 1, 127, 128, 129, rows - 1] {
                    let expected: Value =
                        switch types[c] {
                        case _ where row % 5 == 0: .null
                        case .int: .int(Int64(row * 1000 + c))
                        case .float: .float(Double(row) + Double(c) / 1000)
                        default: .date(Int32(row + c))
                        }
                    XCTAssertEqual(built[c].value(at: row), expected, "\(columns) columns: row \(row), column \(c)")
                }
            }
        }
    }

    // MARK: Repeated names

    func testAHeaderRepeatingOneNameIsRenamedInLinearTime() throws {
        let columns = 100_000
        let loaded = try load(Array(repeating: "a", count: columns).joined(separator: ",") + "\n")
        XCTAssertEqual(loaded.table.columnCount, columns)
        XCTAssertEqual(Set(loaded.table.names).count, columns)
        XCTAssertEqual(loaded.table.names.prefix(3), ["a", "a_2", "a_3"])
        XCTAssertEqual(loaded.table.names.last, "a_\(columns)")
        XCTAssertEqual(loaded.notes.count, CSVLoader.maximumRenameNotes + 1)
        XCTAssertEqual(
            loaded.notes.last,
            "\(folder)/t.csv: \(columns - 1 - CSVLoader.maximumRenameNotes) more repeated headers were renamed the same way")
    }

    func testRenamingSkipsNamesTheHeaderHasAlready() throws {
        let table = try load("a,a_2,a,a\n1,2,3,4\n").table
        XCTAssertEqual(table.names, ["a", "a_2", "a_3", "a_4"])
    }
}

/// Counts the fields and rows a scan reports.
private struct FieldCounter: CSVVisitor {
    var fields = 0
    var rows = 0
    mutating func field(_ column: Int, _ start: Int, _ end: Int, quoted: Bool, escaped: Bool, line: Int) throws(Diagnostic) {
        fields += 1
    }
    mutating func endRow(fields: Int, line: Int) throws(Diagnostic) { rows += 1 }
}
