import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO
@testable import QuarryShell
@testable import QuarrySyntax
@testable import QuarryTeaching

/// Loading every kind of file, keeping results, and a clear error for each kind of bad file.
final class DataFilesTests: XCTestCase {
    var folder = ""
    var errors = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("files")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    func session() -> Session {
        let session = Session()
        session.writeError = { self.errors += $0 }
        session.write = { _ in }
        return session
    }

    // MARK: Round trips

    /// A table with every type, nulls, quotes, commas, line breaks and exact floats.
    func sampleTable() throws -> Table {
        let session = session()
        try session.load(path: TestPaths.sharedData + "/layoffs_fyi_live_2026-08-22.csv", as: "live")
        let query = """
            live select Company, `Location HQ`, laid_off = `# Laid Off`, Date, day = date(Date), raised = `$ Raised (mm)`,
              pct = `%`, ai = AI = "Yes", third = `%` / 3, note = if(`# Laid Off` > 1000, "big, \\"really\\"\\nbig", null)
            """
        guard case .query(let q) = try Parser.parseScript(query)[0].kind else { throw XCTSkip("no query") }
        return try session.runQuery(q, SourceText(name: nil, text: query))
    }

    func assertSameTable(_ a: Table, _ b: Table, _ label: String) {
        XCTAssertEqual(a.names, b.names, label)
        XCTAssertEqual(a.columns.map(\.type), b.columns.map(\.type), label)
        XCTAssertEqual(a.rowCount, b.rowCount, label)
        for (c, column) in a.columns.enumerated() {
            for row in 0..<a.rowCount where column.value(at: row) != b.columns[c].value(at: row) {
                XCTFail("\(label): \(a.names[c]) row \(row): \(column.value(at: row)) became \(b.columns[c].value(at: row))")
                return
            }
        }
    }

    func testEveryFormatRoundTripsTypesAndValues() throws {
        let table = try sampleTable()
        XCTAssertEqual(
            table.columns.map(\.type), [.string, .string, .int, .timestamp, .date, .float, .float, .bool, .float, .string])
        let session = session()
        for name in [
            "out.csv", "out.tsv", "out.json", "out.ndjson", "out.csv.gz", "out.json.gz", "out.csv.zst", "out.ndjson.zst",
        ] {
            let path = folder + "/" + name
            try session.save(table, to: path)
            let reloaded = try DataLoader.load(path: path).table
            assertSameTable(table, reloaded, name)
        }
        let compressed = try Data(contentsOf: URL(fileURLWithPath: folder + "/out.csv.gz"))
        XCTAssertEqual(Array(compressed.prefix(2)), [0x1F, 0x8B], "really gzip")
        let zstd = try Data(contentsOf: URL(fileURLWithPath: folder + "/out.csv.zst"))
        XCTAssertEqual(Array(zstd.prefix(4)), [0x28, 0xB5, 0x2F, 0xFD], "really zstd")
    }

    /// Files the zstd tool wrote load, and what Quarry writes the tool reads (`.ci/run` installs it).
    func testZstdFilesMeetTheZstdTool() throws {
        let csv = try write("tool.csv", "a,b\n1,x\n2,y\n")
        let compressed = folder + "/tool.csv.zst"
        XCTAssertEqual(try ChildProcess.run(["zstd", "-q", csv, "-o", compressed]).status, 0)
        XCTAssertEqual(try DataLoader.load(path: compressed).table["b"]?.value(at: 1), .string("y"))
        let saved = folder + "/saved.csv.zst"
        try session().save(try DataLoader.load(path: csv).table, to: saved)
        let back = try ChildProcess.run(["zstd", "-dc", saved])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertEqual(back.stdout, "a,b\n1,x\n2,y\n")
    }

    /// zstd files: several frames, any extension (the magic bytes decide), and damaged or cut-short
    /// data an error naming the file.
    func testZstdFiles() throws {
        let first = try Zstd.compress(Array("a,b\n1,2\n".utf8), path: "")
        let second = try Zstd.compress(Array("3,4\n".utf8), path: "")
        let frames = try write("frames.csv.zst", first + second)
        XCTAssertEqual(try DataLoader.load(path: frames).table["b"]?.intValues, [2, 4])
        let unnamed = try write("unnamed.data", first)
        XCTAssertEqual(try DataLoader.load(path: unnamed).table.rowCount, 1)
        // Larger than one output chunk of the decoder, so the stream is read in several steps.
        let rows = (0..<200_000).map { "\($0),row \($0)\n" }.joined()
        let big = try write("big.csv.zst", try Zstd.compress(Array(("n,s\n" + rows).utf8), path: ""))
        XCTAssertEqual(try DataLoader.load(path: big).table.rowCount, 200_000)
        let cut = try write("cut.csv.zst", Array(first.dropLast(3)))
        XCTAssertThrowsError(try DataLoader.load(path: cut)) { error in
            XCTAssertEqual(
                (error as? Diagnostic)?.rendered(in: nil), "\(cut): error: cannot read the file: the zstd data is cut short\n")
        }
        var flipped = first
        flipped[flipped.count / 2] ^= 0xFF
        let damaged = try write("damaged.csv.zst", flipped)
        XCTAssertThrowsError(try DataLoader.load(path: damaged)) { error in
            XCTAssertEqual((error as? Diagnostic)?.id, .unreadableFile, "\(error)")
        }
    }

