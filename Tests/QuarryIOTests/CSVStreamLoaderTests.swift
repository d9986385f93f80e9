import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// Compressed delimited text is loaded a window at a time; the table and every error must be
/// what the in-memory loader makes of the same text, wherever the windows happen to end.
final class CSVStreamLoaderTests: XCTestCase {
    /// Loads `text` as `path` (compressed with the codec its name says) through windows that
    /// start at `capacity` bytes and a prefetcher with pieces of `piece` bytes.
    func streamed(_ text: [UInt8], path: String, capacity: Int, piece: Int = 7, options: LoadOptions = LoadOptions())
        throws -> DataLoader.Loaded?
    {
        let codec = path.hasSuffix(".zst") ? Zstd.codec : Gzip.codec
        let packed = path.hasSuffix(".zst") ? try Zstd.compress(text, path: path) : try Gzip.compress(text, path: path)
        return try packed.withUnsafeBufferPointer { bytes in
            let open = { PrefetchedStream(codec.open(bytes, path, .none), pieceBytes: piece, slots: 2) }
            let window = try TextWindow(open(), capacity: capacity, memory: MemoryBudget(), path: path)
            try window.fill()
            let delimiter: UInt8? = path.contains(".tsv") ? 9 : nil
            return try CSVStreamLoader.load(
                first: window, reopen: open, codec: codec.name, path: path, delimiter: delimiter, options: options)
        }
    }

    func inMemory(_ text: [UInt8], path: String, options: LoadOptions = LoadOptions()) throws -> DataLoader.Loaded {
        try text.withUnsafeBufferPointer { try DataLoader.parse($0, path: path, options: options) }
    }

