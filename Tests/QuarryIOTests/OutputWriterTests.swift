import Foundation
import QuarryBase
import QuarryEngine
import QuarryTestSupport
import XCTest

@testable import QuarryIO

/// The streaming writer against the reference renderers it replaced: for random tables of every
/// column type (nulls, non-finite floats, strings needing quotes or escapes), every format must
/// give the same bytes, at row counts around the batch size too.
final class OutputWriterTests: XCTestCase {
    /// A seeded generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Strings that need care in some format.
    static let awkward = [
        "", " ", "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "crlf\r\nend", "tab\there", "pipe|bar",
        "back\\slash", "\u{1}\u{1F}ctl", "\u{7F}del", "é, ü", "東京", "日本語の会社", "👩‍💻 dev", "e\u{301}", ",\u{301}",
        "\"\u{301}quote", "|\u{301}", "\n\u{301}", "\"", ",", "\n", "null", "-", "1,000", "\u{200B}zero width",
    ]

    func randomString(_ rng: inout SplitMix) -> String {
        if Int.random(in: 0..<3, using: &rng) > 0 { return Self.awkward.randomElement(using: &rng)! }
        let scalars = (0..<Int.random(in: 0..<12, using: &rng)).map { _ -> Character in
            let pick = Int.random(in: 0..<10, using: &rng)
            let value: UInt32 =
                pick < 5
                ? UInt32.random(in: 0...0x7F, using: &rng)
                : pick < 8 ? UInt32.random(in: 0x80...0x7FF, using: &rng) : UInt32.random(in: 0x3040...0x9FFF, using: &rng)
            return Character(Unicode.Scalar(value) ?? "?")
        }
        return String(scalars)
    }

