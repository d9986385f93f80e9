import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// Compressed NDJSON is loaded a window at a time; the table and every error must be what the
/// in-memory loader makes of the same text, wherever the windows end.
final class JSONStreamLoaderTests: XCTestCase {
    func streamed(_ text: [UInt8], zstd: Bool = false, capacity: Int, options: LoadOptions = LoadOptions()) throws
        -> DataLoader.Loaded?
    {
        let path = zstd ? "t.ndjson.zst" : "t.ndjson.gz"
        let codec = zstd ? Zstd.codec : Gzip.codec
        let packed = zstd ? try Zstd.compress(text, path: path) : try Gzip.compress(text, path: path)
        return try packed.withUnsafeBufferPointer { bytes in
            let open = { PrefetchedStream(codec.open(bytes, path, .none), pieceBytes: 5, slots: 2) }
            let window = try TextWindow(open(), capacity: capacity, memory: MemoryBudget(), path: path)
            try window.fill()
            return try JSONStreamLoader.load(first: window, reopen: open, codec: codec.name, path: path, options: options)
        }
    }

    func inMemory(_ text: [UInt8], options: LoadOptions = LoadOptions()) -> Result<Table, Diagnostic> {
        text.withUnsafeBufferPointer { b in
            do throws(Diagnostic) {
                return .success(try DataLoader.parse(b, path: "t.ndjson.gz", options: options).table)
            } catch {
                return .failure(error)
            }
        }
    }

    func rows(_ table: Table) -> [[Value]] {
        (0..<table.rowCount).map { r in table.columns.map { $0.value(at: r) } }
    }

    /// Records of every kind: escapes, text past ASCII, nested values, missing and reordered
    /// keys, a key that first appears late, and a column that turns to text on its last row.
    func document(rows: Int) -> [UInt8] {
        var text = ""
        var x: UInt64 = 12345
        for i in 0..<rows {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(x >> 33)
            var members = [
                #""id":\#(i)"#, #""name":"\#(["Acme", "Zürich \\\"AG\\\"", "東京", "a\\nb", "{,}"][r % 5])""#,
                #""day":"2024-0\#(r % 9 + 1)-1\#(r % 9)""#, #""amount":\#(r % 7 == 0 ? "null" : "\(r % 1000).5")"#,
                #""late":\#(i == rows - 1 ? "\"text\"" : "\(r % 10)")"#,
            ]
            if r % 4 == 0 { members.append(#""nested":{"k":[1,2,{"z":"\#(r % 3)"}]}"#) }
            if i > rows / 2, r % 5 == 0 { members.append(#""extra":true"#) }
            if r % 3 == 0 { members.reverse() }
            text += "{" + members.joined(separator: ",") + "}" + (r % 11 == 0 ? "\r\n\n" : "\n")
        }
        return Array(text.utf8)
    }

    func testWindowsOfEverySizeMakeTheInMemoryTable() throws {
        let text = document(rows: 3000)
        let expected = try inMemory(text).get()
        for capacity in [1, 7, 100, 4096, 1 << 20] {
            for zstd in [false, true] {
                let table = try XCTUnwrap(streamed(text, zstd: zstd, capacity: capacity)).table
                XCTAssertEqual(table.names, expected.names, "windows of \(capacity)")
                XCTAssertEqual(table.columns.map(\.type), expected.columns.map(\.type), "windows of \(capacity)")
                XCTAssertEqual(rows(table), rows(expected), "windows of \(capacity)")
            }
        }
        // Big windows, read on both cores.
        let big = document(rows: 40_000)
        let table = try XCTUnwrap(streamed(big, capacity: 1 << 20)).table
        XCTAssertGreaterThan(big.count, 2 << 20)
        XCTAssertEqual(rows(table), rows(try inMemory(big).get()))
    }

    func testErrorsAreTheInMemoryErrors() throws {
        let good = document(rows: 2000)
        var notUTF8 = good
        notUTF8.insert(0xFF, at: notUTF8.count - 30)
        let cases: [(text: [UInt8], types: [String: DataType])] = [
            (good + Array("{\"id\":1,}\n".utf8), [:]),
            (good + Array("[1]\n".utf8), [:]),
            (Array("{\"id\":1,}\n".utf8) + notUTF8, [:]),
            (good + Array("{\"id\":\"x\"}\n{\"amount\":\"y\"}\n".utf8), ["id": .int, "amount": .float]),
        ]
        for (k, (text, types)) in cases.enumerated() {
            let options = LoadOptions(types: types)
            guard case .failure(let expected) = inMemory(text, options: options) else {
                XCTFail("case \(k) loads in memory")
                continue
            }
            for capacity in [16, 4096] {
                XCTAssertThrowsError(try streamed(text, capacity: capacity, options: options), "case \(k)") { error in
                    XCTAssertEqual(error as? Diagnostic, expected, "case \(k), windows of \(capacity)")
                }
            }
        }
    }

    /// An object over several lines cannot be cut at a line end: the in-memory loader reads it.
    func testObjectsOverSeveralLinesAreLeftToTheInMemoryLoader() throws {
        let text = Array("{\"a\":1}\n{\n  \"a\": 2\n}\n".utf8)
        XCTAssertNil(try streamed(text, capacity: 12))
        let packed = try Gzip.compress(text, path: "t.ndjson.gz")
        let table = try packed.withUnsafeBufferPointer { try DataLoader.load(bytes: $0, path: "t.ndjson.gz").table }
        XCTAssertEqual(rows(table), [[.int(1)], [.int(2)]])
    }
}
