import XCTest

@testable import QuarryBase
@testable import QuarrySyntax

final class LexerTests: XCTestCase {
    func kinds(_ text: String) throws -> [TokenKind] { try Lexer.tokenize(text).map(\.kind) }

    func testTokenKinds() throws {
        XCTAssertEqual(
            try kinds(#"layoffs where x >= 3.5 and `# Laid Off` != "a" | limit 10"#),
            [
                .identifier, .identifier, .identifier, .greaterEqual, .float, .identifier, .quotedIdentifier,
                .notEqual, .string, .pipe, .identifier, .integer, .endOfInput,
            ])
        XCTAssertEqual(
            try kinds("a <> b == c <= d < e > f % g"),
            [
                .identifier, .notEqual, .identifier, .equal, .identifier, .lessEqual, .identifier, .less,
                .identifier, .greater, .identifier, .percent, .identifier, .endOfInput,
            ])
        XCTAssertEqual(try kinds("@2024-01-31 1e3 2.5E-2 'x' ;"), [.date, .float, .float, .string, .semicolon, .endOfInput])
    }

    func testCommentsAndLineStarts() throws {
        let tokens = try Lexer.tokenize("a # comment ; here\n  b c\n\n# only a comment\nd")
        XCTAssertEqual(tokens.map(\.kind), [.identifier, .identifier, .identifier, .identifier, .endOfInput])
        XCTAssertEqual(tokens.map(\.startsLine), [true, true, false, true, true])
    }

    func testStringValuesAndEscapes() throws {
        let text = #""say \"hi\"\n" 'it\'s'"#
        let tokens = try Lexer.tokenize(text)
        let bytes = Array(text.utf8)
        XCTAssertEqual(Lexer.stringValue(bytes, tokens[0].range), "say \"hi\"\n")
        XCTAssertEqual(Lexer.stringValue(bytes, tokens[1].range), "it's")
    }

    func testUnicodeNames() throws {
        let text = "café = 日本"
        let tokens = try Lexer.tokenize(text)
        XCTAssertEqual(tokens.map(\.kind), [.identifier, .equal, .identifier, .endOfInput])
        XCTAssertEqual(tokens[2].range, SourceRange(8, 14))
    }

    func testLexicalErrors() {
        XCTAssertThrowsError(try Lexer.tokenize("x = \"open")) { XCTAssertEqual(($0 as? Diagnostic)?.id, .unterminatedString) }
        XCTAssertThrowsError(try Lexer.tokenize("`open")) { XCTAssertEqual(($0 as? Diagnostic)?.id, .unterminatedIdentifier) }
        XCTAssertThrowsError(try Lexer.tokenize("x ! y")) { XCTAssertEqual(($0 as? Diagnostic)?.id, .unexpectedCharacter) }
        XCTAssertThrowsError(try Lexer.tokenize("3abc")) { XCTAssertEqual(($0 as? Diagnostic)?.id, .invalidNumber) }
        XCTAssertThrowsError(try Lexer.tokenize("@2023-02-29")) { XCTAssertEqual(($0 as? Diagnostic)?.id, .invalidDateLiteral) }
        XCTAssertThrowsError(try Lexer.tokenize("x $ y")) { XCTAssertEqual(($0 as? Diagnostic)?.id, .unexpectedCharacter) }
    }

    func testCivilDates() {
        XCTAssertEqual(CivilDate.days(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(CivilDate.days(year: 2024, month: 2, day: 29), 19782)
        XCTAssertNil(CivilDate.days(year: 2023, month: 2, day: 29))
        XCTAssertEqual(CivilDate.format(19782), "2024-02-29")
        XCTAssertEqual(CivilDate.parse("7/4/2026"), CivilDate.days(year: 2026, month: 7, day: 4))
        XCTAssertNil(CivilDate.parse("13/1/2026"))
        XCTAssertEqual(CivilDate.weekday(0), 4)  // a Thursday
        for days in stride(from: Int32(-719_162), through: 2_932_896, by: 997) {
            let (y, m, d) = CivilDate.civil(days)
            XCTAssertEqual(CivilDate.days(year: y, month: m, day: d), days)
        }
    }
}
