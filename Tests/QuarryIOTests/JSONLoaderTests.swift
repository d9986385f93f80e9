import XCTest

@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarryIO

/// The JSON loader read on one core, read in parts on two, and the loader it replaced give the
/// same table (names, types, every value), or the same error, for generated inputs full of the
/// hard cases: escapes, unicode, nested values, missing and reordered keys, mixed kinds, numbers
/// at the int / float / double limits, dates, timestamps, nulls, and `{` `}` `"` `,` in strings.
final class JSONLoaderTests: XCTestCase {
    enum Outcome: Equatable {
        case table(names: [String], types: [DataType], values: [[Value]])
        case error(Diagnostic)
    }

    func outcome(_ body: () throws -> Table) -> Outcome {
        do {
            let table = try body()
            return .table(
                names: table.names, types: table.columns.map(\.type),
                values: table.columns.map { c in (0..<table.rowCount).map { c.value(at: $0) } })
        } catch let error as Diagnostic {
            return .error(error)
        } catch {
            return .error(Diagnostic(.jsonSyntax, "unexpected \(error)"))
        }
    }

    /// The three readings of `text`, checked equal; returns the outcome.
    @discardableResult
    func check(
        _ text: String, lines: Bool, types: [String: DataType] = [:], _ what: String, file: StaticString = #filePath,
        line: UInt = #line
    ) -> Outcome {
        let bytes = Array(text.utf8)
        let options = LoadOptions(types: types)
        return bytes.withUnsafeBufferPointer { b in
            let reference = outcome { try ReferenceJSONLoader.parse(b, path: "t", lines: lines, options: options) }
            let serial = outcome { try JSONLoader.parse(b, path: "t", lines: lines, options: options) }
            let parallel = outcome {
                try JSONLoader.parse(b, path: "t", lines: lines, options: options, minimumParallelBytes: 0, checkpointRows: 64)
            }
            XCTAssertEqual(serial, reference, "one core, \(what)", file: file, line: line)
            XCTAssertEqual(parallel, reference, "two cores, \(what)", file: file, line: line)
            return reference
        }
    }

    var random = SplitMix64(seed: 7)

    func pick<T>(_ choices: [T]) -> T { choices[random.below(choices.count)] }

