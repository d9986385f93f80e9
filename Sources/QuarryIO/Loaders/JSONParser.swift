import QuarryBase
import QuarryEngine

/// A JSON reader over raw bytes that records where each value is, without building a tree.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    var position = 0
    /// Nesting of the value being skipped, bounded so no input exhausts the stack.
    static let maximumDepth = 512

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Diagnostic) {
        skipSpace()
        guard peek == byte else { throw syntaxError("expected \(what)") }
        position += 1
    }

    /// The 1-based line of a byte offset.
    static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1 }
        return line
    }

    func syntaxError(_ message: String) -> Diagnostic {
        var column = 1
        var i = min(position, bytes.count) - 1
        while i >= 0, bytes[i] != 0x0A {
            column += 1
            i -= 1
        }
        let found = atEnd ? "the end of the file" : "`\(String(decoding: [bytes[position]], as: UTF8.self))`"
        return Diagnostic.jsonSyntax(
            path, line: JSONParser.line(of: position, in: bytes), column: column, message: "\(message), found \(found)")
    }

    /// An object's members, in order; keys are decoded, values located.
    mutating func object() throws(Diagnostic) -> [(String, JSONLoader.Cell)] {
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            if atEnd { throw syntaxError("expected an object") }
            let start = position
            _ = try value(depth: 0)
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(position, start + 40)]), as: UTF8.self)
            throw Diagnostic.jsonNotObject(path, line: JSONParser.line(of: start, in: bytes), value: text)
        }
        position += 1
        var members: [(String, JSONLoader.Cell)] = []
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return members
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw syntaxError("expected a key in double quotes") }
            let key = try string()
            let name =
                key.escaped
                ? JSONParser.decodeString(bytes, key.start, key.end)
                : String(decoding: UnsafeBufferPointer(rebasing: bytes[key.start..<key.end]), as: UTF8.self)
            try expect(UInt8(ascii: ":"), "`:` after a key")
            skipSpace()
            members.append((name, try value(depth: 1)))
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "`,` or `}` in an object")
            return members
        }
    }

    /// One value; objects and arrays are skipped over and kept as raw text.
    mutating func value(depth: Int) throws(Diagnostic) -> JSONLoader.Cell {
        skipSpace()
        guard let c = peek else { throw syntaxError("expected a value") }
        let start = position
        switch c {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer(depth: depth)
            return JSONLoader.Cell(kind: .raw, start: start, end: position)
        case UInt8(ascii: "t"): return try word("true", .bool)
        case UInt8(ascii: "f"): return try word("false", .bool)
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw syntaxError("expected a value")
        }
    }

    mutating func word(_ text: StaticString, _ kind: JSONLoader.Cell.Kind) throws(Diagnostic) -> JSONLoader.Cell {
        let start = position
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count, FieldClassifier.matchesWord(bytes, position, text) else {
            throw syntaxError("expected a value")
        }
        position += count
        return JSONLoader.Cell(kind: kind, start: start, end: position)
    }

    mutating func number() throws(Diagnostic) -> JSONLoader.Cell {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while let c = peek, isDigit(c) { position += 1 }
            return position - from
        }
        let whole = digits()
        guard whole > 0, !(whole > 1 && bytes[position - whole] == UInt8(ascii: "0")) else {
            throw syntaxError("malformed number")
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw syntaxError("malformed number") }
        }
        if let e = peek, e | 0x20 == UInt8(ascii: "e") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw syntaxError("malformed number") }
        }
        return JSONLoader.Cell(kind: .number, start: start, end: position)
    }

    /// A string's contents (between the quotes), noting whether it has escapes.
    mutating func string() throws(Diagnostic) -> JSONLoader.Cell {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return JSONLoader.Cell(kind: .string, start: start, end: position - 1, escaped: escaped)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                position += 2
                continue
            }
            if c < 0x20 { throw syntaxError("a control character inside a string") }
            position += 1
        }
        position = bytes.count
        throw syntaxError("a string that is never closed")
    }

    mutating func skipContainer(depth: Int) throws(Diagnostic) {
        guard depth < JSONParser.maximumDepth else { throw syntaxError("values nested too deeply") }
        let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let isObject = close == UInt8(ascii: "}")
        position += 1
        skipSpace()
        if peek == close {
            position += 1
            return
        }
        while true {
            skipSpace()
            if isObject {
                guard peek == UInt8(ascii: "\"") else { throw syntaxError("expected a key in double quotes") }
                _ = try string()
                try expect(UInt8(ascii: ":"), "`:` after a key")
            }
            _ = try value(depth: depth + 1)
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(close, isObject ? "`,` or `}`" : "`,` or `]`")
            return
        }
    }

    /// The text of a JSON string with its escapes decoded.
    static func decodeString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var out = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            if !utf8.isEmpty {
                out.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                utf8.removeAll()
            }
        }
        var i = start
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= end else { return nil }
            return UInt32(String(decoding: UnsafeBufferPointer(rebasing: b[at..<(at + 4)]), as: UTF8.self), radix: 16)
        }
        while i < end {
            let c = b[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else {
                utf8.append(c)
                i += 1
                continue
            }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "u"):
                flush()
                guard var code = hex4(i) else { continue }
                i += 4
                if (0xD800...0xDBFF).contains(code), i + 6 <= end, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
                    let low = hex4(i + 2), (0xDC00...0xDFFF).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: utf8.append(e)
            }
        }
        flush()
        return String(out)
    }
}
