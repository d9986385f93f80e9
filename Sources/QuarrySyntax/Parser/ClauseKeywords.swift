import QuarryBase

/// A word that starts a clause: how the parser reads the clause, what completion inserts, and its
/// help. The parser, the statement-end rule (a line starting with one continues the statement),
/// completion and `.help` all read `ClauseKeywords.all`; a test checks that `Grammar/README.md`
/// lists the same words.
public struct ClauseKeyword: Sendable {
    public typealias Parse = @Sendable (inout Parser) throws(Diagnostic) -> Clause.Kind

    public let word: String
    public let syntax: String
    public let summary: String
    public let example: String
    /// What completion inserts: the word, and `by` where it must follow.
    public var completion: String { word == "group" || word == "sort" ? "\(word) by " : "\(word) " }
    /// Reads the clause after its keyword; nil for `chart` and `save`, which end a query and are
    /// read with it.
    let parse: Parse?
}

public enum ClauseKeywords {
    /// In the order the docs list them.
    public static let all: [ClauseKeyword] = [
        ClauseKeyword(
            word: "where", syntax: "where EXPR", summary: "keeps the rows where EXPR is true (null counts as false)",
            example: "layoffs where industry = \"Retail\" and total_laid_off > 100"
        ) { p throws(Diagnostic) in .filter(try p.parseExpr()) },
        ClauseKeyword(
            word: "select", syntax: "select ITEM, ...",
            summary: "keeps, computes and renames columns: col, name = EXPR, or EXPR as name",
            example: "layoffs select company, year = year(date), total_laid_off"
        ) { p throws(Diagnostic) in .select(try p.parseItemList(requireNames: false)) },
        ClauseKeyword(
            word: "derive", syntax: "derive name = EXPR, ...", summary: "adds or replaces columns, keeping the rest",
            example: "layoffs derive pct = round(percentage_laid_off * 100, 1)"
        ) { p throws(Diagnostic) in .derive(try p.parseItemList(requireNames: true)) },
        ClauseKeyword(
            word: "drop", syntax: "drop col, ...", summary: "removes columns", example: "layoffs drop source, date_added"
        ) {
            p throws(Diagnostic) in .drop(try p.parseNameList())
        },
        ClauseKeyword(
            word: "group", syntax: "group by KEY, ... [aggregate AGG, ...]",
            summary: "one row per distinct key, in key order; without aggregate, a count column",
            example: "layoffs group by year(date) aggregate people = sum(total_laid_off)"
        ) { p throws(Diagnostic) in try p.parseGroupClause() },
        ClauseKeyword(
            word: "aggregate", syntax: "aggregate AGG, ...", summary: "one row of aggregates over the whole input",
            example: "layoffs aggregate events = count(), people = sum(total_laid_off)"
        ) { p throws(Diagnostic) in .aggregate(try p.parseItemList(requireNames: false)) },
        ClauseKeyword(
            word: "sort", syntax: "sort by EXPR [asc|desc], ...",
            summary: "orders rows (ascending by default, nulls last, stable)",
            example: "layoffs sort by date desc, company"
        ) { p throws(Diagnostic) in try p.parseSortClause() },
        ClauseKeyword(word: "limit", syntax: "limit N", summary: "keeps the first N rows", example: "layoffs limit 10") {
            p throws(Diagnostic) in .limit(try p.parseRowCount())
        },
        ClauseKeyword(
            word: "top", syntax: "top N by EXPR [asc|desc]", summary: "sorts by EXPR (descending by default) and keeps N rows",
            example: "layoffs top 5 by total_laid_off"
        ) { p throws(Diagnostic) in try p.parseTopClause() },
        ClauseKeyword(
            word: "distinct", syntax: "distinct [col, ...]", summary: "distinct rows, or the distinct values of those columns",
            example: "layoffs distinct country"
        ) { p throws(Diagnostic) in try p.parseDistinctClause() },
        ClauseKeyword(
            word: "count", syntax: "count", summary: "one row with the number of rows in a column named count",
            example: "layoffs where country = \"India\" count"
        ) { _ throws(Diagnostic) in .count },
        ClauseKeyword(
            word: "join", syntax: "join [left] TABLE on a = b | on col",
            summary: "pairs rows whose keys are equal; left keeps unmatched left rows with nulls",
            example: "layoffs join countries on country"
        ) { p throws(Diagnostic) in try p.parseJoinClause() },
        ClauseKeyword(
            word: "describe", syntax: "describe | describe TABLE",
            summary: "one row per column: type, values, nulls, distinct values, min, max, mean, most common",
            example: "describe layoffs"
        ) { _ throws(Diagnostic) in .describe },
        ClauseKeyword(
            word: "freq", syntax: "freq COLUMN, ...", summary: "how often each value occurs, with percentages and a bar",
            example: "layoffs freq industry"
        ) { p throws(Diagnostic) in .frequency(try p.parseNameList()) },
        ClauseKeyword(
            word: "chart", syntax: "chart bar|line|hist COLUMN [bins N]",
            summary:
                "draws the result: bars (labels, lengths), lines (x, then y columns) or a histogram (bins 1 to 1000);"
                + " save \"f.svg\" writes SVG",
            example: "layoffs group by year(date) | chart bar", parse: nil),
        ClauseKeyword(
            word: "save", syntax: "save \"PATH\"", summary: "writes the result to a file instead of printing it",
            example: "layoffs where industry = \"Retail\" save \"retail.csv\"", parse: nil),
    ]

    /// The words, for recognising a clause start.
    public static let words: Set<String> = Set(all.map(\.word))

    static let byWord: [String: ClauseKeyword] = Dictionary(uniqueKeysWithValues: all.map { ($0.word, $0) })
}
