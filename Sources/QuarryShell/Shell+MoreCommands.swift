@preconcurrency import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO

/// The dot-commands about where output goes, and those that leave Quarry for a moment.
extension Shell {
    /// `.pager` says how paging stands; `.pager on|off|auto` sets it.
    func pagerCommand(_ argument: String) throws(Diagnostic) {
        let usage = ".pager on|off|auto"
        guard !argument.isEmpty else {
            let pager = session.pager
            let program = pager.command.map { "`\($0)`" } ?? "none (set $PAGER, or install less)"
            let now = pager.isActive ? "results taller than the screen go through it" : "results are printed directly"
            return session.write("the pager is \(pager.mode.rawValue); pager program: \(program); \(now)\n")
        }
        guard let mode = Pager.Mode(rawValue: argument.lowercased()) else {
            throw Diagnostic.commandUsage(usage, "unknown setting `\(argument)`")
        }
        if mode == .on, session.pager.command == nil {
            throw Diagnostic.commandUsage(usage, "there is no pager to turn on: set $PAGER, or install less")
        }
        session.pager.mode = mode
    }

    /// `.once FILE`: the next query's result is saved to FILE (format by extension).
    func onceCommand(_ argument: String) throws(Diagnostic) {
        guard !argument.isEmpty else { throw Diagnostic.commandUsage(".once FILE", "which file?") }
        let path = unquoted(argument)
        // Said now rather than after the query has run.
        try FormatRegistry.checkSaveName(path)
        if let source = session.catalog.loadedFrom(path) { throw Diagnostic.overwritesSource(path, table: source) }
        session.onceTarget = path
    }

    /// `.output FILE` sends every result to FILE from now on; `.output off` (or `stdout`, or
    /// nothing) sends them back to the screen.
    func outputCommand(_ argument: String) throws(Diagnostic) {
        let path = unquoted(argument)
        if ["", "off", "stdout"].contains(path.lowercased()) {
            if let file = session.outputFile, session.interactive {
                session.writeError("results were written to \(file.path); they are shown here again\n")
            }
            return try session.redirectOutput(to: nil)
        }
        if let source = session.catalog.loadedFrom(path) { throw Diagnostic.overwritesSource(path, table: source) }
        try session.redirectOutput(to: path)
    }

    /// `.shell CMD` and `!CMD`: runs CMD with `/bin/sh`, on this terminal. A command that fails
    /// is an error, so a script stops at it.
    func shellCommand(_ command: String) throws(Diagnostic) {
        guard !command.isEmpty else { throw Diagnostic.commandUsage(".shell COMMAND (or !COMMAND)", "which command?") }
        guard let status = ChildCommand.run(command) else {
            throw Diagnostic.commandNotStarted(command, reason: String(cString: strerror(errno)))
        }
        // Ctrl-C went to the command; it does not also stop what follows.
        Cancellation.reset()
        if status != 0 { throw Diagnostic.commandFailed(command, status: status) }
    }

    /// `.drop TABLE ...`: forgets tables, so their memory can go.
    func dropCommand(_ argument: String) throws(Diagnostic) {
        let names = argument.split(whereSeparator: { $0 == " " || $0 == "," }).map { unquoted(String($0)) }
        guard !names.isEmpty else { throw Diagnostic.commandUsage(".drop TABLE [TABLE ...]", "which table?") }
        // Every name is checked before any table goes.
        var resolved: [String] = []
        for name in names { resolved.append(try tableName(name, ".drop TABLE")) }
        for name in resolved {
            let bytes = session.catalog.table(name)?.memoryBytes ?? 0
            session.catalog.remove(name)
            ValueIndexCache.shared.forget(table: name)
            if session.interactive { session.writeError("dropped \(name) (about \(ByteSize.format(bytes)))\n") }
        }
    }

    /// `.tables`: each table's rows, columns and about how much memory it holds.
    func tablesCommand() throws(Diagnostic) {
        let tables = session.catalog.names.map { ($0, session.catalog.table($0)) }
        try show(
            Table(
                names: ["table", "rows", "columns", "memory"],
                columns: [
                    Column.from(tables.map { .string($0.0) }, type: .string),
                    Column.from(tables.map { .int(Int64($0.1?.rowCount ?? 0)) }, type: .int),
                    Column.from(tables.map { .int(Int64($0.1?.columnCount ?? 0)) }, type: .int),
                    Column.from(tables.map { .string($0.1.map { ByteSize.format($0.memoryBytes) } ?? "remote") }, type: .string),
                ]))
    }

    /// `.save PATH`: the last result to a file. After a statement failed, it says which result
    /// that is, since it is not the failed one's.
    func saveCommand(_ argument: String) throws(Diagnostic) {
        guard let result = session.lastResult else {
            throw Diagnostic.commandUsage(".save PATH", "there is no result to save yet; run a query first")
        }
        guard !argument.isEmpty else { throw Diagnostic.commandUsage(".save PATH", "where to?") }
        if session.failedSinceLastResult, let statement = session.lastResultStatement {
            session.writeError(
                "note: the last statement failed; saving the result before it, of `\(statement)` (\(Session.describe(result)))\n")
        }
        let interactive = session.interactive
        session.interactive = true
        defer { session.interactive = interactive }
        try session.save(result, to: unquoted(argument))
    }
}
