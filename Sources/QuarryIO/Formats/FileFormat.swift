@preconcurrency import Glibc
import QuarryBase
import QuarryEngine

/// A file format Quarry reads, writes, or both: the one place that says which extensions it
/// has, how its content is recognised, whether it is text, and which loader and writer serve it.
public struct FileFormat: Sendable {
    typealias Load =
        @Sendable (_ bytes: UnsafeBufferPointer<UInt8>, _ path: String, _ options: LoadOptions, _ releaser: PageReleaser)
        throws(Diagnostic) -> DataLoader.Loaded

    public let name: String
    /// Lower case, without the dot.
    public let extensions: [String]
    /// Text formats are checked to be UTF-8 before they are read.
    public let isText: Bool
    /// Recognises the format from the first bytes, for a file whose extension says nothing.
    let sniff: (@Sendable (UnsafeBufferPointer<UInt8>) -> Bool)?
    let load: Load?
    /// The output format that writes it, when it can be written.
    let save: OutputFormat?
    /// What a save in this format cannot keep, as notes for the user (JSON has no inf or nan).
    var saveNotes: (@Sendable (Table) -> [String])? = nil
    /// Loads the text of a compressed file a window at a time, `first` holding the first (nil
    /// when the format needs the whole text, or the loader says so for this file).
    typealias StreamLoad =
        @Sendable (
            _ first: TextWindow, _ reopen: () -> any TextStream, _ codec: String, _ path: String, _ options: LoadOptions
        ) throws(Diagnostic)
        -> DataLoader.Loaded?
    var stream: StreamLoad? = nil
    /// The loader checks UTF-8 itself, as it reads (the delimited-text and JSON loaders: only a
    /// file with a byte past ASCII in a field or string needs the whole check).
    var loaderChecksUTF8 = false
}

/// A compression around any format, recognised by its magic bytes when reading and by its
/// extension (after the format's: `.csv.gz`) when writing.
public struct Codec: Sendable {
    public let name: String
    public let fileExtension: String
    let magic: [UInt8]
    /// A reader of the text inside `bytes`; `releaser` lets go of the compressed pages it has read.
    let open: @Sendable (_ bytes: UnsafeBufferPointer<UInt8>, _ path: String, _ releaser: PageReleaser) -> any TextStream
    /// A compressor for one file, written to as the text is made; nil when it cannot start.
    let compressor: @Sendable () -> (any StreamCompressor)?

    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= magic.count && zip(bytes, magic).allSatisfy { $0 == $1 }
    }
}

/// Every format and codec. Adding a format is a loader or writer file plus one line here.
public enum FormatRegistry {
    public static let formats: [FileFormat] = [
        FileFormat(
            name: "CSV", extensions: ["csv"], isText: true, sniff: nil,
            load: { bytes, path, options, releaser throws(Diagnostic) in
                try CSVLoader.parse(bytes, path: path, delimiter: nil, options: options, releaser: releaser)
            },
            save: .csv, stream: CSVStreamLoader.streamLoad(delimiter: nil), loaderChecksUTF8: true),
        FileFormat(
            name: "TSV", extensions: ["tsv", "tab"], isText: true, sniff: nil,
            load: { bytes, path, options, releaser throws(Diagnostic) in
                try CSVLoader.parse(bytes, path: path, delimiter: UInt8(ascii: "\t"), options: options, releaser: releaser)
            },
            save: .tsv, stream: CSVStreamLoader.streamLoad(delimiter: UInt8(ascii: "\t")), loaderChecksUTF8: true),
        FileFormat(
            name: "JSON", extensions: ["json"], isText: true, sniff: { JSONLoader.firstCharacter($0) == UInt8(ascii: "[") },
            load: { bytes, path, options, releaser throws(Diagnostic) in
                DataLoader.Loaded(
                    table: try JSONLoader.parse(bytes, path: path, lines: false, options: options, releaser: releaser),
                    notes: [])
            },
            save: .json, saveNotes: JSONText.saveNotes, loaderChecksUTF8: true),
        FileFormat(
            name: "NDJSON", extensions: ["ndjson", "jsonl"], isText: true,
            sniff: { JSONLoader.firstCharacter($0) == UInt8(ascii: "{") },
            load: { bytes, path, options, releaser throws(Diagnostic) in
                DataLoader.Loaded(
                    table: try JSONLoader.parse(bytes, path: path, lines: true, options: options, releaser: releaser),
                    notes: [])
            },
            save: .ndjson, saveNotes: JSONText.saveNotes,
            stream: { window, open, codec, path, options throws(Diagnostic) in
                try JSONStreamLoader.load(first: window, reopen: open, codec: codec, path: path, options: options)
            }, loaderChecksUTF8: true),
        FileFormat(
            name: "Markdown", extensions: ["md", "markdown"], isText: true, sniff: nil, load: nil,
            save: .markdown),
        // `.txt`: read as delimited text (the delimiter sniffed), written as a drawn table.
        FileFormat(
            name: "text", extensions: ["txt"], isText: true, sniff: nil,
            load: { bytes, path, options, releaser throws(Diagnostic) in
                try CSVLoader.parse(bytes, path: path, delimiter: nil, options: options, releaser: releaser)
            },
            save: .table, stream: CSVStreamLoader.streamLoad(delimiter: nil), loaderChecksUTF8: true),
    ]

