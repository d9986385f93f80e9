import QuarryBase
import QuarryEngine
import QuarryIO
import QuarrySyntax
import QuarryTeaching

/// Help topics: what `.help TOPIC` shows, for clauses, statements, functions and commands.
public struct HelpTopic: Sendable {
    public let name: String
    public let syntax: String
    public let summary: String
    public let example: String
}

public enum Topics {
    /// The clauses (from the parser's keyword table) and statements of the language, in the
    /// order the docs list them.
    public static let clauses: [HelpTopic] =
        ClauseKeywords.all.map { HelpTopic(name: $0.word, syntax: $0.syntax, summary: $0.summary, example: $0.example) }
        + statements

    static let statements: [HelpTopic] = [
        HelpTopic(
            name: "explain", syntax: "explain [sql | plan] QUERY",
            summary: "what each step of the query does and how many rows it leaves (or the query as SQL)",
            example: "explain layoffs where industry = \"Retail\" group by year(date)"),
        HelpTopic(
            name: "let", syntax: "let NAME = QUERY", summary: "keeps a query's result as a new table",
            example: "let retail = layoffs where industry = \"Retail\""),
        HelpTopic(
            name: "load", syntax: "load \"PATH\" [as NAME]", summary: "loads a data file (or a folder of them) as a table",
            example: "load \"data/countries.csv\" as countries"),
    ]

    /// The prompt's dot-commands.
    public static let commands: [HelpTopic] = [
        HelpTopic(
            name: ".help", syntax: ".help [TOPIC]", summary: "this help, or help on a clause, function or command",
            example: ".help where"),
        HelpTopic(
            name: ".tables", syntax: ".tables", summary: "the tables, with their rows, columns and memory", example: ".tables"),
        HelpTopic(
            name: ".drop", syntax: ".drop TABLE [TABLE ...]", summary: "forgets tables, giving back their memory",
            example: ".drop layoffs"),
        HelpTopic(
            name: ".schema", syntax: ".schema [TABLE]", summary: "each column's type and number of nulls",
            example: ".schema layoffs"),
        HelpTopic(
            name: ".load", syntax: ".load PATH [as NAME]", summary: "loads a data file or folder as a table",
            example: ".load data/countries.csv as countries"),
        HelpTopic(
            name: ".read", syntax: ".read SCRIPT", summary: "runs the statements of a script file", example: ".read report.qry"),
        HelpTopic(
            name: ".plan", syntax: ".plan QUERY",
            summary: "the query's plans: as written, as optimized (naming the rules), and as run (with strategies)",
            example: ".plan layoffs sort by total_laid_off | select company | limit 3"),
        HelpTopic(
            name: ".mode", syntax: ".mode table|csv|tsv|json|ndjson|markdown", summary: "how results are printed",
            example: ".mode csv"),
        HelpTopic(name: ".timer", syntax: ".timer on|off", summary: "prints how long each statement took", example: ".timer on"),
        HelpTopic(
            name: ".memory", syntax: ".memory [SIZE|off]",
            summary: "a ceiling on the memory loads and queries may use; alone, shows it and what is left",
            example: ".memory 4GB"),
        HelpTopic(
            name: ".notes", syntax: ".notes on|off", summary: "notes about likely mistakes after results (on by default)",
            example: ".notes off"),
        HelpTopic(
            name: ".last", syntax: ".last", summary: "the whole last result, every row and column (through the pager)",
            example: ".last"),
        HelpTopic(
            name: ".pager", syntax: ".pager [on|off|auto]",
            summary: "results taller than the screen go through $PAGER (else less); auto: on a terminal",
            example: ".pager off"),
        HelpTopic(
            name: ".save", syntax: ".save PATH", summary: "writes the last result to a file; the format follows the extension",
            example: ".save retail.csv"),
        HelpTopic(
            name: ".once", syntax: ".once FILE", summary: "the next query's result goes to FILE (format by extension)",
            example: ".once retail.json"),
        HelpTopic(
            name: ".output", syntax: ".output FILE|off", summary: "every result goes to FILE, in the mode, until .output off",
            example: ".output results.txt"),
        HelpTopic(
            name: ".shell", syntax: ".shell COMMAND (or !COMMAND)", summary: "runs a command of the system shell",
            example: "!ls *.csv"),
        HelpTopic(
            name: ".edit", syntax: ".edit",
            summary: "the last (or the half-typed) statement in $VISUAL or $EDITOR; runs what you save",
            example: ".edit"),
        HelpTopic(
            name: ".quit", syntax: ".quit (or .exit)", summary: "leaves Quarry (Ctrl-D on an empty line does too)",
            example: ".quit"),
    ]

    /// Every topic name, for suggestions and completion.
    public static var names: [String] {
        clauses.map(\.name) + commands.map(\.name) + FunctionRegistry.allNames
    }

    /// The help text for one topic, or nil when there is none by that name.
    public static func help(_ topic: String) -> String? {
        let name = topic.lowercased()
        if let t = (clauses + commands).first(where: { $0.name == name || $0.name == "." + name }) {
            return "\(t.syntax)\n  \(t.summary)\n  example: \(t.example)\n"
        }
        if name == "exit" || name == ".exit" { return help(".quit") }
        if let f = FunctionRegistry.scalars[name] {
            return "\(f.signature)\n  \(f.summary)\n  example: \(f.example)\n"
        }
        if let f = FunctionRegistry.aggregates[name] {
            return "\(f.signature)  (aggregate)\n  \(f.summary)\n  example: \(f.example)\n"
        }
        if name == "functions" {
            let scalars = FunctionRegistry.scalars.keys.sorted().joined(separator: " ")
            let aggregates = FunctionRegistry.aggregates.keys.sorted().joined(separator: " ")
            return "functions: \(scalars)\naggregates: \(aggregates)\nType .help NAME for one of them.\n"
        }
        return nil
    }

    /// The overview `.help` shows with no topic.
    public static var overview: String {
        var out = "Statements (end with ; or a new line that does not start with a clause or |):\n"
        out += "  QUERY                    a table, then clauses: layoffs where industry = \"Retail\" group by year(date)\n"
        for name in ["let", "load", "explain"] {
            if let t = clauses.first(where: { $0.name == name }) { out += "  " + pad(t.syntax, 24) + " " + t.summary + "\n" }
        }
        out += "Clauses:\n"
        for t in clauses where !["let", "load", "explain"].contains(t.name) {
            out += "  " + pad(t.syntax, 38) + " " + t.summary + "\n"
        }
        out += "Commands:\n"
        for t in commands { out += "  " + pad(t.syntax, 38) + " " + t.summary + "\n" }
        out += "Keys: Tab completes, Up/Down recall statements, Ctrl-R searches history, Ctrl-C cancels, Ctrl-D quits.\n"
        out += "More: .help TOPIC (a clause, function or command), .help functions\n"
        return out
    }

    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
}
