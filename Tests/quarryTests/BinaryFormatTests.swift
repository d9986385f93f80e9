import Foundation
import QuarryTestSupport
import XCTest

/// Files in binary formats Quarry does not read are named by their magic bytes, with a hint,
/// before any text parsing (not "not valid UTF-8"); gzip and zstd still load.
final class BinaryFormatTests: XCTestCase {
    var folder = ""
    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("binary-formats") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    static let convert = "convert it to CSV first (most tools that write it can also write CSV)"
    static let spreadsheet = "save the sheet as CSV from the spreadsheet program (Save As, CSV)"
    static let recompress = "or recompress it as gzip or zstd, which Quarry reads"

    /// File name, first bytes, and the error's message and hint.
    static let cases: [(name: String, bytes: [UInt8], message: String, hint: String)] = [
        ("x.parquet", Array("PAR1".utf8) + [0x15, 0x04, 0x15, 0x00], "Parquet files are not supported yet", convert),
        ("x.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "Excel (.xlsx) files are not supported yet", spreadsheet),
        (
            "x.zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "zip files are not supported yet",
            "unpack it first (unzip FILE), then load the data files inside"
        ),
        ("x.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "Excel (.xls) files are not supported yet", spreadsheet),
        ("x.feather", Array("ARROW1".utf8) + [0, 0], "Arrow IPC (Feather) files are not supported yet", convert),
        (
            "x.csv.bz2", Array("BZh91AY&SY".utf8) + [0x00, 0x01], "bzip2-compressed files are not supported yet",
            "decompress it first (bunzip2 FILE), " + recompress
        ),
        (
            "x.csv.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04], "xz-compressed files are not supported yet",
            "decompress it first (unxz FILE), " + recompress
        ),
        (
            "x.7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04], "7z files are not supported yet",
            "unpack it first (7z x FILE), then load the data files inside"
        ),
        (
            "x.sqlite", Array("SQLite format 3".utf8) + [0, 0x10, 0], "SQLite database files are not supported yet",
            "export a table as CSV first: sqlite3 -csv -header FILE 'select * from TABLE' > TABLE.csv"
        ),
        ("x.avro", Array("Obj".utf8) + [0x01, 0x04, 0x14], "Avro files are not supported yet", convert),
        ("x.orc", Array("ORC".utf8) + [0x0A, 0x00, 0x01], "ORC files are not supported yet", convert),
    ]

    func quarry(_ arguments: [String], stdin: [UInt8] = []) throws -> ChildProcess.Finished {
        try ChildProcess.run([TestPaths.executable] + arguments, inputBytes: stdin, directory: folder)
    }

    func testEachFormatIsNamedWithAHintAndExitStatus2() throws {
        for (name, bytes, message, hint) in Self.cases {
            // Some padding past the magic, as a real file has.
            let content = bytes + [UInt8](repeating: 0x41, count: 100)
            XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(content)))
            let run = try quarry([name, "-c", "countries count"])
            XCTAssertEqual(run.status, 2, name)
            XCTAssertEqual(run.stdout, "", name)
            XCTAssertEqual(run.stderr, "\(name): error: \(message)\nhint: \(hint)\n")
        }
    }

    /// Through a pipe the file has no name: the message names standard input, and a zip is a zip.
    func testAPipeIsCheckedToo() throws {
        let run = try quarry(["-", "-c", "stdin count"], stdin: Self.cases[0].bytes + [0, 0])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, "stdin: error: Parquet files are not supported yet\nhint: \(Self.convert)\n")
        // A workbook is known by its first entry even without its name.
        var zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 22)
        let entry = Array("[Content_Types].xml".utf8)
        zip += [UInt8(entry.count), 0, 0, 0] + entry
        let workbook = try quarry(["-", "-c", "stdin count"], stdin: zip)
        XCTAssertEqual(workbook.stderr, "stdin: error: Excel (.xlsx) files are not supported yet\nhint: \(Self.spreadsheet)\n")
    }

    /// Text that starts with the same letters as a weak magic (ORC, BZh, PAR1) is still text.
    func testTextStartingLikeAMagicStillLoads() throws {
        try "ORCID,name\n1,a\n".write(toFile: folder + "/ids.csv", atomically: true, encoding: .utf8)
        try "BZh,PAR1\n1,2\n".write(toFile: folder + "/codes.csv", atomically: true, encoding: .utf8)
        let run = try quarry(["ids.csv", "codes.csv", "-f", "csv", "-c", "ids", "-c", "codes"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "ORCID,name\n1,a\nBZh,PAR1\n1,2\n")
    }

    /// Real gzip and zstd files (made by their tools) still load, by name and through a pipe.
    func testGzipAndZstdStillLoad() throws {
        let layoffs = TestPaths.sharedData + "/layoffs.csv"
        let made = try ChildProcess.run(
            ["bash", "-c", "gzip -c '\(layoffs)' > l.csv.gz && zstd -q -c '\(layoffs)' > l.csv.zst"], directory: folder)
        XCTAssertEqual(made.status, 0, made.stderr)
        for name in ["l.csv.gz", "l.csv.zst"] {
            let run = try quarry([name, "-f", "csv", "-c", "l count"])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stdout, "count\n4523\n", name)
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: folder + "/" + name))
            let piped = try quarry(["-", "-f", "csv", "-c", "stdin count"], stdin: Array(bytes))
            XCTAssertEqual(piped.stdout, "count\n4523\n", "\(name) through a pipe: \(piped.stderr)")
        }
    }
}
