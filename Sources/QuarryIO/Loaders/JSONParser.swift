import QuarryBase
import QuarryEngine

/// Where reading JSON failed, by byte offset; `JSONRegion` turns it into a diagnostic with the
/// file's line and column.
enum JSONFault: Error {
    /// Bad JSON at `offset`; the message is completed with what was found there.
    case syntax(offset: Int, message: String)
    /// A record that is a value other than an object, whose text starts `start..<end`.
    case notObject(start: Int, end: Int)
    /// A value at `start..<end` that the type given for `column` does not take.
    case valueDoesNotFit(column: Int, start: Int, end: Int)
    /// Ctrl-C was pressed (`Cancellation`).
    case cancelled
}

/// What the parser reports of an object's members, one call per key and per value (nulls are
/// skipped; nested objects and arrays come whole, as raw text).
protocol JSONVisitor {
    /// When the key starting at `start` (just after its quote) is the one expected as the
    /// `member`th, plainly written: its column and the offset after its closing quote.
    mutating func knownKey(at start: Int, member: Int) -> (column: Int, end: Int)?
    /// The column for the key at `start..<end` (escapes not decoded), the `member`th of its object.
    mutating func column(key start: Int, _ end: Int, escaped: Bool, member: Int) -> Int
    mutating func string(_ column: Int, _ start: Int, _ end: Int, escaped: Bool)
    mutating func number(_ column: Int, _ start: Int, _ end: Int, _ shape: JSONNumberShape)
    mutating func bool(_ column: Int, _ value: Bool, _ start: Int, _ end: Int)
    mutating func raw(_ column: Int, _ start: Int, _ end: Int)
    /// A record ended; `next` is where a region holding the following records could start
    /// (nil after the last object of an array).
    mutating func endObject(next: Int?)
}

/// What reading a number learned of it: whether it is written as an integer, and its digits.
struct JSONNumberShape {
    /// No fraction and no exponent.
    var integer: Bool
    var exponent: Bool
    /// Digits before any fraction.
    var digits: Int
}

