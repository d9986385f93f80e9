@preconcurrency import Glibc
import QuarryCore

/// A plain interactive prompt: reads lines until the parser says the statement is complete,
/// runs it, and keeps going after errors. Ctrl-D on an empty line exits.
struct Prompt {
    let session: Session

    func run() -> Int32 {
        session.interactive = true
        let tables = session.catalog.names.map { name in
            "\(name) (\(ValueFormatter.grouped(Int64(session.catalog.table(name)?.rowCount ?? 0))) rows)"
        }
        print("Quarry \(Quarry.version) — tables: \(tables.joined(separator: ", ")). Type .help for help.")
        var buffer = ""
        while true {
            print(buffer.isEmpty ? "quarry> " : "   ...> ", terminator: "")
            fflush(stdout)
            guard let line = readLine() else {
                print("")
                return 0
            }
            if buffer.isEmpty, line.trimmingSpaces.hasPrefix(".") {
                if handleCommand(line.trimmingSpaces) { return 0 }
                continue
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            guard Parser.isComplete(buffer) else { continue }
            if !buffer.trimmingSpaces.isEmpty { session.run(SourceText(name: nil, text: buffer)) }
            buffer = ""
        }
    }

    /// Runs a dot-command; returns true when the prompt should exit.
    func handleCommand(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case ".quit", ".exit": return true
        case ".tables":
            for name in session.catalog.names {
                if let table = session.catalog.table(name) { print("\(name): \(Session.describe(table))") }
            }
        case ".help":
            print(
                "Statements: a query (layoffs where industry = \"Retail\" group by year(date)), let NAME = QUERY, load \"file.csv\" as NAME."
            )
            print("Commands: .tables  .help  .quit")
        default:
            print("unknown command \(parts[0]); try .help")
        }
        return false
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
