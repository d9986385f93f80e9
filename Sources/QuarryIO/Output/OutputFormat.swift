import QuarryBase
import QuarryEngine

/// The ways a result can be printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, ndjson, markdown

    /// Writes the whole result in this format to `sink`, ending with a newline: the one output
    /// path behind saves, standard output, the pager and `.last`.
    public func write(_ table: Table, style: TableStyle = TableStyle(), to sink: inout some ByteSink) throws(WriteFailure) {
        switch self {
        case .table: try BoxTable.write(table, style: style, to: &sink)
        default: try TextWriter(table, format: self).write(to: &sink)
        }
    }

    /// The whole result as text in this format (the writer into memory), for tests and short output.
    public func render(_ table: Table, style: TableStyle = TableStyle()) -> String {
        var sink = MemorySink()
        // Memory takes every byte: this cannot fail.
        try? write(table, style: style, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}

/// RFC 4180 CSV (or TSV): a header, nulls as empty fields, an empty string as `""`.
enum DelimitedText {
    /// The field quoted when it holds the delimiter, a quote or a line break, byte by byte: a
    /// comma followed by a combining mark is one character but still a comma to a reader.
    static func quote(_ s: String, _ delimiter: Character) -> String {
        let special: Set<UInt8> = [delimiter.asciiValue ?? 0x2C, 0x22, 0x0A, 0x0D]
        guard s.utf8.contains(where: special.contains) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// JSON: an array of objects (or one object per line), with typed values.
enum JSONText {
    /// JSON has no inf or nan, so they are written as null: one note naming each column and how
    /// many of its values that took (none when every float is finite).
    static func saveNotes(_ table: Table) -> [String] {
        let lost = zip(table.names, table.columns).compactMap { name, column -> String? in
            guard case .float(let values) = column.storage else { return nil }
            var count = 0
            for (i, x) in values.enumerated() where !x.isFinite && column.isValid(i) { count += 1 }
            return count > 0 ? "\(count) in \(display(name))" : nil
        }
        guard !lost.isEmpty else { return [] }
        return ["JSON has no inf or nan; these were written as null: " + lost.joined(separator: ", ")]
    }

    static func escape(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A GitHub-style Markdown table, numbers right-aligned.
enum MarkdownTable {
    /// A cell's text: `|` escaped, line breaks as spaces.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
