import QuarryBase

/// How one text format writes a string, a null and a float: the per-format rules of
/// `DelimitedText`, `JSONText` and `MarkdownTable`, applied to bytes.
enum TextFlavor: Sendable {
    /// CSV or TSV with this delimiter; `loneColumn` writes a null as `""` (a blank line would be skipped).
    case delimited(UInt8, loneColumn: Bool)
    case json
    case markdown

    /// Appends `text` (UTF-8) as this format writes a string value.
    func appendString(_ text: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
        switch self {
        case .delimited(let delimiter, _):
            if text.isEmpty {
                out.append(TextFlavor.quotePair)
            } else if text.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                // Rare: the character-wise rule, exactly as before.
                out.append(DelimitedText.quote(String(decoding: text, as: UTF8.self), Character(Unicode.Scalar(delimiter))))
            } else {
                out.append(UnsafeRawBufferPointer(text))
            }
        case .json:
            TextFlavor.appendJSONString(text, to: out)
        case .markdown:
            if text.contains(where: { $0 == 0x7C || $0 == 0x0A }) {
                out.append(MarkdownTable.cell(String(decoding: text, as: UTF8.self)))
            } else {
                out.append(UnsafeRawBufferPointer(text))
            }
        }
    }

    static let quotePair: [UInt8] = [0x22, 0x22]
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string literal, escaped as `JSONText.escape` does (scalar by scalar, which for
    /// UTF-8 is byte by byte: every byte it escapes is ASCII).
    static func appendJSONString(_ text: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
        out.reserve(text.count + 2)
        out.append(0x22)
        var start = 0
        for (i, byte) in text.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            out.append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[start..<i]))
            start = i + 1
            out.append(0x5C)
            switch byte {
            case 0x22, 0x5C: out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(0x30)
                out.append(0x30)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 15)])
            }
        }
        out.append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[start...]))
        out.append(0x22)
    }
}

/// A string column's dictionary with every entry already written as one format writes it, so a
/// row copies bytes instead of escaping again. Built only when the dictionary is no larger than
/// the rows written (a filtered column can keep a far larger parent dictionary); otherwise each
/// row escapes its own string.
struct EscapedDictionary: @unchecked Sendable {
    let bytes: [UInt8]
    /// Entry `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    let offsets: [Int]

    init(_ dictionary: StringDictionary, flavor: TextFlavor) {
        let values = dictionary.values
        // Large dictionaries are escaped in parts on every core, then joined.
        let partCount = values.count >= 65_536 ? OutputBatches.workerCount : 1
        let parts = ParallelParts<([UInt8], [Int])>(count: partCount)
        parts.run { part in
            let range = OutputBatches.slice(values.count, part: part, of: partCount)
            let out = ByteBuffer(capacity: 1 << 12)
            var ends: [Int] = []
            ends.reserveCapacity(range.count)
            for i in range {
                var value = values[i]
                value.withUTF8 { flavor.appendString($0, to: out) }
                ends.append(out.count)
            }
            return (Array(out.bytes), ends)
        }
        var bytes: [UInt8] = []
        var offsets = [0]
        offsets.reserveCapacity(values.count + 1)
        for (partBytes, ends) in parts.values {
            let shift = bytes.count
            bytes += partBytes
            offsets += ends.map { $0 + shift }
        }
        self.bytes = bytes
        self.offsets = offsets
    }
}