    static let strings = [
        "plain", "", "with \\\"quotes\\\"", "back\\\\slash", "\\\\\\\"", "{", "}", "},{", "\\\"},{\\\"", "[1,2]",
        "line\\nbreak", "tab\\t", "\\u00e9t\\u00E9", "\\ud83d\\ude00", "caf\u{e9} \u{65e5}\u{672c}", "a, b", ":",
        "\\/", "trailing\\\\",
    ]
    static let numbers = [
        "0", "-0", "1", "-17", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "12345678901234567890123", "1.5", "-0.25", "1e5", "2E-3", "0.1", "1e308", "123456789.123456789",
    ]
    static let hugeNumbers = ["1e400", "-2e999"]
    static let dates = ["2024-01-02", "1999-12-31", "1/2/2024", "12/31/1999"]
    static let timestamps = ["2024-01-02T03:04:05", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05.123"]
    static let nested = ["{}", "[]", "{\"a\": [1, {\"b\": \"}\"}]}", "[\"]\", null, true]", "{\"x\":{\"y\":{}}}"]

    /// A value for a key of profile `p`: mostly of the profile's kind, sometimes null.
    func value(profile p: Int) -> String {
        if random.below(8) == 0 { return "null" }
        switch p {
        case 0: return pick(["1", "-5", "42", "9223372036854775807", "0"])
        case 1: return pick(Self.numbers)
        case 2: return "\"" + pick(Self.dates) + "\""
        case 3: return "\"" + pick(Self.timestamps + Self.dates) + "\""
        case 4: return "\"" + pick(Self.strings) + "\""
        case 5: return pick(["true", "false"])
        case 6: return pick(Self.nested)
        case 7: return random.below(50) == 0 ? pick(Self.hugeNumbers) : pick(Self.numbers)
        default:
            return pick([
                pick(Self.numbers), "\"" + pick(Self.strings) + "\"", pick(Self.nested), "true", "\"" + pick(Self.dates) + "\"",
            ])
        }
    }

    static let keys = ["id", "n", "day", "at", "text", "flag", "doc", "big", "mixed", "caf\u{e9}", "a\\u0062"]

    /// One object: the keys mostly in order, some missing, some swapped, sometimes a key that
    /// first appears late.
    func object(pretty: Bool) -> String {
        var members: [String] = []
        for (k, key) in Self.keys.enumerated() where random.below(10) != 0 {
            if k == Self.keys.count - 1, random.below(20) != 0 { continue }
            members.append("\"\(key)\":\(pretty ? " " : "")\(value(profile: min(k, 8)))")
        }
        if random.below(6) == 0, members.count > 2 { members.swapAt(0, random.below(members.count)) }
        if pretty, random.below(3) == 0 { return "{\n  " + members.joined(separator: ",\n  ") + "\n}" }
        return "{" + members.joined(separator: pretty ? ", " : ",") + "}"
    }

    func document(rows: Int, lines: Bool, shape: Int) -> String {
        let objects = (0..<rows).map { _ in object(pretty: shape == 2) }
        if lines {
            switch shape {
            case 1: return objects.enumerated().map { $0 % 3 == 0 ? $1 + "\n\n" : $1 + " " }.joined()
            default: return objects.joined(separator: "\n") + "\n"
            }
        }
        switch shape {
        case 1: return "[" + objects.joined(separator: ",") + "]"
        case 2: return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        default: return "[\n\t" + objects.joined(separator: ",\n\t") + "\n]"
        }
    }

    func testGeneratedFilesLoadTheSameEveryWay() {
        for round in 0..<24 {
            let lines = round % 2 == 0
            let shape = round / 2 % 3
            let text = document(rows: 200 + random.below(600), lines: lines, shape: shape)
            check(text, lines: lines, "round \(round)")
        }
    }

    func testFilesWithOneKindPerKeyGetTypedColumns() {
        let text = (0..<500).map { i in
            "{\"i\":\(i),\"f\":\(i).5,\"d\":\"2024-01-\(10 + i % 18)\",\"b\":\(i % 2 == 0),\"s\":\"s\\\"\(i % 7)\"}"
        }.joined(separator: "\n")
        guard case .table(_, let types, _) = check(text, lines: true, "typed") else { return XCTFail("no table") }
        XCTAssertEqual(types, [.int, .float, .date, .bool, .string])
    }

    func testGivenTypesGiveTheSameValuesAndErrors() {
        for round in 0..<12 {
            let lines = round % 2 == 0
            let text = document(rows: 300, lines: lines, shape: round / 2 % 3)
            for types: [String: DataType] in [
                ["id": .float], ["n": .string], ["day": .timestamp], ["text": .int], ["flag": .string, "id": .date],
                ["mixed": .bool], ["doc": .int, "big": .float],
            ] {
                check(text, lines: lines, types: types, "round \(round), types \(types)")
            }
        }
    }

    /// Breaks `text` at `at` (a byte offset) in one of several ways.
    func broken(_ text: String, at: Int, how: Int) -> String {
        var bytes = Array(text.utf8)
        var at = min(at, bytes.count - 1)
        // Move to the start of a value or key, where the damage reads as one error.
        while at < bytes.count - 1, bytes[at] != UInt8(ascii: ":") { at += 1 }
        switch how {
        case 0: bytes.insert(contentsOf: Array(": tru".utf8), at: at)
        case 1: bytes.insert(contentsOf: Array(": 01".utf8), at: at)
        case 2: bytes.insert(contentsOf: Array(": \"a\u{1}b\"".utf8), at: at)
        case 3: bytes.insert(contentsOf: Array(": \(String(repeating: "[", count: 600))".utf8), at: at)
        case 4: bytes.remove(at: at)
        case 5: bytes.insert(contentsOf: Array(":1}, 5, {\"x\"".utf8), at: at)
        default: bytes.insert(contentsOf: Array(": \"never closed".utf8), at: at)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testBrokenFilesGiveTheSameErrorEveryWay() {
        for round in 0..<28 {
            let lines = round % 2 == 0
            let text = document(rows: 300, lines: lines, shape: round / 2 % 3)
            let count = text.utf8.count
            for place in [count / 5, count / 2 + 40, count * 4 / 5] {
                let bad = broken(text, at: place, how: round % 7)
                guard case .error = check(bad, lines: lines, "round \(round) at \(place)") else {
                    return XCTFail("no error in round \(round)")
                }
            }
            // Two errors: the first in the file is the one reported.
            let twice = broken(broken(text, at: count * 3 / 4, how: (round + 1) % 7), at: count / 4, how: round % 7)
            check(twice, lines: lines, "round \(round), two errors")
        }
    }

    func testEdgeCasesLoadTheSameEveryWay() {
        let cases: [(String, Bool)] = [
            ("[]", false), (" [ ] ", false), ("[] x", false), ("[{}]", false), ("[{\"a\":1}] {", false), ("[{\"a\":1},]", false),
            ("[1]", false), ("{\"a\":1}", false), ("\n\n", true), ("{\"a\":1}{\"a\":2}", true), ("{\"a\":1}\n[1]\n", true),
            ("{\"a\":1,\"a\":\"x\"}\n{\"a\":2}", true), ("{\"a\":\n1}\n{\"a\":\n2}", true), ("{\"a\":\"\\", true),
            ("{\"e\\u0301\":1,\"\u{e9}\":2}", true), ("{\"\":1}\n{\"\":2}", true), ("{\"a\":1e400}\n{\"a\":1}", true),
        ]
        for (text, lines) in cases { check(text, lines: lines, text) }
    }

    /// Splits guessed inside a multi-line object, or inside an array of objects nested in one,
    /// are caught and read again on one core.
    /// The loader checks UTF-8 only in strings that hold bytes past ASCII; a file that is not
    /// UTF-8 still says so first, whatever else is wrong with it, as the whole-file check did.
    func testBytesThatAreNotUTF8AreNamedFirst() throws {
        let good = Array(document(rows: 400, lines: true, shape: 0).utf8)
        let places: [(what: String, text: [UInt8])] = [
            ("a value", Array(#"{"a":"ok"}"#.utf8) + [0x0A] + Array(#"{"a":"x"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),
            ("a key", Array(#"{"a":1}"#.utf8) + [0x0A, 0x7B, 0x22, 0xFF, 0x22] + Array(":2}".utf8)),
            ("a nested value", Array(#"{"a":[1,{"b":"x"#.utf8) + [0xE2, 0x82] + Array(#""}]}"#.utf8)),
            (
                "a late string after a syntax error",
                Array(#"{"a":1,}"#.utf8) + [0x0A] + good + Array(#"{"a":""#.utf8) + [0xF5] + Array(#""}"#.utf8)
            ),
            ("a stray byte between values", Array(#"{"a":1}"#.utf8) + [0x0A, 0xC3, 0xA9, 0x0A]),
        ]
        for (what, text) in places {
            let expected: Diagnostic? = text.withUnsafeBufferPointer { b in
                do throws(Diagnostic) {
                    try UTF8Check.validate(b, path: "t", releaser: .none)
                    return nil
                } catch {
                    return error
                }
            }
            for minimum in [JSONLoader.parallelBytes, 0] {
                text.withUnsafeBufferPointer { b in
                    XCTAssertEqual(
                        outcome {
                            try JSONLoader.parse(b, path: "t", lines: true, options: LoadOptions(), minimumParallelBytes: minimum)
                        },
                        expected.map { .error($0) }
                            ?? outcome { try ReferenceJSONLoader.parse(b, path: "t", lines: true, options: LoadOptions()) },
                        what)
                }
            }
        }
    }

    func testWrongSplitGuessesFallBackToOneCore() {
        let inner = (0..<200).map { "{\"k\": \($0)}" }.joined(separator: ",\n")
        let array = "[\n{\"list\": [\n" + inner + "\n]},\n{\"list\": 1}\n]"
        check(array, lines: false, "nested array of objects")
        let pretty = "{\"a\":\n" + String(repeating: "\"x\",\n", count: 0) + "[\n" + inner + "\n]\n}\n{\"a\": 2}\n"
        check(pretty, lines: true, "multi-line object")
    }
}
