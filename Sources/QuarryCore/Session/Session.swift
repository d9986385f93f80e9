@preconcurrency import Glibc

/// One user's tables and settings, and the single path every statement takes:
/// text -> Parser -> Statement -> Binder -> Plan -> Executor -> Table -> output.
public final class Session {
    public var catalog = Catalog()
    public var format: OutputFormat = .table
    /// How `table` output is drawn: width and row limits on a terminal, colour.
    public var tableStyle = TableStyle()
    /// Colour in error messages (red error label and caret).
    public var errorColor = false
    /// Asked between operators; when it answers true the query stops with a `cancelled` error.
    public var isCancelled: @Sendable () -> Bool = { false }
    /// Write `time: <seconds> s <what>` to the error stream after each load and statement.
    public var timer = false
    /// At the prompt, `let` and `load` say what they made.
    public var interactive = false
    /// Where results go (standard output by default).
    public var write: (String) -> Void = { print($0, terminator: "") }
    /// Where notes, timings and errors go (standard error by default).
    /// Standard output is flushed first, so the two streams interleave in order.
    public var writeError: (String) -> Void = {
        fflush(stdout)
        fputs($0, stderr)
    }
    /// The last query result, for later inspection.
    public private(set) var lastResult: Table?

    public init() {}

    /// Runs every statement of `source` in order, stopping at the first error, which it returns
    /// after printing it.
    @discardableResult
    public func run(_ source: SourceText) -> Diagnostic? {
        do {
            var parser = try Parser(source.text)
            while let statement = try parser.parseStatement() {
                try execute(statement, source)
            }
            return nil
        } catch {
            writeError(error.rendered(in: source, color: errorColor))
            return error
        }
    }

    /// Runs one parsed statement.
    public func execute(_ statement: Statement, _ source: SourceText) throws(Diagnostic) {
        let started = Clock.now()
        let what: String
        switch statement.kind {
        case .query(let query):
            let result = try runQuery(query, source)
            lastResult = result
            write(format.render(result, style: tableStyle))
            what = Session.summary(of: source.text, statement.range)
        case .bind(let name, let query):
            let result = try runQuery(query, source)
            catalog.add(name.text, result)
            if interactive { writeError("\(name.text): \(Session.describe(result))\n") }
            what = "let \(name.text)"
        case .load(let path, _, let name):
            let loaded = try load(path: path, as: name?.text)
            what = "load " + loaded.joined(separator: ", ")
        }
        if timer { writeError("time: \(Clock.seconds(since: started)) s \(what)\n") }
    }

    public func runQuery(_ query: Query, _ source: SourceText) throws(Diagnostic) -> Table {
        let (plan, _) = try Binder(catalog: catalog, source: source.text).bind(query)
        return try Executor(isCancelled: isCancelled).run(plan)
    }

    /// Loads a data file, or every data file in a folder, as tables; returns their names.
    @discardableResult
    public func load(path: String, as name: String? = nil) throws(Diagnostic) -> [String] {
        let files = try DataFiles.expand(path)
        var loaded: [(String, Table, String)] = []
        for file in files {
            let started = Clock.now()
            let table = try CSVLoader.load(path: file)
            let tableName = files.count == 1 ? (name ?? CSVLoader.tableName(for: file)) : CSVLoader.tableName(for: file)
            loaded.append((tableName, table, file))
            if timer { writeError("time: \(Clock.seconds(since: started)) s load \(tableName)\n") }
        }
        // Only when every file loaded do the tables replace anything.
        for (tableName, table, file) in loaded {
            catalog.add(tableName, table, source: file)
            if interactive { writeError("\(tableName): \(Session.describe(table))\n") }
        }
        return loaded.map(\.0)
    }

    /// `4,523 rows, 11 columns`
    public static func describe(_ table: Table) -> String {
        let rows = ValueFormatter.grouped(Int64(table.rowCount))
        return "\(rows) row\(table.rowCount == 1 ? "" : "s"), \(table.columnCount) column\(table.columnCount == 1 ? "" : "s")"
    }

    /// The statement's first line, shortened, for timing lines.
    static func summary(of text: String, _ range: SourceRange) -> String {
        let bytes = Array(text.utf8)
        let slice = bytes[min(range.start, bytes.count)..<min(range.end, bytes.count)]
        let firstLine = String(decoding: slice.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        return firstLine.count > 60 ? String(firstLine.prefix(59)) + "…" : firstLine
    }
}

/// Finds the data files a path names: the file itself, or a folder's data files in name order.
public enum DataFiles {
    public static let extensions = ["csv", "tsv"]

    public static func isDataFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix("." + $0) }
    }

    public static func expand(_ path: String) throws(Diagnostic) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Diagnostic.fileNotFound(path) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            guard isDataFile(path) else { throw Diagnostic.unsupportedFile(path) }
            return [path]
        }
        guard let dir = opendir(path) else { throw Diagnostic.unreadableFile(path, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix("."), isDataFile(name) { names.append(name) }
        }
        guard !names.isEmpty else { throw Diagnostic.noDataFiles(path) }
        let folder = path.hasSuffix("/") ? path : path + "/"
        return names.sorted().map { folder + $0 }
    }
}

/// Monotonic time for `--timer`.
public enum Clock {
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Seconds since `start`, with four decimals.
    public static func seconds(since start: Double) -> String {
        let tenThousandths = Int(((now() - start) * 10_000).rounded())
        let whole = tenThousandths / 10_000
        let fraction = String(tenThousandths % 10_000)
        return "\(whole)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
