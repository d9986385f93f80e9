import QuarryBase
import QuarryEngine

/// What a `load` may say beyond the path: types for some columns, overriding inference.
public struct LoadOptions: Sendable {
    public var types: [String: DataType]

    public init(types: [String: DataType] = [:]) { self.types = types }

    /// The chosen type of each column, by index, matched to the file's header the way a query
    /// matches column names (`ColumnLookup`); a name no column has is an error naming the file.
    func columnTypes(for names: [String], path: String) throws(Diagnostic) -> [Int: DataType] {
        var chosen: [Int: DataType] = [:]
        for (name, type) in types.sorted(by: { $0.key < $1.key }) {
            switch ColumnLookup(name, in: names) {
            case .found(let i): chosen[i] = type
            case .ambiguous(let matches):
                throw Diagnostic.ambiguousColumnToType(path, name: name, matches: matches)
            case .missing: throw Diagnostic.noSuchColumnToType(path, name: name, known: names)
            }
        }
        return chosen
    }
}

/// The formats Quarry reads.
public enum DataFormat: Sendable {
    case delimited(separator: UInt8?)
    case json
    case jsonLines
}

/// Loads any data file: picks the format from the extension (or the content), decompresses
/// `.gz`, and reads the bytes into a table. One entry point for every format.
public enum DataLoader {
    public struct Loaded {
        public var table: Table
        /// Things worth telling the user, e.g. renamed duplicate headers.
        public var notes: [String]
    }

    public static let extensions = ["csv", "tsv", "txt", "json", "ndjson", "jsonl"]

    /// True for names that look like data files (also when gzip-compressed).
    public static func isDataFile(_ path: String) -> Bool {
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        return extensions.contains { lower.hasSuffix("." + $0) }
    }

    public static func load(path: String, options: LoadOptions = LoadOptions()) throws(Diagnostic) -> Loaded {
        let file = try MappedFile(path: path)
        defer { file.close() }
        if Gzip.isCompressed(file.bytes) {
            var inflated = try Gzip.decompress(file.bytes, path: path)
            guard !inflated.isEmpty else { throw Diagnostic.emptyFile(path) }
            return try inflated.withUnsafeMutableBufferPointer { buffer throws(Diagnostic) in
                try parse(UnsafeBufferPointer(buffer), path: path, options: options)
            }
        }
        return try parse(file.bytes, path: path, options: options, releaser: file.releaser)
    }

    /// Parses bytes already in memory, in the format the path's extension or the content says.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: LoadOptions = LoadOptions())
        throws(Diagnostic) -> Loaded
    {
        try parse(bytes, path: path, options: options, releaser: .none)
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: LoadOptions, releaser: PageReleaser)
        throws(Diagnostic) -> Loaded
    {
        try UTF8Check.validate(bytes, path: path, releaser: releaser)
        switch format(path: path, bytes: bytes) {
        case .json: return Loaded(table: try JSONLoader.parse(bytes, path: path, lines: false, options: options), notes: [])
        case .jsonLines: return Loaded(table: try JSONLoader.parse(bytes, path: path, lines: true, options: options), notes: [])
        case .delimited(let separator):
            return try CSVLoader.parse(
                bytes, path: path, delimiter: separator ?? sniffDelimiter(bytes), options: options, releaser: releaser)
        }
    }

    /// The format by extension (ignoring `.gz`), else by the first character of the content.
    static func format(path: String, bytes: UnsafeBufferPointer<UInt8>) -> DataFormat {
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .jsonLines }
        if lower.hasSuffix(".tsv") { return .delimited(separator: UInt8(ascii: "\t")) }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") { return .delimited(separator: nil) }
        var i = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "[") { return .json }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") { return .jsonLines }
        return .delimited(separator: nil)
    }

    /// The delimiter of a text table: whichever of `,` tab `;` `|` the header line (outside
    /// quotes) holds most of; a comma when none appears.
    static func sniffDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if b == 0x0A { break }
            if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
            counts[best] > 0
        else { return UInt8(ascii: ",") }
        return candidates[best]
    }
}
