@preconcurrency import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax
import QuarryTeaching

/// One user's tables and settings, and the single path every statement takes:
/// text -> Parser -> Statement -> QueryEngine (bind, optimize, lower, execute) -> Table -> output.
public final class Session {
    public var catalog = Catalog()
    public var format: OutputFormat = .table
    /// How `table` output is drawn: width and row limits on a terminal, colour.
    public var tableStyle = TableStyle()
    /// Colour in error messages (red error label and caret).
    public var errorColor = false
    /// Notes about likely mistakes after results (`--quiet` and `.notes off` turn them off).
    public var showNotes = true
    /// Asked between operators; when it answers true the query stops with a `cancelled` error.
    public var isCancelled: @Sendable () -> Bool = { Cancellation.isRequested }
    /// Write `time: <seconds> s <what>` to the error stream after each load and statement.
    public var timer = false
    /// At the prompt, `let` and `load` say what they made.
    public var interactive = false
    /// Where results go (standard output by default).
    public var write: (String) -> Void = { print($0, terminator: "") }
    /// Query results stream straight to standard output's descriptor instead of through `write`
    /// (the program sets this; tests that collect `write` leave it off).
    public var streamsResults = false
    /// Set once standard output's reader has gone; nothing more is written to it.
    public internal(set) var outputClosed = false
    /// Where results taller than the screen go (off unless the prompt sets it up).
    public var pager = Pager(mode: .off)
    /// Where notes, timings and errors go (standard error by default).
    /// Standard output is flushed first, so the two streams interleave in order.
    public var writeError: (String) -> Void = {
        fflush(stdout)
        fputs($0, stderr)
    }
    /// What loads and queries may still allocate: the system's limits, and the user's ceiling
    /// (`--memory-limit`, `.memory`).
    public var memory = MemoryBudget()
    /// The format of data whose name does not say it (`--input-format`); nil to tell by content.
    public var inputFormat: String?
    /// The last query result, for later inspection.
    public private(set) var lastResult: Table?
    /// The start of the statement `lastResult` came from, and whether a statement failed since
    /// (so `.save` can say which result it writes).
    public private(set) var lastResultStatement: String?
    public private(set) var failedSinceLastResult = false
    /// `.once FILE`: the next query's result is saved there instead of shown.
    public var onceTarget: String?
    /// `.output FILE`: results are written there, in the session's format, until `.output off`.
    public internal(set) var outputFile: OutputFile?

    public init() {}

    /// Runs every statement of `source` in order, stopping at the first error, which it returns
    /// after printing it. The work runs on a `LargeStack`, so deep expressions and long pipelines
    /// (up to `Limits`) are walked safely.
    @discardableResult
    public func run(_ source: SourceText) -> Diagnostic? {
        LargeStack.run { () -> Diagnostic? in
            do throws(Diagnostic) {
                var parser = try Parser(source.text)
                while let statement = try parser.parseStatement() {
                    try execute(statement, source)
                }
                return nil
            } catch {
                if error.id != .outputClosed { failedSinceLastResult = true }
                report(error, in: source)
                return error
            }
        }
    }

    /// Runs one parsed statement.
    public func execute(_ statement: Statement, _ source: SourceText) throws(Diagnostic) {
        // Ctrl-C in a script between statements stops it before the next.
        try Cancellation.check()
        let started = Clock.now()
        let what: String
        var isLoad = false
        switch statement.kind {
        case .query(let query):
            // `.once` is for the next query, whether it runs or fails.
            let once = onceTarget
            onceTarget = nil
            let notes = showNotes ? NoteCollector() : nil
            let result = try runQuery(query, source, notes: notes)
            lastResult = result
            lastResultStatement = Session.summary(of: source, statement.range)
            failedSinceLastResult = false
            if let chart = query.chart {
                try draw(result, chart, saveTo: query.save?.path)
            } else if let save = query.save {
                try self.save(result, to: save.path)
            } else if let once {
                try self.save(result, to: once)
            } else {
                try output(result, style: tableStyle)
            }
            for note in notes?.notes ?? [] { writeError("note: \(note)\n") }
            what = Session.summary(of: source, statement.range)
        case .bind(let name, let query):
            let notes = showNotes ? NoteCollector() : nil
            let result = try runQuery(query, source, notes: notes)
            for note in notes?.notes ?? [] { writeError("note: \(note)\n") }
            if let save = query.save { try self.save(result, to: save.path) }
            catalog.add(name.text, result)
            if interactive { writeError("\(name.text): \(Session.describe(result))\n") }
            what = "let \(name.text)"
        case .explain(let query, let mode):
            switch mode {
            case .steps:
                let explainer = Explainer(catalog: catalog, source: source, isCancelled: isCancelled, memory: memory)
                write(try explainer.explain(query))
            case .sql:
                let plan = try Binder(catalog: catalog, source: source.text).bind(query)
                write(try SQLGenerator().generate(plan) + "\n")
            case .plan: write(try planText(query, source))
            }
            what = "explain"
        case .load(let path, _, let name, let types):
            let options = LoadOptions(types: Dictionary(types.map { ($0.0.text, $0.1) }, uniquingKeysWith: { $1 }))
            what = "load " + (try load(path: path, as: name?.text, options: options))
            isLoad = true
        }
        // A load already timed itself, one line per table.
        if timer, !isLoad { writeError("time: \(Clock.seconds(since: started)) s \(what)\n") }
    }

