import QuarryBase
import QuarryEngine

/// Receives the fields of a CSV file as byte ranges, row by row.
protocol CSVVisitor {
    /// A field's bytes: `quoted` fields have their quotes stripped; `escaped` ones still hold `""`.
    mutating func field(_ column: Int, _ start: Int, _ end: Int, quoted: Bool, escaped: Bool, line: Int) throws(Diagnostic)
    /// The end of a row that had `fields` fields.
    mutating func endRow(fields: Int, line: Int) throws(Diagnostic)
    /// The start of a row: its byte offset and line.
    mutating func beginRow(offset: Int, line: Int)
}

extension CSVVisitor {
    mutating func beginRow(offset: Int, line: Int) {}
}

/// An RFC 4180 scanner over raw bytes: quoted fields may hold delimiters, newlines and `""`.
/// It never builds a String; visitors decide what to do with each byte range.
struct CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let path: String
    /// Adds the bytes scanned to `Progress` (for a whole file in memory; a stream counts its own).
    var reportsProgress = false

    /// Scans rows from `start` (just after the header), counting lines from `firstLine`; returns
    /// the line it ends on.
    @discardableResult
    func scan<V: CSVVisitor>(from start: Int, to end: Int? = nil, firstLine: Int, maxFields: Int, into visitor: inout V)
        throws(Diagnostic) -> Int
    {
        let n = end ?? bytes.count
        var pos = start
        var line = firstLine
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let delimiters = (UInt64(delimiter) &* Self.everyByte, UInt64(newline) &* Self.everyByte)
        var rows = 0
        var reported = pos
        defer { if reportsProgress { Progress.advance(pos - reported) } }
        while pos < n {
            rows &+= 1
            if rows & (Cancellation.rowsBetweenChecks - 1) == 0 {
                try Cancellation.check()
                if reportsProgress {
                    Progress.advance(pos - reported)
                    reported = pos
                }
            }
            // Skip blank lines between rows.
            if bytes[pos] == newline {
                pos += 1
                line += 1
                continue
            }
            if bytes[pos] == cr, pos + 1 < n, bytes[pos + 1] == newline {
                pos += 2
                line += 1
                continue
            }
            let rowLine = line
            visitor.beginRow(offset: pos, line: line)
            var column = 0
            while true {
                if column >= maxFields {
                    var fields = column + 1
                    var p = pos
                    while p < n, bytes[p] != newline {
                        if bytes[p] == delimiter { fields += 1 }
                        p += 1
                    }
                    throw Diagnostic.tooManyFields(path, line: rowLine, found: fields, expected: maxFields)
                }
                var endOfRow = false
                if pos < n, bytes[pos] == quote {
                    let fieldLine = line
                    pos += 1
                    let fieldStart = pos
                    var escaped = false
                    while true {
                        while pos < n, bytes[pos] != quote {
                            if bytes[pos] == newline { line += 1 }
                            pos += 1
                        }
                        guard pos < n else { throw Diagnostic.unterminatedQuote(path, line: fieldLine) }
                        if pos + 1 < n, bytes[pos + 1] == quote {
                            escaped = true
                            pos += 2
                            continue
                        }
                        break
                    }
                    let fieldEnd = pos
                    pos += 1
                    if pos < n, bytes[pos] == cr, pos + 1 < n, bytes[pos + 1] == newline { pos += 1 }
                    if pos < n, bytes[pos] != delimiter, bytes[pos] != newline {
                        throw Diagnostic.textAfterQuote(path, line: line)
                    }
                    try visitor.field(column, fieldStart, fieldEnd, quoted: true, escaped: escaped, line: rowLine)
                } else {
                    let fieldStart = pos
                    pos = endOfUnquotedField(from: pos, to: n, delimiters: delimiters)
                    var fieldEnd = pos
                    if fieldEnd > fieldStart, bytes[fieldEnd - 1] == cr, pos == n || bytes[pos] == newline { fieldEnd -= 1 }
                    try visitor.field(column, fieldStart, fieldEnd, quoted: false, escaped: false, line: rowLine)
                }
                column += 1
                if pos >= n {
                    endOfRow = true
                } else if bytes[pos] == newline {
                    pos += 1
                    line += 1
                    endOfRow = true
                } else {
                    pos += 1  // the delimiter
                    if pos >= n {
                        try visitor.field(column, pos, pos, quoted: false, escaped: false, line: rowLine)
                        column += 1
                        endOfRow = true
                    }
                }
                if endOfRow { break }
            }
            try visitor.endRow(fields: column, line: rowLine)
        }
        return line
    }

    /// The offset of the first delimiter or line feed from `pos` (or `n`), eight bytes at a time:
    /// most fields are short, and a byte loop pays two compares and a branch for every byte.
    /// `delimiters` holds the delimiter and the line feed each repeated in a word.
    @inline(__always)
    private func endOfUnquotedField(from start: Int, to n: Int, delimiters: (UInt64, UInt64)) -> Int {
        var pos = start
        guard let base = bytes.baseAddress else { return pos }
        let raw = UnsafeRawPointer(base)
        while pos + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            let stops = Self.zeroBytes(word ^ delimiters.0) | Self.zeroBytes(word ^ delimiters.1)
            if stops != 0 { return pos + stops.trailingZeroBitCount >> 3 }
            pos += 8
        }
        while pos < n, bytes[pos] != delimiter, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
        return pos
    }

    static let everyByte: UInt64 = 0x0101_0101_0101_0101

    /// The high bit of each byte of `x` that is zero, and no other bit (exact: no borrow runs
    /// from one byte into the next, since each byte's high bit is handled apart).
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x) & 0x8080_8080_8080_8080
    }

    /// The header's names, the offset where the data starts, and whether the header line ended
    /// in a carriage return alone (a file with old Mac line ends). A UTF-8 BOM and blank lines
    /// before it are skipped. A quote opens a quoted field only at the field's start; one
    /// inside an unquoted name is an error, since it would swallow the lines after it.
    func header() throws(Diagnostic) -> (names: [String], dataStart: Int, endsInCarriageReturn: Bool) {
        let n = bytes.count
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var pos = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        while pos < n, bytes[pos] == newline || bytes[pos] == cr { pos += 1 }
        guard pos < n else { throw Diagnostic.emptyFile(path) }
        var names: [String] = []
        func name(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        while true {
            guard names.count < Limits.csvColumns else { throw Diagnostic.tooManyColumns(path, line: 1) }
            if pos < n, bytes[pos] == quote {
                pos += 1
                let fieldStart = pos
                var escaped = false
                while true {
                    while pos < n, bytes[pos] != quote { pos += 1 }
                    guard pos < n else { throw Diagnostic.unterminatedQuote(path, line: 1) }
                    guard pos + 1 < n, bytes[pos + 1] == quote else { break }
                    escaped = true
                    pos += 2
                }
                let text = name(fieldStart, pos)
                names.append(escaped ? text.replacingDoubledQuotes() : text)
                pos += 1
                if pos < n, bytes[pos] != delimiter, bytes[pos] != newline, bytes[pos] != cr {
                    throw Diagnostic.textAfterQuote(path, line: 1)
                }
            } else {
                let fieldStart = pos
                while pos < n, bytes[pos] != delimiter, bytes[pos] != newline, bytes[pos] != cr {
                    if bytes[pos] == quote {
                        var end = pos
                        while end < n, bytes[end] != delimiter, bytes[end] != newline, bytes[end] != cr { end += 1 }
                        throw Diagnostic.quoteInHeader(path, column: names.count + 1, name: name(fieldStart, end))
                    }
                    pos += 1
                }
                names.append(name(fieldStart, pos))
            }
            guard pos < n else { return (names, n, false) }
            if bytes[pos] == delimiter {
                pos += 1
                if pos == n {
                    names.append("")
                    return (names, n, false)
                }
                continue
            }
            if bytes[pos] == cr, pos + 1 < n, bytes[pos + 1] == newline { return (names, pos + 2, false) }
            return (names, pos + 1, bytes[pos] == cr)
        }
    }

    /// A copy of the bytes with every carriage return that ends a line alone (outside quotes,
    /// not before a line feed) made a line feed, for files with old Mac line ends.
    func withCarriageReturnsAsLineFeeds() -> [UInt8] {
        var copy = Array(bytes)
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var inQuotes = false
        var atFieldStart = true
        // After a BOM, as `header()` reads it: a quote there opens the first name.
        var i = copy.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < copy.count {
            let b = copy[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < copy.count, copy[i + 1] == quote { i += 1 } else { inQuotes = false }
                }
            } else if b == quote, atFieldStart {
                inQuotes = true
            } else if b == cr {
                if i + 1 < copy.count, copy[i + 1] == newline { i += 1 } else { copy[i] = newline }
                atFieldStart = true
                i += 1
                continue
            }
            atFieldStart = !inQuotes && (b == delimiter || b == newline)
            i += 1
        }
        return copy
    }
}

extension String {
    func replacingDoubledQuotes() -> String {
        var out = ""
        var lastWasQuote = false
        for c in self {
            if c == "\"" && lastWasQuote {
                lastWasQuote = false
                continue
            }
            lastWasQuote = c == "\""
            out.append(c)
        }
        return out
    }
}
