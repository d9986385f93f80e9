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
    /// The clauses and statements of the language, in the order the docs list them.
    public static let clauses: [HelpTopic] = [
        HelpTopic(
            name: "where", syntax: "where EXPR", summary: "keeps the rows where EXPR is true (null counts as false)",
            example: "layoffs where industry = \"Retail\" and total_laid_off > 100"),
        HelpTopic(
            name: "select", syntax: "select ITEM, ...",
            summary: "keeps, computes and renames columns: col, name = EXPR, or EXPR as name",
            example: "layoffs select company, year = year(date), total_laid_off"),
        HelpTopic(
            name: "derive", syntax: "derive name = EXPR, ...", summary: "adds or replaces columns, keeping the rest",
            example: "layoffs derive pct = round(percentage_laid_off * 100, 1)"),
        HelpTopic(name: "drop", syntax: "drop col, ...", summary: "removes columns", example: "layoffs drop source, date_added"),
        HelpTopic(
            name: "group", syntax: "group by KEY, ... [aggregate AGG, ...]",
            summary: "one row per distinct key, in key order; without aggregate, a count column",
            example: "layoffs group by year(date) aggregate people = sum(total_laid_off)"),
        HelpTopic(
            name: "aggregate", syntax: "aggregate AGG, ...", summary: "one row of aggregates over the whole input",
            example: "layoffs aggregate events = count(), people = sum(total_laid_off)"),
        HelpTopic(
            name: "sort", syntax: "sort by EXPR [asc|desc], ...",
            summary: "orders rows (ascending by default, nulls last, stable)",
            example: "layoffs sort by date desc, company"),
        HelpTopic(name: "limit", syntax: "limit N", summary: "keeps the first N rows", example: "layoffs limit 10"),
        HelpTopic(
            name: "top", syntax: "top N by EXPR [asc|desc]", summary: "sorts by EXPR (descending by default) and keeps N rows",
            example: "layoffs top 5 by total_laid_off"),
        HelpTopic(
            name: "distinct", syntax: "distinct [col, ...]", summary: "distinct rows, or the distinct values of those columns",
            example: "layoffs distinct country"),
        HelpTopic(
            name: "count", syntax: "count", summary: "one row with the number of rows in a column named count",
            example: "layoffs where country = \"India\" count"),
        HelpTopic(
            name: "join", syntax: "join [left] TABLE on a = b | on col",
            summary: "pairs rows whose keys are equal; left keeps unmatched left rows with nulls",
            example: "layoffs join countries on country"),
        HelpTopic(
            name: "describe", syntax: "describe | describe TABLE",
            summary: "one row per column: type, values, nulls, distinct values, min, max, mean, most common",
            example: "describe layoffs"),
        HelpTopic(
            name: "freq", syntax: "freq COLUMN, ...", summary: "how often each value occurs, with percentages and a bar",
            example: "layoffs freq industry"),
        HelpTopic(
            name: "chart", syntax: "chart bar|line|hist COLUMN [bins N]",
            summary:
                "draws the result: bars (labels, lengths), lines (x, then y columns) or a histogram; save \"f.svg\" writes SVG",
            example: "layoffs group by year(date) | chart bar"),
        HelpTopic(
            name: "save", syntax: "save \"PATH\"", summary: "writes the result to a file instead of printing it",
            example: "layoffs where industry = \"Retail\" save \"retail.csv\""),
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
        HelpTopic(name: ".tables", syntax: ".tables", summary: "the tables, with their rows and columns", example: ".tables"),
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
            name: ".notes", syntax: ".notes on|off", summary: "notes about likely mistakes after results (on by default)",
            example: ".notes off"),
        HelpTopic(
            name: ".last", syntax: ".last", summary: "the whole last result, every row and column (through $PAGER if set)",
            example: ".last"),
        HelpTopic(
            name: ".save", syntax: ".save PATH", summary: "writes the last result to a file; the format follows the extension",
            example: ".save retail.csv"),
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
