import Foundation
import QuarryTestSupport
import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// The CSV loader's fast paths against the plain ones: fields found a word at a time, string
/// codes looked up in batches, and UTF-8 checked field by field in the first pass.
final class CSVFastPathTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("csv-fast") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func load(_ bytes: [UInt8]) throws -> Table {
        let path = folder + "/t.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try DataLoader.load(path: path).table
    }

    func loadError(_ bytes: [UInt8]) throws -> Diagnostic? {
        do {
            _ = try load(bytes)
            return nil
        } catch let error as Diagnostic {
            return error
        }
    }

    /// Fields of every length from 0 to 20, so a delimiter or line end falls at every offset of
    /// a word, and the last field of the file ends at every distance from the end.
    func testFieldsEndAtEveryOffsetOfAWord() throws {
        let letters = Array("abcdefghijklmnopqrstu".utf8)
        for tail in 0...9 {
            var text = Array("a,b,c\n".utf8)
            var expected: [[String?]] = []
            for row in 0..<63 {
                let lengths = [row % 21, (row * 7 + 3) % 21, (row * 5 + 11) % 21]
                let fields = lengths.map { Array(letters[0..<$0]) }
                text += fields[0] + [0x2C] + fields[1] + [0x2C] + fields[2] + [0x0A]
                expected.append(fields.map { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) })
            }
            // A last row without a line end, `tail` bytes long in its last field.
            text += Array("x,y,".utf8) + Array(letters[0..<tail])
            expected.append(["x", "y", tail == 0 ? nil : String(decoding: letters[0..<tail], as: UTF8.self)])
            let table = try load(text)
            XCTAssertEqual(table.rowCount, expected.count)
            for (row, values) in expected.enumerated() {
                for (c, value) in values.enumerated() {
                    let got = table.columns[c].value(at: row)
                    XCTAssertEqual(got, value.map { Value.string($0) } ?? .null, "tail \(tail), row \(row), column \(c)")
                }
            }
        }
    }

    /// Batched lookups give every field the code `code(for:)` gives it one at a time: repeats,
    /// empty fields, values new within a batch, dictionaries that grow mid-batch, long values.
    func testBatchedLookupsGiveTheCodesOfOneAtATime() {
        var rng = SystemRandomNumberGenerator()
        for distinct in [1, 30, 2_000, 40_000] {
            let pool = (0..<distinct).map { i -> [UInt8] in
                let length = Int.random(in: 1...40, using: &rng)
                return Array(String("v\(i)-" + String(repeating: "x", count: length)).utf8)
            }
            var text: [UInt8] = []
            var ranges: [ByteRange] = []
            for _ in 0..<100_000 {
                let value = Int.random(in: 0..<20, using: &rng) == 0 ? [] : pool.randomElement(using: &rng)!
                ranges.append(ByteRange(start: text.count, end: text.count + value.count))
                text += value
            }
            var single = ByteDictionaryBuilder()
            var batched = ByteDictionaryBuilder()
            var expected: [Int32] = []
            var got = [Int32](repeating: -2, count: ranges.count)
            text.withUnsafeBufferPointer { bytes in
                expected = ranges.map { single.code(for: bytes, $0.start, $0.end) }
                ranges.withUnsafeBufferPointer { all in
                    got.withUnsafeMutableBufferPointer { out in
                        var at = 0
                        while at < all.count {
                            let count = min(Int.random(in: 1...128, using: &rng), all.count - at)
                            batched.codes(
                                for: bytes, UnsafeBufferPointer(rebasing: all[at..<at + count]), into: out.baseAddress! + at)
                            at += count
                        }
                    }
                }
            }
            XCTAssertEqual(got, expected, "\(distinct) distinct values")
            XCTAssertEqual(batched.build().values, single.build().values, "\(distinct) distinct values")
        }
    }

    /// A file over 1 MiB, read in two halves, with characters past ASCII in many fields.
    func bigText(badAt badRow: Int? = nil) -> (text: [UInt8], badOffset: Int) {
        var text = Array("name,city,n\n".utf8)
        var badOffset = -1
        for row in 0..<40_000 {
            if row == badRow {
                badOffset = text.count + 3
                text += Array("abc".utf8) + [0xC3, 0x28] + Array(",x,1\n".utf8)
            } else {
                text += Array("naïve \(row),日本 \(row % 97),\(row)\n".utf8)
            }
        }
        return (text, badOffset)
    }

    func testFieldsPastASCIILoadAndABadOneIsNamedAsTheWholeCheckNamesIt() throws {
        let table = try load(bigText().text)
        XCTAssertEqual(table.rowCount, 40_000)
        XCTAssertEqual(table.columns[1].value(at: 100), .string("日本 3"))
        for badRow in [7, 25_000, 39_999] {
            let (text, offset) = bigText(badAt: badRow)
            let expected = text.withUnsafeBufferPointer { buffer -> Diagnostic? in
                do throws(Diagnostic) {
                    try UTF8Check.validate(buffer, path: folder + "/t.csv")
                    return nil
                } catch { return error }
            }
            let error = try loadError(text)
            XCTAssertEqual(error?.id, .invalidUTF8, "row \(badRow)")
            XCTAssertEqual(error?.line, badRow + 2)
            XCTAssertEqual(error?.message, expected?.message)
            XCTAssertTrue(error?.message.contains("byte offset \(offset))") ?? false, error?.message ?? "")
        }
    }

    /// A file that is not UTF-8 says so before any other fault, wherever each lies.
    func testBadUTF8IsNamedBeforeAnEarlierRowFault() throws {
        var text = Array("a,b\n1,2\n3,4,5\n".utf8)
        for row in 0..<50 { text += Array("\(row),x\n".utf8) }
        text += [0x37, 0x2C, 0xFF, 0x0A]
        let error = try loadError(text)
        XCTAssertEqual(error?.id, .invalidUTF8)
        XCTAssertEqual(error?.line, 54)
        // In the header too, and in a file with a bad header.
        XCTAssertEqual(try loadError([0x61, 0xC3, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0x32, 0x0A])?.id, .invalidUTF8)
        XCTAssertEqual(try loadError(Array("a,b\"c\n1,2\n".utf8) + [0xFF, 0x0A])?.id, .invalidUTF8)
    }

    /// The word-wise ISO date reader against the byte-wise one: every byte of a few dates replaced
    /// by every value, and every year, month 0-19 and day 0-39 written out.
    func testISODatesReadWordWiseAsByteWise() {
        func check(_ bytes: [UInt8]) {
            let plain = CivilDate.parseISODate(bytes)
            let fast = bytes.withUnsafeBufferPointer { CSVNumbers.parseISODate($0, 0) }
            XCTAssertEqual(fast, plain, String(decoding: bytes, as: UTF8.self))
        }
        for base in ["2024-02-29", "2023-02-29", "1970-01-01", "9999-12-31", "0001-01-01"] {
            for position in 0..<10 {
                for value in 0...255 {
                    var bytes = Array(base.utf8)
                    bytes[position] = UInt8(value)
                    check(bytes)
                }
            }
        }
        for year in stride(from: 0, through: 9999, by: 7) {
            for month in 0..<20 {
                for day in [0, 1, 28, 29, 30, 31, 32, 39] {
                    check(Array(String(format: "%04d-%02d-%02d", year, month, day).utf8))
                }
            }
        }
    }
}