    /// Shows an error on standard error, with a caret under `source` where it has one; a closed
    /// standard output is shown to no one (it only ends the output).
    public func report(_ error: Diagnostic, in source: SourceText?) {
        guard error.id != .outputClosed else { return }
        writeError(error.rendered(in: source, color: errorColor))
    }

    /// Warns about settings from the environment that name nothing (a misspelt rule in
    /// `QUARRY_DISABLE_RULES` would otherwise switch nothing off in silence).
    public func checkEnvironment() {
        let unknown = Optimizer.unknownDisabledNames
        guard !unknown.isEmpty else { return }
        let rules = Optimizer.allRules.map(\.name).joined(separator: ", ")
        writeError(
            "warning: QUARRY_DISABLE_RULES names no rule: \(unknown.joined(separator: ", ")) (the rules: \(rules))\n")
    }

    /// The engine over this session's tables.
    var engine: QueryEngine {
        var engine = QueryEngine(catalog: catalog)
        engine.isCancelled = isCancelled
        engine.memory = memory
        return engine
    }

    public func runQuery(_ query: Query, _ source: SourceText, notes: NoteCollector? = nil) throws(Diagnostic) -> Table {
        Progress.begin("running " + Session.summary(of: source, query.range))
        defer { Progress.end() }
        let prepared = try engine.prepare(query, source: source.text)
        notes?.checkSortBeforeGrouping(query, source.slice)
        return try engine.run(prepared, observers: notes?.observers ?? [])
    }

    /// `explain plan` and `.plan`: the plan as bound, as the optimizer left it (with the rules
    /// that ran), and the physical plan with its strategies.
    public func planText(_ query: Query, _ source: SourceText) throws(Diagnostic) -> String {
        let engine = self.engine
        let prepared = try engine.prepare(query, source: source.text)
        return "logical plan:\n" + PlanPrinter.text(prepared.bound) + "optimized (rules: "
            + engine.optimizer.rules.map(\.name).joined(separator: ", ") + "):\n" + PlanPrinter.text(prepared.optimized)
            + "physical plan:\n" + PlanPrinter.text(prepared.physical)
    }

    /// Loads a data file as a table; a folder or a glob (`data/2025-*.csv`) loads its matching
    /// files as one table. Returns the table's name. Either it all loads, or nothing changes;
    /// a file too big for the memory left is an error (the session's `memory` decides).
    @discardableResult
    public func load(path: String, as name: String? = nil, options: LoadOptions = LoadOptions()) throws(Diagnostic) -> String {
        let started = Clock.now()
        var options = options
        options.memory = memory
        options.inputFormat = inputFormat
        let files = try DataFiles.expand(path)
        var parts: [(path: String, table: Table)] = []
        var notes: [String] = []
        for file in files {
            Progress.begin("loading \(file)")
            defer { Progress.end() }
            let loaded = try DataLoader.load(path: file, options: options)
            parts.append((file, loaded.table))
            notes += loaded.notes
        }
        let table = parts.count == 1 ? parts[0].table : try TableUnion.union(parts)
        let tableName = name ?? PipeInput.tableName(for: files.count == 1 ? files[0] : path)
        catalog.add(tableName, table, sources: files)
        for note in notes { writeError("note: \(note)\n") }
        if interactive {
            let types = zip(table.names, table.columns).map { "\(display($0)) \($1.type.name)" }.joined(separator: ", ")
            let from = files.count == 1 ? "" : " from \(files.count) files"
            writeError("\(tableName): \(Session.describe(table))\(from) (\(types))\n")
        }
        if timer { writeError("time: \(Clock.seconds(since: started)) s load \(tableName)\n") }
        return tableName
    }

    /// Writes a result to a file in the format its extension names (`.gz` or `.zst` compresses
    /// it), atomically; never over a file a table was loaded from.
    public func save(_ table: Table, to path: String) throws(Diagnostic) {
        if let source = catalog.loadedFrom(path) { throw Diagnostic.overwritesSource(path, table: source) }
        Progress.begin("saving \(path)")
        let saved = Result { () throws(Diagnostic) in try FormatRegistry.save(table, to: path) }
        Progress.end()
        let notes = try saved.get()
        if interactive { writeError("saved \(Session.describe(table)) to \(path)\n") }
        if showNotes { for note in notes { writeError("note: \(note)\n") } }
    }

    /// Draws a result as a chart in the terminal, or as SVG into `path`.
    func draw(_ table: Table, _ request: ChartRequest, saveTo path: String?) throws(Diagnostic) {
        let data = try ChartData.prepare(table, request)
        guard let path else {
            write(TextChart.render(data, width: tableStyle.maxWidth ?? 80, color: tableStyle.color))
            return
        }
        guard path.lowercased().hasSuffix(".svg") else { throw Diagnostic.chartFormat(path) }
        try AtomicFile.write(SVGChart.render(data), to: path)
        if interactive { writeError("saved the chart to \(path)\n") }
    }

    /// `4,523 rows, 11 columns`
    public static func describe(_ table: Table) -> String {
        let rows = ValueFormatter.grouped(Int64(table.rowCount))
        return "\(rows) row\(table.rowCount == 1 ? "" : "s"), \(table.columnCount) column\(table.columnCount == 1 ? "" : "s")"
    }

    /// The statement's first line, shortened, for timing lines.
    static func summary(of source: SourceText, _ range: SourceRange) -> String {
        let firstLine = String(source.slice(range).prefix { !$0.isNewline })
        return firstLine.count > 60 ? String(firstLine.prefix(59)) + "…" : firstLine
    }
}
