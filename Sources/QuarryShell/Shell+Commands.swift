@preconcurrency import Glibc
import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax
import QuarryTeaching

extension Shell {
    /// Runs a dot-command line; returns false for `.quit`.
    func runCommand(_ line: String) throws(Diagnostic) -> Bool {
        if line.first == "!" {
            try shellCommand(String(line.dropFirst()).trimmingCharacters(in: " \t"))
            return true
        }
        let (name, argument) = split(line)
        switch name.lowercased() {
        case ".quit", ".exit":
            return false
        case ".help":
            if argument.isEmpty {
                session.write(Topics.overview)
            } else if let text = Topics.help(argument) {
                session.write(text)
            } else {
                let close = closestName(to: argument, among: Topics.names)
                throw Diagnostic.commandUsage(
                    ".help [TOPIC]", "no help on `\(argument)`" + (close.map { "; did you mean `\($0)`?" } ?? ""))
            }
        case ".tables": try tablesCommand()
        case ".schema":
            let names = argument.isEmpty ? session.catalog.names : [try tableName(argument, ".schema [TABLE]")]
            for name in names {
                guard let table = session.catalog.table(name) else { continue }
                if names.count > 1 { session.write("\(name):\n") }
                try show(
                    Table(
                        names: ["column", "type", "nulls"],
                        columns: [
                            Column.from(table.names.map { .string($0) }, type: .string),
                            Column.from(table.columns.map { .string($0.type.name) }, type: .string),
                            Column.from(table.columns.map { .int(Int64($0.nullCount)) }, type: .int),
                        ]))
            }
        case ".load":
            let parts = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard !parts.isEmpty else { throw Diagnostic.commandUsage(".load PATH [as NAME]", "which file?") }
            var path = argument
            var tableName: String?
            if parts.count >= 3, parts[parts.count - 2].lowercased() == "as" {
                tableName = parts.last
                path = parts.dropLast(2).joined(separator: " ")
            }
            let interactive = session.interactive
            session.interactive = true
            defer { session.interactive = interactive }
            try session.load(path: unquoted(path), as: tableName)
        case ".read":
            guard !argument.isEmpty else { throw Diagnostic.commandUsage(".read SCRIPT", "which script?") }
            let path = unquoted(argument)
            if let error = refusal(toRun: path) { throw error }
            guard let text = TextFile.read(path) else { throw Diagnostic.fileNotFound(path) }
            switch runScript(text, name: path, file: path) {
            case .finished: break
            case .quit: return false
            case .failed: throw Diagnostic.scriptStopped(path)
            }
        case ".plan":
            let usage = Diagnostic.commandUsage(".plan QUERY", "give a query, e.g. .plan layoffs top 3 by total_laid_off")
            guard !argument.isEmpty else { throw usage }
            var parser = try Parser(argument)
            guard let statement = try parser.parseStatement(), case .query(let query) = statement.kind else { throw usage }
            session.write(try session.planText(query, SourceText(name: nil, text: argument)))
        case ".mode":
            guard let format = OutputFormat(rawValue: argument.lowercased()) else {
                let names = OutputFormat.allCases.map(\.rawValue)
                let close = closestName(to: argument, among: names)
                throw Diagnostic.commandUsage(
                    ".mode " + names.joined(separator: "|"),
                    argument.isEmpty
                        ? "the mode is \(session.format.rawValue)"
                        : "unknown mode `\(argument)`" + (close.map { "; did you mean `\($0)`?" } ?? ""))
            }
            session.format = format
        case ".notes":
            switch argument.lowercased() {
            case "on": session.showNotes = true
            case "off": session.showNotes = false
            default: throw Diagnostic.commandUsage(".notes on|off", "notes are \(session.showNotes ? "on" : "off")")
            }
        case ".timer":
            switch argument.lowercased() {
            case "on": session.timer = true
            case "off": session.timer = false
            default: throw Diagnostic.commandUsage(".timer on|off", "the timer is \(session.timer ? "on" : "off")")
            }
        case ".memory":
            try memoryCommand(argument)
        case ".last":
            guard let result = session.lastResult else {
                throw Diagnostic.commandUsage(".last", "there is no result yet; run a query first")
            }
            // Every row and column: the pager scrolls them sideways.
            var style = session.tableStyle
            style.maxRows = nil
            style.maxWidth = nil
            try session.output(result, style: style)
        case ".save": try saveCommand(argument)
        case ".pager": try pagerCommand(argument)
        case ".once": try onceCommand(argument)
        case ".output": try outputCommand(argument)
        case ".shell": try shellCommand(argument)
        case ".edit": try editCommand(argument)
        case ".drop": try dropCommand(argument)
        default:
            throw Diagnostic.unknownCommand(name, known: Topics.commands.map(\.name) + [".exit"])
        }
        return true
    }

    /// `.memory` shows the ceiling and what is left; `.memory 4GB` sets it, `.memory off` removes it.
    func memoryCommand(_ argument: String) throws(Diagnostic) {
        switch argument.lowercased() {
        case "":
            session.write(Shell.memoryReport(session.memory))
        case "off", "none":
            session.memory.ceiling = nil
        default:
            guard let bytes = ByteSize.parse(argument), bytes > 0 else {
                throw Diagnostic.commandUsage(
                    ".memory [SIZE|off]", "`\(argument)` is not a size; write it like 4GB, 512MB or 1.5GiB")
            }
            session.memory.ceiling = bytes
        }
    }

    /// `memory limit: 4 GB` / `in use: 52 MB; left: 3.9 GB (under the memory limit ...)`.
    static func memoryReport(_ memory: MemoryBudget) -> String {
        let limit =
            memory.ceiling.map { "memory limit: \(ByteSize.format($0))\n" } ?? "memory limit: none (set one with .memory SIZE)\n"
        let left = memory.left()
        let used = MemoryBudget.processMemory().map { "in use: \(ByteSize.format($0.resident)); " } ?? ""
        return limit + used + "left: \(ByteSize.format(left.bytes)) (under \(left.bound.name))\n"
    }

    /// Prints a small table in the session's output format.
    func show(_ table: Table) throws(Diagnostic) {
        try session.output(table, style: session.tableStyle)
    }

    func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (line, "") }
        return (String(line[..<space]), String(line[space...]).trimmingCharacters(in: " \t"))
    }

    func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    func tableName(_ name: String, _ syntax: String) throws(Diagnostic) -> String {
        guard let resolved = session.catalog.resolve(name) else {
            throw Diagnostic.unknownTable(name, known: session.catalog.names, range: SourceRange(0, 0))
        }
        return resolved
    }
}

extension Catalog {
    /// The table loaded from `path`, if any (compared by resolved path).
    public func loadedFrom(_ path: String) -> String? {
        func resolved(_ p: String) -> String? {
            guard let r = realpath(p, nil) else { return nil }
            defer { free(r) }
            return String(cString: r)
        }
        guard let target = resolved(path) else { return nil }
        return names.first { name in entries[name]?.sources.contains { resolved($0) == target } ?? false }
    }
}