    public static let codecs: [Codec] = [Gzip.codec, Zstd.codec]

    /// A name's format extension and codec: `a.csv.gz` is ("csv", gzip).
    static func split(_ path: String) -> (format: String, codec: Codec?) {
        var parts = path.lowercased().split(separator: "/").last.map { $0.split(separator: ".").map(String.init) } ?? []
        guard parts.count > 1 else { return ("", nil) }
        let codec = codecs.first { $0.fileExtension == parts.last }
        if codec != nil { parts.removeLast() }
        return (parts.count > 1 ? parts.last! : "", codec)
    }

    /// The format that reads a file: by its extension, else the `given` one (`--input-format`),
    /// else by its content; delimited text when nothing says otherwise.
    static func reader(for path: String, bytes: UnsafeBufferPointer<UInt8>, given: String? = nil) -> (
        FileFormat, FileFormat.Load
    ) {
        let ext = split(path).format
        let readable = formats.compactMap { format in format.load.map { (format, $0) } }
        return readable.first { $0.0.extensions.contains(ext) } ?? readable.first { $0.0.extensions.contains(given ?? "") }
            ?? readable.first { $0.0.sniff?(bytes) ?? false } ?? readable[0]
    }

    /// What `--input-format` accepts.
    public static let inputFormatNames = ["csv", "tsv", "json", "ndjson"]

    /// The format and codec that write a file, by its name; nil when the name says none.
    static func writer(for path: String) -> (format: FileFormat, codec: Codec?)? {
        let (ext, codec) = split(path)
        guard let format = formats.first(where: { $0.save != nil && $0.extensions.contains(ext) }) else { return nil }
        return (format, codec)
    }

    /// The codec whose magic bytes the content starts with.
    static func codec(of bytes: UnsafeBufferPointer<UInt8>) -> Codec? { codecs.first { $0.matches(bytes) } }

    /// True for names that look like data files Quarry reads (also when compressed).
    public static func isDataFile(_ path: String) -> Bool {
        let ext = split(path).format
        return formats.contains { $0.load != nil && $0.extensions.contains(ext) }
    }

    /// The extensions of the formats that can be read, or written, for messages: `.csv, .tsv, ...`.
    static func extensions(readable: Bool) -> [String] {
        formats.filter { (readable ? $0.load != nil : $0.save != nil) }.flatMap { $0.extensions.map { "." + $0 } }
    }

    static var codecExtensions: [String] { codecs.map { "." + $0.fileExtension } }

    static func noDataFiles(_ path: String) -> Diagnostic {
        Diagnostic.noDataFiles(path, extensions: extensions(readable: true), codecs: codecExtensions)
    }

    /// Throws what `save` would of a file name that names no format it writes.
    public static func checkSaveName(_ path: String) throws(Diagnostic) {
        guard writer(for: path)?.format.save != nil else {
            throw Diagnostic.unknownSaveFormat(path, extensions: extensions(readable: false), codecs: codecExtensions)
        }
    }

    /// Writes a table to a file in the format (and codec) its name asks for, atomically; returns
    /// notes on what the format could not keep.
    @discardableResult
    public static func save(_ table: Table, to path: String) throws(Diagnostic) -> [String] {
        guard let (format, codec) = writer(for: path), let save = format.save else {
            throw Diagnostic.unknownSaveFormat(path, extensions: extensions(readable: false), codecs: codecExtensions)
        }
        if let codec {
            try AtomicFile.write(to: path) { sink throws(WriteFailure) in
                // zlib and zstd fail to start only when memory runs out.
                guard let compressor = codec.compressor() else { throw WriteFailure(code: ENOMEM) }
                var compressed = CompressedSink(compressor: compressor, inner: sink)
                try save.write(table, to: &compressed)
                try compressed.finish()
                sink = compressed.inner
            }
        } else {
            try AtomicFile.write(to: path) { sink throws(WriteFailure) in try save.write(table, to: &sink) }
        }
        return format.saveNotes?(table) ?? []
    }
}
