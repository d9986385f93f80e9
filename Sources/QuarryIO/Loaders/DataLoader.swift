import QuarryBase
import QuarryEngine

/// What a `load` may say beyond the path: types for some columns, overriding inference.
public struct LoadOptions: Sendable {
    public var types: [String: DataType]
    /// What the load may allocate: a file too big for it is an error saying what it would need.
    public var memory: MemoryBudget
    /// The format (`csv`, `tsv`, `json`, `ndjson`) of data whose name has no format extension
    /// (standard input, pipes, files without one); nil to tell by the content.
    public var inputFormat: String?

    public init(types: [String: DataType] = [:], memory: MemoryBudget = MemoryBudget(), inputFormat: String? = nil) {
        self.types = types
        self.memory = memory
        self.inputFormat = inputFormat
    }

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

/// What a loader's second pass knows of the columns: their names, types, and which types were
/// given rather than inferred (their values must be checked).
struct RowLayout {
    let names: [String]
    let types: [DataType]
    let strict: [Bool]
    let path: String
}

extension LoadOptions {
    /// The columns' layout: the inferred types, with those the load gave in their place.
    func layout(names: [String], inferred: [DataType], path: String) throws(Diagnostic) -> RowLayout {
        var types = inferred
        var strict = [Bool](repeating: false, count: names.count)
        for (i, type) in try columnTypes(for: names, path: path) {
            types[i] = type
            strict[i] = true
        }
        return RowLayout(names: names, types: types, strict: strict, path: path)
    }
}

/// Loads any data file: decompresses it when a codec's magic bytes start it, picks the format
/// from the registry (by extension, else by content), and reads the bytes into a table. One
/// entry point for every format.
public enum DataLoader {
    public struct Loaded {
        public var table: Table
        /// Things worth telling the user, e.g. renamed duplicate headers.
        public var notes: [String]
    }

    public static func load(path: String, options: LoadOptions = LoadOptions()) throws(Diagnostic) -> Loaded {
        if PipeInput.isStream(path) {
            // Read once, whole (a pipe cannot be read again), then loaded as bytes in memory.
            let name = PipeInput.displayName(path)
            var bytes = try PipeInput.readAll(path, memory: options.memory)
            guard !bytes.isEmpty else { throw Diagnostic.emptyInput(name) }
            return try bytes.withUnsafeMutableBufferPointer { buffer throws(Diagnostic) in
                try load(UnsafeBufferPointer(buffer), path: name, options: options, releaser: .none)
            }
        }
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try load(file.bytes, path: path, options: options, releaser: file.releaser)
    }

    /// Loads a file's bytes already in memory, as `load(path:)` loads the file: `path` names the
    /// format (by extension) and appears in errors.
    public static func load(bytes: UnsafeBufferPointer<UInt8>, path: String, options: LoadOptions = LoadOptions())
        throws(Diagnostic) -> Loaded
    {
        guard !bytes.isEmpty else { throw Diagnostic.emptyFile(path) }
        return try load(bytes, path: path, options: options, releaser: .none)
    }

    static func load(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: LoadOptions, releaser: PageReleaser)
        throws(Diagnostic) -> Loaded
    {
        if let codec = FormatRegistry.codec(of: bytes) {
            // The first window of the text says its format; a format that streams reads on
            // from it, others get the whole text.
            let open = { PrefetchedStream(codec.open(bytes, path, releaser)) }
            let window = try TextWindow(open(), capacity: TextWindow.firstCapacity, memory: options.memory, path: path)
            try window.fill()
            guard window.count > 0 else { throw Diagnostic.emptyFile(path) }
            try BinaryFormats.refuse(window.bytes, path: path)
            let (format, _) = FormatRegistry.reader(for: path, bytes: window.bytes, given: options.inputFormat)
            if let stream = format.stream, let loaded = try stream(window, open, codec.name, path, options) { return loaded }
            var inflated = try codec.decompress(bytes, path, options.memory)
            guard !inflated.isEmpty else { throw Diagnostic.emptyFile(path) }
            return try inflated.withUnsafeMutableBufferPointer { buffer throws(Diagnostic) in
                try parse(UnsafeBufferPointer(buffer), path: path, options: options)
            }
        }
        try BinaryFormats.refuse(bytes, path: path)
        return try parse(bytes, path: path, options: options, releaser: releaser)
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
        let (format, load) = FormatRegistry.reader(for: path, bytes: bytes, given: options.inputFormat)
        if format.isText, !format.loaderChecksUTF8 { try UTF8Check.validate(bytes, path: path, releaser: releaser) }
        return try load(bytes, path, options, releaser)
    }
}
