import QuarryBase
import QuarryEngine

/// A stretch of whole records of a JSON text: the unit both passes work on, so that a part of a
/// file, or a window of a stream, is read the same way as a whole file.
///
/// An NDJSON region is objects separated by white space. An array's region starts just after
/// `[` or after the `,` following an object; the array's last region holds its `]`.
struct JSONRegion {
    enum Layout { case lines, array }

    let bytes: UnsafeBufferPointer<UInt8>
    let layout: Layout
    let start: Int
    let end: Int

    /// Reads the records from `start`, reporting each to `visitor`, until one ends at or past
    /// `end` (reading past `end` when a record does). True when the region ended exactly on a
    /// record boundary at `end`: that proves a region starting there reads as the file would.
    func scan<V: JSONVisitor>(into visitor: inout V) throws(JSONFault) -> Bool {
        var parser = JSONParser(bytes: bytes, position: start)
        var records = 0
        /// Every few thousand records, a look at Ctrl-C.
        func checkCancellation() throws(JSONFault) {
            records &+= 1
            if records & (Cancellation.rowsBetweenChecks - 1) == 0, Cancellation.isRequested { throw .cancelled }
        }
        switch layout {
        case .lines:
            while true {
                try checkCancellation()
                parser.skipSpace()
                if parser.position >= end { return true }
                try parser.object(into: &visitor)
                visitor.endObject(next: parser.position)
                if parser.position >= end { return parser.position == end }
            }
        case .array:
            while true {
                try checkCancellation()
                try parser.object(into: &visitor)
                parser.skipSpace()
                if parser.peek == UInt8(ascii: ",") {
                    parser.position += 1
                    visitor.endObject(next: parser.position)
                    if parser.position >= end { return parser.position == end }
                    continue
                }
                try parser.expect(UInt8(ascii: "]"), "`,` or `]` after an object")
                visitor.endObject(next: nil)
                try JSONRegion.expectEnd(&parser)
                return end == bytes.count
            }
        }
    }

    /// Records the first pass counted in `start..<end`: `rows` of them, stored from `firstRow`;
    /// checkpoint rows count from `firstRow`.
    struct RowSpan {
        let start: Int
        let end: Int
        let firstRow: Int
        let rows: Int
        let checkpoints: [(offset: Int, row: Int)]
    }

    /// Checks that only white space follows a closed array.
    static func expectEnd(_ parser: inout JSONParser) throws(JSONFault) {
        parser.skipSpace()
        guard parser.atEnd else { throw parser.fault("nothing may follow the array") }
    }

    /// Where the bytes of a region sit in the file: the offset, line and column of one byte,
    /// from which the lines and columns of later bytes are counted.
    struct Origin {
        var offset = 0
        var line = 1
        var column = 1

        /// The 1-based line of a byte offset at or after `offset`.
        func line(of position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
            var line = self.line
            for i in offset..<max(offset, min(position, bytes.count)) where bytes[i] == 0x0A { line += 1 }
            return line
        }

        /// The 1-based column (in bytes) of a byte offset at or after `offset`.
        func column(of position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
            let at = min(position, bytes.count)
            var i = at - 1
            while i >= offset {
                if bytes[i] == 0x0A { return at - i }
                i -= 1
            }
            return column + at - offset
        }
    }

    /// The diagnostic for a fault found in `bytes`, its lines counted from `origin`; `names` and
    /// `types` name the column of a value that does not fit.
    static func diagnostic(
        _ fault: JSONFault, bytes: UnsafeBufferPointer<UInt8>, origin: Origin = Origin(), path: String,
        names: [String] = [], types: [DataType] = []
    ) -> Diagnostic {
        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        switch fault {
        case .cancelled: return Diagnostic.cancelled()
        case .syntax(let offset, let message):
            let found = offset >= bytes.count ? "the end of the file" : "`\(text(offset, offset + 1))`"
            return Diagnostic.jsonSyntax(
                path, line: origin.line(of: offset, in: bytes), column: origin.column(of: offset, in: bytes),
                message: "\(message), found \(found)")
        case .notObject(let start, let end):
            return Diagnostic.jsonNotObject(path, line: origin.line(of: start, in: bytes), value: text(start, end))
        case .valueDoesNotFit(let column, let start, let end):
            return Diagnostic.valueDoesNotFit(
                path, line: origin.line(of: start, in: bytes), column: column + 1, name: names[column],
                value: text(start, end), type: types[column])
        }
    }
}

extension JSONParser {
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