    func randomFloat(_ rng: inout SplitMix) -> Double {
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: .nan
        case 1: .infinity
        case 2: -.infinity
        case 3: -0.0
        case 4: Double(Int.random(in: -100_000...100_000, using: &rng))
        case 5: Double(bitPattern: rng.next())
        case 6: .leastNonzeroMagnitude
        case 7: Double.random(in: -1e20...1e20, using: &rng)
        default: Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 100
        }
    }

    /// A column of `rows` values of `type`, about `nullShare` of them null.
    func randomColumn(_ type: DataType, rows: Int, nullShare: Double, _ rng: inout SplitMix) -> Column {
        let values = (0..<rows).map { _ -> Value in
            if Double.random(in: 0..<1, using: &rng) < nullShare { return .null }
            switch type {
            case .int:
                let special: [Int64] = [.min, .max, 0, -1, 9_999, 10_000, -10_000]
                return .int(
                    Bool.random(using: &rng)
                        ? special.randomElement(using: &rng)! : Int64.random(in: -5_000_000...5_000_000, using: &rng))
            case .float:
                let x = randomFloat(&rng)
                return x.isNaN && Bool.random(using: &rng) ? .null : .float(x)
            case .bool: return .bool(Bool.random(using: &rng))
            case .date: return .date(Int32(Int64.random(in: CivilDate.firstDay...CivilDate.lastDay, using: &rng)))
            case .timestamp:
                var t = Int64.random(in: Timestamp.range, using: &rng)
                if Bool.random(using: &rng) { t -= t % 1_000_000 }
                return .timestamp(t)
            default: return .string(randomString(&rng))
            }
        }
        return Column.from(values, type: type)
    }

    static let types: [DataType] = [.int, .float, .bool, .date, .timestamp, .string]

    func randomTable(rows: Int, seed: UInt64, nullShare: Double = 0.1) -> Table {
        var rng = SplitMix(state: seed)
        let columns = Self.types.map { randomColumn($0, rows: rows, nullShare: nullShare, &rng) }
        let names = ["n", "x, y", "say \"z\"", "d|e", "t\tab", "名前"]
        return Table(names: names, columns: columns)
    }

    func assertSameOutput(
        _ table: Table, style: TableStyle = TableStyle(), _ label: String, formats: [OutputFormat] = OutputFormat.allCases,
        line: UInt = #line
    ) {
        for format in formats {
            let expected = ReferenceRenderers.render(table, format, style: style)
            let actual = format.render(table, style: style)
            guard actual != expected else { continue }
            let a = Array(actual.utf8)
            let e = Array(expected.utf8)
            let at = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            let context = { (bytes: [UInt8]) in
                String(decoding: bytes[max(0, at - 40)..<min(bytes.count, at + 40)], as: UTF8.self)
            }
            XCTFail("\(label), \(format): differs at byte \(at):\n got: \(context(a))\nwant: \(context(e))", line: line)
        }
    }

    func testRandomTablesInEveryFormat() {
        for seed in 1...40 as ClosedRange<UInt64> {
            let rows = Int(seed % 7) * 5 + Int(seed % 3)
            assertSameOutput(randomTable(rows: rows, seed: seed, nullShare: Double(seed % 4) / 4), "seed \(seed)")
        }
    }

    /// A delimiter followed by a combining mark is one character, but a reader splits at the
    /// byte: the field is quoted, and reads back whole.
    func testADelimiterBeforeACombiningMarkIsQuoted() throws {
        let values = [",\u{301}x", "a\t\u{301}", "\"\u{301}", "plain"]
        let table = Table(
            names: ["s", "n"],
            columns: [Column(.string(codes: [0, 1, 2, 3], dictionary: StringDictionary(values))), Column(.int([1, 2, 3, 4]))])
        XCTAssertEqual(OutputFormat.csv.render(table), "s,n\n\",\u{301}x\",1\na\t\u{301},2\n\"\"\"\u{301}\",3\nplain,4\n")
        XCTAssertEqual(OutputFormat.tsv.render(table), "s\tn\n,\u{301}x\t1\n\"a\t\u{301}\"\t2\n\"\"\"\u{301}\"\t3\nplain\t4\n")
        for format in [OutputFormat.csv, .tsv] {
            let text = Array(format.render(table).utf8)
            let loaded = try text.withUnsafeBufferPointer {
                try DataLoader.parse($0, path: "t.\(format.rawValue)").table
            }
            XCTAssertEqual((0..<4).map { loaded.columns[0].value(at: $0) }, values.map { .string($0) }, "\(format)")
            XCTAssertEqual(loaded.columns[1].value(at: 3), .int(4), "\(format)")
        }
    }

    func testRowCountsAroundTheBatchSize() {
        let batch = OutputBatches.batchRows
        let text: [OutputFormat] = [.csv, .tsv, .json, .ndjson, .markdown]
        for (i, rows) in [batch - 1, batch, batch + 1, 2 * batch + 7].enumerated() {
            var rng = SplitMix(state: 100 + UInt64(i))
            let table = Table(
                names: ["f", "t", "s"],
                columns: [.float, .timestamp, .string].map { randomColumn($0, rows: rows, nullShare: 0.1, &rng) })
            assertSameOutput(table, "\(rows) rows", formats: text)
        }
    }

    /// The drawn table's rows go through the same batches.
    func testDrawnTableAcrossBatches() {
        var rng = SplitMix(state: 5)
        let rows = OutputBatches.batchRows + 1
        let table = Table(
            names: ["n", "s"], columns: [.int, .string].map { randomColumn($0, rows: rows, nullShare: 0.1, &rng) })
        assertSameOutput(table, "\(rows) rows", formats: [.table])
    }

    /// More batches than a window holds, so windows follow one another in order.
    func testManyBatches() {
        var rng = SplitMix(state: 7)
        let rows = 5 * OutputBatches.batchRows + 123
        let table = Table(
            names: ["id", "name"],
            columns: [
                randomColumn(.int, rows: rows, nullShare: 0.05, &rng), randomColumn(.string, rows: rows, nullShare: 0.05, &rng),
            ])
        assertSameOutput(table, "\(rows) rows", formats: [.csv, .json, .ndjson])
    }

    func testNoRowsAndNullColumns() {
        let empty = Table(names: Self.types.map(\.name), columns: Self.types.map { Column.nulls($0, count: 0) })
        assertSameOutput(empty, "no rows")
        for type in Self.types {
            assertSameOutput(Table(names: ["v"], columns: [Column.nulls(type, count: 5)]), "one null \(type.name) column")
            assertSameOutput(Table(names: ["v"], columns: [Column.nulls(type, count: 0)]), "no \(type.name) rows")
        }
        assertSameOutput(randomTable(rows: 50, seed: 9, nullShare: 1), "all null")
        var rng = SplitMix(state: 3)
        let one = randomColumn(.string, rows: 40, nullShare: 0.3, &rng)
        assertSameOutput(Table(names: ["only"], columns: [one]), "one string column with nulls")
    }

    /// A column whose dictionary is larger than its rows (as a filter leaves it) escapes per row.
    func testDictionaryLargerThanTheRows() {
        let dictionary = StringDictionary(Self.awkward)
        let codes: [Int32] = [4, 5, 0, 7, 9]
        let column = Column(.string(codes: codes, dictionary: dictionary), validity: Bitmap([true, true, true, false, true]))
        assertSameOutput(Table(names: ["s"], columns: [column]), "large dictionary")
        assertSameOutput(Table(names: ["s", "t"], columns: [column, column]), "large dictionary, two columns")
    }

    /// Dates spanning fewer days than rows are written from a table of each day's text.
    func testClusteredDates() {
        var rng = SplitMix(state: 11)
        let values = (0..<5_000).map { _ -> Value in
            Int.random(in: 0..<10, using: &rng) == 0 ? .null : .date(Int32.random(in: 18_262...20_818, using: &rng))
        }
        let edges: [Value] = [.date(Int32(CivilDate.firstDay)), .date(Int32(CivilDate.firstDay + 1)), .null]
        assertSameOutput(Table(names: ["d"], columns: [Column.from(values, type: .date)]), "clustered dates")
        assertSameOutput(Table(names: ["d"], columns: [Column.from(edges, type: .date)]), "the first days")
    }

    /// A table wider than `TextWriter.nestingLimit` columns reads the arrays directly.
    func testVeryWideTable() {
        var rng = SplitMix(state: 13)
        let count = TextWriter.nestingLimit + 20
        let columns = (0..<count).map { randomColumn(Self.types[$0 % Self.types.count], rows: 12, nullShare: 0.2, &rng) }
        let table = Table(names: (0..<count).map { "c\($0)" }, columns: columns)
        assertSameOutput(table, "\(count) columns", formats: [.csv, .tsv, .json, .ndjson, .markdown])
    }

    func testDrawnTableStyles() {
        let table = randomTable(rows: 30, seed: 77)
        assertSameOutput(table, style: TableStyle(maxWidth: 60, maxRows: 10, color: true), "narrow, few rows, colour")
        assertSameOutput(table, style: TableStyle(maxWidth: 20, maxRows: 1), "very narrow, one row")
        assertSameOutput(table, style: TableStyle(maxWidth: nil, maxRows: 0), "no rows shown")
        assertSameOutput(table, style: TableStyle(maxWidth: 200, maxRows: 29), "one row left out")
    }

    /// The digit loops against the formatters they stand in for, on values at the edges.
    func testDigitFormattingMatchesTheFormatters() {
        let out = ByteBuffer(capacity: 16)
        func text(_ body: (ByteBuffer) -> Void) -> String {
            out.count = 0
            body(out)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        for x: Int64 in [.min, .max, 0, -1, 1, 9, 10, -10, 1_000_000] { XCTAssertEqual(text { $0.append(int: x) }, String(x)) }
        for days in [CivilDate.firstDay, CivilDate.lastDay, 0, -1, 59, 60, 11_016] {
            XCTAssertEqual(text { $0.append(date: Int32(days)) }, CivilDate.format(Int32(days)))
        }
        for micros in [Timestamp.range.lowerBound, Timestamp.range.upperBound, 0, -1, 120, 1_000_001, 86_399_999_999] {
            XCTAssertEqual(text { $0.append(timestamp: micros) }, Timestamp.format(micros))
        }
        for x in [
            Double.nan, .infinity, -.infinity, -0.0, 0.1, 1e16, 123_456.789, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ] {
            XCTAssertEqual(text { $0.append(float: x) }, ValueFormatter.float(x))
        }
    }

    /// Compressed saves stream through the compressors: over many windows of batches, the file
    /// decompressed is the plain save, byte for byte.
    func testCompressedSavesHoldThePlainText() throws {
        let folder = try TestPaths.temporaryFolder("compressed-saves")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = randomTable(rows: 9 * OutputBatches.batchRows + 5, seed: 77)
        for format in ["csv", "ndjson"] {
            try FormatRegistry.save(table, to: "\(folder)/t.\(format)")
            let plain = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(folder)/t.\(format)")))
            for codec in FormatRegistry.codecs {
                let path = "\(folder)/t.\(format).\(codec.fileExtension)"
                try FormatRegistry.save(table, to: path)
                let packed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                XCTAssertLessThan(packed.count, plain.count / 2, path)
                let unpacked = try packed.withUnsafeBufferPointer { buffer throws(Diagnostic) in
                    try codec.decompress(buffer, path, MemoryBudget())
                }
                XCTAssertTrue(unpacked == plain, "\(path): \(unpacked.count) bytes against \(plain.count)")
            }
        }
    }
}
