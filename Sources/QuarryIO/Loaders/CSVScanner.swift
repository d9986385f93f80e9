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

    /// Scans rows from `start` (just after the header), counting lines from `firstLine`.
    func scan<V: CSVVisitor>(from start: Int, to end: Int? = nil, firstLine: Int, maxFields: Int, into visitor: inout V)
        throws(Diagnostic)
    {
        let n = end ?? bytes.count
        var pos = start
        var line = firstLine
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        while pos < n {
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
                    while pos < n, bytes[pos] != delimiter, bytes[pos] != newline { pos += 1 }
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
    }

    /// The header's names and the offset where the data starts; a UTF-8 BOM is skipped.
    func header() throws(Diagnostic) -> (names: [String], dataStart: Int) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        // Skip blank lines before the header.
        while start < bytes.count, bytes[start] == UInt8(ascii: "\n") || bytes[start] == UInt8(ascii: "\r") { start += 1 }
        guard start < bytes.count else { throw Diagnostic.emptyFile(path) }
        var collector = HeaderCollector(bytes: bytes)
        var end = start
        // The header is the first row: scan just that row.
        let quote = UInt8(ascii: "\"")
        var inQuotes = false
        while end < bytes.count {
            let b = bytes[end]
            if b == quote { inQuotes.toggle() } else if b == UInt8(ascii: "\n"), !inQuotes { break }
            end += 1
        }
        let headerOnly = CSVScanner(
            bytes: UnsafeBufferPointer(rebasing: bytes[0..<min(end + 1, bytes.count)]),
            delimiter: delimiter, path: path)
        try headerOnly.scan(from: start, firstLine: 1, maxFields: Int.max, into: &collector)
        return (collector.names, min(end + 1, bytes.count))
    }
}

/// Collects the header row as strings (the one place a String is made per field).
struct HeaderCollector: CSVVisitor {
    let bytes: UnsafeBufferPointer<UInt8>
    var names: [String] = []

    mutating func field(_ column: Int, _ start: Int, _ end: Int, quoted: Bool, escaped: Bool, line: Int) throws(Diagnostic) {
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if escaped { text = text.replacingDoubledQuotes() }
        names.append(text)
    }

    mutating func endRow(fields: Int, line: Int) throws(Diagnostic) {}
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