    func testSaveClauseWritesTheResult() throws {
        let session = session()
        DemoData.install(into: &session.catalog)
        let path = folder + "/asia.csv"
        XCTAssertNil(
            session.run(SourceText(name: nil, text: "countries where region = \"Asia\" select country | save \"\(path)\"")))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "country\nIndia\nIsrael\nSingapore\n")
        XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(path)\" as asia\nasia count | save \"\(folder)/n.json\"")))
        XCTAssertEqual(try String(contentsOfFile: folder + "/n.json", encoding: .utf8), "[\n  {\"count\":3}\n]\n")
        // A file a table came from is never overwritten.
        let error = session.run(SourceText(name: nil, text: "countries save \"\(path)\""))
        XCTAssertEqual(error?.id, .overwritesSource)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "country\nIndia\nIsrael\nSingapore\n")
    }

    func testAFailedSaveLeavesNoFileAndNoTemporary() throws {
        let table = try sampleTable()
        // Simulate a disk that fills up mid-write: a file-size limit makes write() fail with EFBIG.
        signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
        let saved = limit
        limit.rlim_cur = 4096
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
        defer {
            var restore = saved
            setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &restore)
        }
        XCTAssertThrowsError(try session().save(table, to: folder + "/big.csv")) {
            XCTAssertEqual(($0 as? Diagnostic)?.id, .writeFailed)
            XCTAssertTrue(($0 as? Diagnostic)?.message.contains("nothing was written") ?? false)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [], "no file and no temporary left")
    }

    // MARK: Loading

    func testJSONAndJSONLines() throws {
        let json = try write(
            "people.json",
            """
            [
              {"name": "Ann", "age": 31, "score": 1.5, "ok": true, "born": "1993-04-01", "seen": "2024-01-31T09:30:00Z",
               "tags": ["a", "b"], "nested": {"x": 1}},
              {"name": "Bo \\"the\\" \\u00e9l\\u00e8ve", "age": null, "score": 2, "ok": false, "born": "2001-12-31",
               "seen": "2024-02-01T00:00:00+02:00", "extra": 7}
            ]
            """)
        let table = try DataLoader.load(path: json).table
        XCTAssertEqual(table.names, ["name", "age", "score", "ok", "born", "seen", "tags", "nested", "extra"])
        XCTAssertEqual(table.columns.map(\.type), [.string, .int, .float, .bool, .date, .timestamp, .string, .string, .int])
        XCTAssertEqual(table["name"]?.value(at: 1), .string("Bo \"the\" élève"))
        XCTAssertEqual(table["age"]?.value(at: 1), .null)
        XCTAssertEqual(table["tags"]?.value(at: 0), .string("[\"a\", \"b\"]"))
        XCTAssertEqual(table["extra"]?.value(at: 0), .null, "a missing key is null")
        XCTAssertEqual(table["seen"]?.value(at: 1).map(Timestamp.format), "2024-01-31 22:00:00", "offsets become UTC")
        let lines = try write("events.jsonl", "{\"a\": 1}\n\n{\"a\": 2, \"b\": \"x\"}\n")
        let events = try DataLoader.load(path: lines).table
        XCTAssertEqual(events.rowCount, 2)
        XCTAssertEqual(events.names, ["a", "b"])
    }

    func testFormatsByContentAndOtherDelimiters() throws {
        XCTAssertEqual(try DataLoader.load(path: try write("a.data", "[{\"x\": 1}]")).table.names, ["x"])
        XCTAssertEqual(try DataLoader.load(path: try write("b.data", "{\"y\": 1}\n")).table.names, ["y"])
        let semicolons = try DataLoader.load(path: try write("s.csv", "a;b;c\n1;\"x;y\";2.5\n")).table
        XCTAssertEqual(semicolons.names, ["a", "b", "c"])
        XCTAssertEqual(semicolons["b"]?.value(at: 0), .string("x;y"))
        XCTAssertEqual(try DataLoader.load(path: try write("p.txt", "a|b\n1|2\n")).table.names, ["a", "b"])
        XCTAssertEqual(try DataLoader.load(path: try write("t.txt", "a\tb c\n1\t2\n")).table.names, ["a", "b c"])
        let gz = try write("g.csv.gz", try Gzip.compress(Array("a,b\n1,2\n".utf8), path: ""))
        XCTAssertEqual(try DataLoader.load(path: gz).table.rowCount, 1)
    }

    func testAFailedLoadLeavesTheExistingTable() throws {
        let session = session()
        try session.load(path: try write("t.csv", "a\n1\n"), as: "t")
        let bad = try write("bad.csv", "a\n\"open\n")
        XCTAssertThrowsError(try session.load(path: bad, as: "t"))
        XCTAssertEqual(session.catalog.table("t")?.rowCount, 1)
    }

    func testTypeOverrides() throws {
        let path = try write("codes.csv", "zip,opened,flag\n02134,2024-01-31,yes\n10001,2023-12-01,no\n")
        let session = session()
        XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(path)\" as codes types (zip: string, flag: bool)")))
        let table = try XCTUnwrap(session.catalog.table("codes"))
        XCTAssertEqual(table.columns.map(\.type), [.string, .date, .bool])
        XCTAssertEqual(table["zip"]?.value(at: 0), .string("02134"))
        XCTAssertEqual(table["flag"]?.value(at: 1), .bool(false))
        // A value that does not fit is an error naming file, line, column and value; the table stays.
        let error = session.run(SourceText(name: nil, text: "load \"\(path)\" as codes types (opened: int)"))
        XCTAssertEqual(
            error?.rendered(in: nil),
            "\(path):2:2: error: the value \"2024-01-31\" in column `opened` is not a valid int\nhint: change the type given for `opened`, or fix the value\n"
        )
        XCTAssertEqual(session.catalog.table("codes")?.columns.map(\.type), [.string, .date, .bool])
        let unknown = session.run(SourceText(name: nil, text: "load \"\(path)\" types (opend: date)"))
        XCTAssertEqual(unknown?.id, .noSuchColumnToType)
        XCTAssertEqual(unknown?.hint, "did you mean `opened`?")
    }

    /// `types (...)` finds columns the same way in every format: exactly, else ignoring case
    /// when only one column matches.
    func testTypeOverridesMatchNamesAlikeInCSVAndJSON() throws {
        let csv = try write("zips.csv", "Zip,n\n02134,1\n10001,2\n")
        let json = try write("zips.json", #"[{"Zip": 2134, "n": 1}, {"Zip": 10001, "n": 2}]"#)
        let ndjson = try write("zips.ndjson", #"{"Zip": 2134, "n": 1}"# + "\n" + #"{"Zip": 10001, "n": 2}"# + "\n")
        for path in [csv, json, ndjson] {
            let session = session()
            XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(path)\" as t types (zip: string, N: float)")), path)
            let table = try XCTUnwrap(session.catalog.table("t"), path)
            XCTAssertEqual(table.columns.map(\.type), [.string, .float], path)
            XCTAssertEqual(table["Zip"]?.value(at: 1), .string("10001"), path)
            XCTAssertEqual(table["n"]?.value(at: 0), .float(1), path)
        }
        let both = try write("both.json", #"[{"zip": 1, "ZIP": 2}]"#)
        let error = session().run(SourceText(name: nil, text: "load \"\(both)\" types (Zip: string)"))
        XCTAssertEqual(error?.id, .ambiguousColumn)
        XCTAssertEqual(error?.hint, "write the name exactly as the header has it")
    }

    func testFoldersAndGlobsLoadAsOneTable() throws {
        let months = folder + "/months"
        try FileManager.default.createDirectory(atPath: months, withIntermediateDirectories: true)
        try "day,n\n2025-01-05,1\n2025-01-06,2\n".write(toFile: months + "/2025-01.csv", atomically: true, encoding: .utf8)
        try "n,day\n3.5,2025-02-01\n".write(toFile: months + "/2025-02.csv", atomically: true, encoding: .utf8)
        try "day,n\n2024-12-31,9\n".write(toFile: months + "/2024-12.csv", atomically: true, encoding: .utf8)
        let session = session()
        XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(months)/2025-*.csv\" as events")))
        let events = try XCTUnwrap(session.catalog.table("events"))
        XCTAssertEqual(events.names, ["day", "n"])
        XCTAssertEqual(events.columns.map(\.type), [.date, .float], "int and float files give float")
        XCTAssertEqual(events.rowCount, 3)
        XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(months)\" as all_months")))
        XCTAssertEqual(session.catalog.table("all_months")?.rowCount, 4)
        try "day,count\n2025-03-01,1\n".write(toFile: months + "/2025-03.csv", atomically: true, encoding: .utf8)
        let error = session.run(SourceText(name: nil, text: "load \"\(months)/2025-*.csv\" as events"))
        XCTAssertEqual(
            error?.rendered(in: nil),
            "\(months)/2025-03.csv: error: its columns differ from \(months)/2025-01.csv's: it lacks `n` and has `count`\n"
                + "hint: files load as one table only when their columns have the same names\n")
        XCTAssertEqual(session.catalog.table("events")?.rowCount, 3, "the table loaded before is untouched")
    }

    // MARK: Bad files: one clear error each, naming the file and line; the existing table survives.

    /// Loads `path` as table `t` over an existing `t`; returns the rendered error.
    func failure(_ path: String) throws -> String {
        let session = session()
        try session.load(path: try write("good.csv", "a\n1\n"), as: "t")
        errors = ""
        let error = session.run(SourceText(name: nil, text: "load \"\(path)\" as t"))
        XCTAssertNotNil(error, path)
        XCTAssertEqual(session.catalog.table("t")?.rowCount, 1, "the existing table survives")
        XCTAssertEqual(session.catalog.table("t")?.names, ["a"])
        return error?.rendered(in: nil) ?? ""
    }

    func testBadFiles() throws {
        XCTAssertEqual(
            try failure(folder + "/missing.csv"),
            "\(folder)/missing.csv: error: no such file or folder\nhint: check the path; it is relative to the working directory\n"
        )
        let empty = folder + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        XCTAssertEqual(
            try failure(empty),
            "\(empty): error: no data files here (.csv, .tsv, .tab, .json, .ndjson, .jsonl, .txt, or those .gz or .zst)\n")
        let quote = try write("quote.csv", "a,b\n1,2\n3,\"open\n4,5\n")
        XCTAssertEqual(
            try failure(quote),
            "\(quote):3: error: a quoted field starts here but its closing quote is missing\nhint: a quote inside a quoted field is written twice: \"\"\n"
        )
        let fields = try write("fields.csv", "a,b\n1,2\n3,4,5\n")
        XCTAssertEqual(
            try failure(fields),
            "\(fields):3: error: this row has 3 fields, but the header has 2\nhint: a field containing the delimiter must be quoted\n"
        )
        let utf8 = try write("latin1.csv", Array("name\nJos".utf8) + [0xE9] + Array("\n".utf8))
        XCTAssertEqual(
            try failure(utf8),
            "\(utf8):2: error: the file is not valid UTF-8 (byte offset 8)\nhint: convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8\n"
        )
        let syntax = try write("bad.json", "[\n  {\"a\": 1},\n  {\"a\": 2,}\n]\n")
        XCTAssertEqual(
            try failure(syntax), "\(syntax):3:11: error: this is not valid JSON: expected a key in double quotes, found `}`\n")
        let notObject = try write("numbers.json", "[\n  {\"a\": 1},\n  42\n]\n")
        XCTAssertEqual(
            try failure(notObject),
            "\(notObject):3: error: each row must be a JSON object, but this value is not: 42\nhint: a JSON data file is an array of objects, [{\"a\": 1}, ...], or one object per line\n"
        )
        let nothing = try write("nothing.csv", "")
        XCTAssertEqual(try failure(nothing), "\(nothing): error: the file is empty: it has no header row\n")
    }

    func testDuplicateHeadersGetANote() throws {
        let path = try write("dup.csv", "a,b,a\n1,2,3\n")
        let session = session()
        XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(path)\" as dup")))
        XCTAssertEqual(session.catalog.table("dup")?.names, ["a", "b", "a_2"])
        XCTAssertEqual(errors, "note: \(path): the header `a` appears more than once; column 3 is named `a_2`\n")
    }

    func testAHeaderWithNoRowsIsAnEmptyTable() throws {
        let session = session()
        XCTAssertNil(session.run(SourceText(name: nil, text: "load \"\(try write("h.csv", "a,b\n"))\" as h")))
        XCTAssertEqual(session.catalog.table("h")?.rowCount, 0)
        XCTAssertEqual(session.catalog.table("h")?.names, ["a", "b"])
    }

    func testLoadSaysWhatItLoadedAtThePrompt() throws {
        let session = session()
        session.interactive = true
        try session.load(path: try write("x.csv", "a,b,c d\n1,x,2024-01-01\n"), as: "x")
        XCTAssertEqual(errors, "x: 1 row, 3 columns (a int, b string, `c d` date)\n")
    }
}

extension Value {
    /// The timestamp's text, for tests.
    func map(_ format: (Int64) -> String) -> String? {
        if case .timestamp(let t) = self { return format(t) }
        return nil
    }
}