    func assertSame(_ a: Table, _ b: Table, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.names, b.names, context, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, context, file: file, line: line)
        XCTAssertEqual(a.columns.map(\.type), b.columns.map(\.type), context, file: file, line: line)
        guard a.names == b.names, a.rowCount == b.rowCount else { return }
        for c in a.columns.indices {
            for row in 0..<a.rowCount where a.columns[c].value(at: row) != b.columns[c].value(at: row) {
                XCTFail("\(context): row \(row), column \(c)", file: file, line: line)
                return
            }
        }
    }

    /// Rows of every kind the loader reads: quoted fields holding delimiters, quotes and line
    /// ends, CRLF and blank lines, text past ASCII, nulls, and columns whose type is decided by
    /// a value far down the file.
    func sampleText(rows: Int, seed: Int) -> [UInt8] {
        var text = "id,name,amount,day,note,late\r\n"
        var x = UInt64(seed) &+ 0x9E37_79B9
        for i in 0..<rows {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(x >> 33)
            let name = ["Acme", "\"Big, Co\"", "Zürich AG", "\"two\nlines\"", "東京", "", "\"say \"\"hi\"\"\""][r % 7]
            let amount = r % 11 == 0 ? "" : "\(r % 1000).\(r % 10)"
            let day = "2024-\(String(format: "%02d", r % 12 + 1))-\(String(format: "%02d", r % 28 + 1))"
            let note = r % 5 == 0 ? "\"a\nb\nc\"" : "n\(r % 50)"
            // The last column is whole numbers until the last row, which makes it text.
            let late = i == rows - 1 ? "late" : "\(r % 100)"
            text += "\(i),\(name),\(amount),\(day),\(note),\(late)" + (r % 3 == 0 ? "\r\n" : "\n")
            if r % 97 == 0 { text += "\n" }
        }
        return Array(text.utf8)
    }

    func testWindowsOfEverySizeMakeTheInMemoryTable() throws {
        let text = sampleText(rows: 3000, seed: 1)
        let expected = try inMemory(text, path: "t.csv").table
        for capacity in [1, 5, 64, 1000, 4096, 1 << 20] {
            for path in ["t.csv.gz", "t.csv.zst"] {
                let loaded = try XCTUnwrap(streamed(text, path: path, capacity: capacity))
                assertSame(loaded.table, expected, "\(path), windows of \(capacity)")
            }
        }
    }

    /// Windows big enough that each is read on both cores, and many of them.
    func testBigWindowsOnBothCores() throws {
        let text = sampleText(rows: 150_000, seed: 2)
        XCTAssertGreaterThan(text.count, 5 << 20)
        let expected = try inMemory(text, path: "t.csv").table
        for capacity in [1 << 20, 3 << 20] {
            let loaded = try XCTUnwrap(streamed(text, path: "t.csv.gz", capacity: capacity, piece: 1 << 16))
            assertSame(loaded.table, expected, "windows of \(capacity)")
        }
    }

    func testTypesNotesAndDelimiters() throws {
        let text = Array("a,a,b\n1,x,2024-01-02\n2,y,2024-02-03\n".utf8)
        let options = LoadOptions(types: ["b": .string])
        let loaded = try XCTUnwrap(streamed(text, path: "t.csv.gz", capacity: 8, options: options))
        let expected = try inMemory(text, path: "t.csv.gz", options: options)
        assertSame(loaded.table, expected.table, "typed")
        XCTAssertEqual(loaded.notes, expected.notes)
        let tabs = Array("a\tb\n1\tx,y\n".utf8)
        assertSame(
            try XCTUnwrap(streamed(tabs, path: "t.tsv.gz", capacity: 3)).table, try inMemory(tabs, path: "t.tsv").table,
            "tabs")
        // A header with no rows, and a header too long for the first window.
        let header = Array(("h" + String(repeating: "x", count: 300) + ",k\n").utf8)
        assertSame(
            try XCTUnwrap(streamed(header, path: "t.csv.gz", capacity: 16)).table, try inMemory(header, path: "t.csv").table,
            "header")
        // Old Mac line ends are left to the in-memory loader.
        XCTAssertNil(try streamed(Array("a,b\r1,2\r".utf8), path: "t.csv.gz", capacity: 64))
    }

    /// Errors name the same line (and byte offset) as in memory, in a window far from the first.
    func testErrorsAreTheInMemoryErrors() throws {
        let good = sampleText(rows: 2000, seed: 3)
        var cases: [[UInt8]] = [
            good + Array("1,2,3\n1,2,3,4,5,6,7\n".utf8),
            good + Array("1,\"never closed\n2,3\n".utf8),
            good + Array("1,\"x\"y,3\n".utf8),
            Array("a,b\n1,2\n".utf8) + good,
        ]
        var bad = good
        bad.insert(0xFF, at: bad.count - 100)
        cases.append(bad + Array("1,2,3,4,5,6,7,8\n".utf8))
        var badHeader = good
        badHeader.insert(0xC3, at: 2)
        cases.append(badHeader)
        for (k, text) in cases.enumerated() {
            var expected: Diagnostic?
            do { _ = try inMemory(text, path: "t.csv.gz") } catch { expected = error as? Diagnostic }
            XCTAssertNotNil(expected, "case \(k)")
            for capacity in [10, 4096] {
                XCTAssertThrowsError(try streamed(text, path: "t.csv.gz", capacity: capacity), "case \(k)") { error in
                    XCTAssertEqual(error as? Diagnostic, expected, "case \(k), windows of \(capacity)")
                }
            }
        }
        // A value that does not fit the type asked for, late in the file.
        let typed = LoadOptions(types: ["id": .int])
        let late = good + Array("oops,a,1,2024-01-01,n,1\n".utf8)
        var expected: Diagnostic?
        do { _ = try inMemory(late, path: "t.csv.gz", options: typed) } catch { expected = error as? Diagnostic }
        XCTAssertThrowsError(try streamed(late, path: "t.csv.gz", capacity: 512, options: typed)) { error in
            XCTAssertEqual(error as? Diagnostic, expected)
        }
    }
}