/// A JSON reader over raw bytes that reports where each value is, without building a tree.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Nesting of the value being skipped, bounded so no input needs a deep stack.
    static let maximumDepth = 512
    /// Whether each container being skipped is an object (else an array), innermost last.
    private var nesting: [Bool] = []

    init(bytes: UnsafeBufferPointer<UInt8>, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    @inline(__always)
    mutating func skipSpace() {
        while position < bytes.count {
            let c = bytes[position]
            guard c <= 0x20, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D else { return }
            position += 1
        }
    }

    func fault(_ message: String) -> JSONFault { .syntax(offset: position, message: message) }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONFault) {
        skipSpace()
        guard peek == byte else { throw fault("expected \(what)") }
        position += 1
    }

    /// One record: an object, each member reported to `visitor`.
    mutating func object<V: JSONVisitor>(into visitor: inout V) throws(JSONFault) {
        skipSpace()
        guard peek == UInt8(ascii: "{") else {
            if atEnd { throw fault("expected an object") }
            let start = position
            try skipValue(depth: 0)
            throw .notObject(start: start, end: min(position, start + 40))
        }
        position += 1
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
            return
        }
        var member = 0
        let count = bytes.count
        while true {
            skipSpace()
            guard position < count, bytes[position] == UInt8(ascii: "\"") else {
                throw fault("expected a key in double quotes")
            }
            let column: Int
            if let known = visitor.knownKey(at: position + 1, member: member) {
                column = known.column
                position = known.end
            } else {
                let key = try string()
                column = visitor.column(key: key.start, key.end, escaped: key.escaped, member: member)
            }
            member += 1
            if position < count, bytes[position] == UInt8(ascii: ":") {
                position += 1
            } else {
                try expect(UInt8(ascii: ":"), "`:` after a key")
            }
            skipSpace()
            try value(column, into: &visitor)
            if position < count {
                let c = bytes[position]
                if c == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if c == UInt8(ascii: "}") {
                    position += 1
                    return
                }
            }
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "`,` or `}` in an object")
            return
        }
    }

    /// A member's value, reported to `visitor` under `column`.
    @inline(__always)
    mutating func value<V: JSONVisitor>(_ column: Int, into visitor: inout V) throws(JSONFault) {
        guard let c = peek else { throw fault("expected a value") }
        let start = position
        switch c {
        case UInt8(ascii: "\""):
            let s = try string()
            visitor.string(column, s.start, s.end, escaped: s.escaped)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let shape = try number()
            visitor.number(column, start, position, shape)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer(depth: 1)
            visitor.raw(column, start, position)
        case UInt8(ascii: "t"):
            try word("true")
            visitor.bool(column, true, start, position)
        case UInt8(ascii: "f"):
            try word("false")
            visitor.bool(column, false, start, position)
        case UInt8(ascii: "n"): try word("null")
        default: throw fault("expected a value")
        }
    }

    /// Passes over one value of any kind; containers at `depth` count toward the nesting limit.
    mutating func skipValue(depth: Int) throws(JSONFault) {
        skipSpace()
        guard let c = peek else { throw fault("expected a value") }
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { return try skipContainer(depth: depth) }
        try skipScalar()
    }

    /// Passes over a string, number, `true`, `false` or `null` at `position`.
    mutating func skipScalar() throws(JSONFault) {
        switch bytes[position] {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try word("true")
        case UInt8(ascii: "f"): try word("false")
        case UInt8(ascii: "n"): try word("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try number()
        default: throw fault("expected a value")
        }
    }

    mutating func word(_ text: StaticString) throws(JSONFault) {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count, FieldClassifier.matchesWord(bytes, position, text) else {
            throw fault("expected a value")
        }
        position += count
    }

    mutating func number() throws(JSONFault) -> JSONNumberShape {
        if peek == UInt8(ascii: "-") { position += 1 }
        let count = bytes.count
        func digits() -> Int {
            let from = position
            while position < count, isDigit(bytes[position]) { position += 1 }
            return position - from
        }
        let whole = digits()
        guard whole > 0, !(whole > 1 && bytes[position - whole] == UInt8(ascii: "0")) else {
            throw fault("malformed number")
        }
        var shape = JSONNumberShape(integer: true, exponent: false, digits: whole)
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw fault("malformed number") }
            shape.integer = false
        }
        if let e = peek, e | 0x20 == UInt8(ascii: "e") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw fault("malformed number") }
            shape.integer = false
            shape.exponent = true
        }
        return shape
    }

    /// A string's contents (between the quotes), noting whether it has escapes.
    @inline(__always)
    mutating func string() throws(JSONFault) -> (start: Int, end: Int, escaped: Bool) {
        position += 1
        let start = position
        var escaped = false
        let count = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        while position < count {
            // Eight bytes at a time up to the first quote, backslash or control character.
            while position + 8 <= count {
                let stops = Self.stringStops(raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                if stops != 0 {
                    position += stops.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < count else { break }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return (start, position - 1, escaped)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                position += 2
                continue
            }
            if c < 0x20 { throw fault("a control character inside a string") }
            position += 1
        }
        position = count
        throw fault("a string that is never closed")
    }

    /// The high bit of each of the eight bytes (in memory order, low first) that is `"`, `\` or
    /// below 0x20, exact up to the first such byte (a borrow only runs up from one).
    @inline(__always)
    static func stringStops(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ 0x2222_2222_2222_2222
        let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- 0x2020_2020_2020_2020) & ~word
        return (zeroQuote | zeroBackslash | control) & highs
    }

    /// Passes over the object or array at `position` and all it holds, keeping the open
    /// containers in `nesting` rather than on the call stack.
    mutating func skipContainer(depth: Int) throws(JSONFault) {
        nesting.removeAll(keepingCapacity: true)
        while true {
            // `position` is at a `{` or `[` to open.
            guard depth + nesting.count < JSONParser.maximumDepth else { throw fault("values nested too deeply") }
            let isObject = bytes[position] == UInt8(ascii: "{")
            nesting.append(isObject)
            position += 1
            skipSpace()
            var descend = false
            if peek == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                position += 1
                nesting.removeLast()
            } else {
                descend = try startMember()
            }
            if descend { continue }
            // A value ended: close containers until one goes on with another member.
            while let isObject = nesting.last {
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                    if try startMember() {
                        descend = true
                        break
                    }
                    continue
                }
                try expect(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"), isObject ? "`,` or `}`" : "`,` or `]`")
                nesting.removeLast()
            }
            if !descend { return }
        }
    }

    /// Reads the key (in an object) and the value of the innermost container's next member;
    /// true when the value is a container, left for the caller to open.
    private mutating func startMember() throws(JSONFault) -> Bool {
        skipSpace()
        if nesting[nesting.count - 1] {
            guard peek == UInt8(ascii: "\"") else { throw fault("expected a key in double quotes") }
            _ = try string()
            try expect(UInt8(ascii: ":"), "`:` after a key")
        }
        skipSpace()
        guard let c = peek else { throw fault("expected a value") }
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { return true }
        try skipScalar()
        return false
    }
}
