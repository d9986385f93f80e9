/// The wording of every diagnostic, in one place.
extension Diagnostic {
    // MARK: Lexing

    package static func unterminatedString(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unterminatedString, "this string has no closing quote", range: range,
            hint: "end the string with the quote it started with")
    }
    package static func unterminatedIdentifier(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unterminatedIdentifier, "this quoted name has no closing backquote", range: range,
            hint: "write the name as `like this`, on one line")
    }
    package static func unexpectedCharacter(_ text: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unexpectedCharacter, "unexpected character `\(text)`", range: range,
            hint: text == "!" ? "write `!=` or `not`" : "names with other characters go in backquotes: `like this`")
    }
    package static func invalidNumber(_ text: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidNumber, "`\(text)` is not a number", range: range,
            hint: "a name cannot start with a digit; write it in backquotes: `\(text)`")
    }
    package static func invalidDateLiteral(_ text: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidDateLiteral, "`\(text)` is not a valid date", range: range,
            hint: "date literals are written @YYYY-MM-DD, e.g. @2024-01-31")
    }

    // MARK: Parsing

    package static func misplacedLineStart(_ text: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .misplacedLineStart, "a statement cannot start with `\(text)`", range: range,
            hint: "a line continues the statement above only when it starts with a clause keyword or `|`;"
                + " end the previous line with the operator instead, or wrap the expression in parentheses")
    }
    package static func saveInside(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unexpectedToken, "`save` can only end a whole statement, not a query in brackets", range: range,
            hint: "move save \"file\" to the end of the statement")
    }
    package static func chartInside(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unexpectedToken, "`chart` can only end a whole statement, not a query in brackets", range: range,
            hint: "move the chart clause to the end of the statement")
    }
    package static func chartNotLast(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unexpectedToken, "`chart` must be the last clause (only save \"file.svg\" may follow it)", range: range,
            hint: "put the other clauses before the chart")
    }
    package static func saveNotLast(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unexpectedToken, "`save` must be the last clause", range: range,
            hint: "put the other clauses before save \"file\"")
    }
    package static func nestedTooDeeply(_ limit: Int, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .nestedTooDeeply, "this is nested too deeply (more than \(limit) levels)", range: range,
            hint: "split it into steps with let")
    }
    package static func invalidCount(_ text: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidCount, "expected a whole number of rows, found \(text)", range: range,
            hint: "write a non-negative whole number, e.g. limit 10")
    }

    package static func countTooLarge(_ text: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidCount, "\(text) is too large for a count of rows", range: range,
            hint: "the largest count is \(Int.max); every table has fewer rows")
    }
    package static func invalidBins(_ text: String, limit: ClosedRange<Int>, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidCount, "a histogram has \(limit.lowerBound) to \(limit.upperBound) bins, not \(text)", range: range,
            hint: "ask for fewer bins, e.g. bins 50, or leave bins out for a round width")
    }

    // MARK: Binding

    package static func unknownTable(_ name: String, known: [String], range: SourceRange) -> Diagnostic {
        var hint =
            known.isEmpty
            ? "no tables are loaded; load one with: load \"file.csv\" as name"
            : "tables: " + known.joined(separator: ", ")
        if let close = closestName(to: name, among: known) { hint = "did you mean `\(close)`?" }
        return Diagnostic(.unknownTable, "unknown table `\(name)`", range: range, hint: hint)
    }
    package static func unknownColumn(_ name: String, known: [String], range: SourceRange, hint extra: String? = nil)
        -> Diagnostic
    {
        var hint = extra
        if hint == nil, let close = closestName(to: name, among: known) { hint = "did you mean `\(close)`?" }
        if hint == nil {
            hint = "columns: " + known.prefix(12).map(display).joined(separator: ", ") + (known.count > 12 ? ", …" : "")
        }
        return Diagnostic(.unknownColumn, "unknown column `\(name)`", range: range, hint: hint)
    }
    package static func ambiguousColumn(_ name: String, matches: [String], range: SourceRange) -> Diagnostic {
        Diagnostic(
            .ambiguousColumn, "`\(name)` matches several columns: \(matches.map(display).joined(separator: ", "))",
            range: range, hint: "write the name exactly as one of them")
    }
    package static func unknownFunction(_ name: String, known: [String], range: SourceRange) -> Diagnostic {
        let close = closestName(to: name, among: known)
        return Diagnostic(
            .unknownFunction, "unknown function `\(name)`", range: range,
            hint: close.map { "did you mean `\($0)`?" } ?? "see the list of functions with .help functions")
    }
    package static func wrongArgumentCount(
        _ name: String, _ signature: String, takes arity: ClosedRange<Int>, given: Int,
        range: SourceRange
    ) -> Diagnostic {
        let takes =
            arity.count == 1
            ? "\(arity.lowerBound)"
            : arity.upperBound > 9
                ? "at least \(arity.lowerBound)"
                : "\(arity.lowerBound) to \(arity.upperBound)"
        let noun = arity.upperBound == 1 && arity.lowerBound == 1 ? "argument" : "arguments"
        return Diagnostic(
            .wrongArgumentCount, "`\(name)` takes \(takes) \(noun), but \(given) \(given == 1 ? "was" : "were") given",
            range: range, hint: "it is \(signature)")
    }
    package static func typeMismatch(_ message: String, range: SourceRange, hint: String? = nil) -> Diagnostic {
        Diagnostic(.typeMismatch, message, range: range, hint: hint)
    }
    package static func aggregateNotAllowed(_ name: String, clause: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .aggregateNotAllowed, "the aggregate `\(name)` cannot be used in `\(clause)`", range: range,
            hint:
                "aggregates go in `group by ... aggregate ...` or `aggregate ...`; filter on them with a `where` after the group by"
        )
    }
    package static func aggregateRequired(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .aggregateRequired, "each item after `aggregate` must be an aggregate such as sum(x) or count()", range: range,
            hint: "group by the column instead, or wrap it: min(x)")
    }
    package static func invalidArgument(_ message: String, range: SourceRange, hint: String? = nil) -> Diagnostic {
        Diagnostic(.invalidArgument, message, range: range, hint: hint)
    }
    package static func duplicateColumn(_ name: String, range: SourceRange) -> Diagnostic {
        Diagnostic(
            .duplicateColumn, "the column name `\(name)` is used twice", range: range,
            hint: "give one of them another name: name = expression")
    }
    package static func emptySelection(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .emptySelection, "this would remove every column", range: range,
            hint: "keep at least one column")
    }

    // MARK: Running

    package static func integerOverflow(_ operation: String, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .integerOverflow, "integer overflow in \(operation): the result does not fit in 64 bits", range: range,
            hint: "convert to float first: float(x)")
    }
    package static func dateOutOfRange(range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .integerOverflow, "the resulting date falls outside the years 1 to 9999", range: range,
            hint: "a date holds 0001-01-01 to 9999-12-31; check the number of days added")
    }
    package static func conversionFailed(_ value: String, to type: DataType, range: SourceRange?) -> Diagnostic {
        Diagnostic(
            .conversionFailed, "cannot convert \"\(value)\" to \(type.name)", range: range,
            hint: type == .date ? "dates are written YYYY-MM-DD or M/D/YYYY" : "filter out such values first with where")
    }
    public static func cancelled() -> Diagnostic {
        Diagnostic(.cancelled, "cancelled (Ctrl-C); every table is as it was")
    }

    /// `this join would make 2.1 billion rows (about 180 GB), but 3.9 GB are left under the
    /// memory limit`: nothing was allocated, and every table is as it was.
    public static func outOfMemory(_ what: String, needs: Int, left: MemoryBudget.Left, file: String? = nil) -> Diagnostic {
        Diagnostic(
            .outOfMemory,
            "\(what) (about \(ByteSize.format(needs))), but \(ByteSize.format(left.bytes)) "
                + "\(left.bytes == 1 ? "is" : "are") left under \(left.bound.name)",
            hint: "nothing was loaded or changed; " + left.bound.hint, file: file)
    }

    // MARK: Files

    public static func fileNotFound(_ path: String) -> Diagnostic {
        Diagnostic(
            .fileNotFound, "no such file or folder", hint: "check the path; it is relative to the working directory",
            file: path)
    }
    public static func unreadableFile(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(.unreadableFile, "cannot read the file: \(reason)", file: path)
    }
    package static func unterminatedQuote(_ path: String, line: Int) -> Diagnostic {
        Diagnostic(
            .unterminatedQuote, "a quoted field starts here but its closing quote is missing",
            hint: "a quote inside a quoted field is written twice: \"\"", file: path, line: line)
    }
    package static func textAfterQuote(_ path: String, line: Int) -> Diagnostic {
        Diagnostic(
            .textAfterQuote, "text follows the closing quote of a field",
            hint: "a quoted field must end at its closing quote; a quote inside it is written twice: \"\"",
            file: path, line: line)
    }
    package static func tooManyFields(_ path: String, line: Int, found: Int, expected: Int) -> Diagnostic {
        Diagnostic(
            .tooManyFields, "this row has \(found) fields, but the header has \(expected)",
            hint: "a field containing the delimiter must be quoted", file: path, line: line)
    }
    package static func invalidUTF8(_ path: String, line: Int, offset: Int) -> Diagnostic {
        Diagnostic(
            .invalidUTF8, "the file is not valid UTF-8 (byte offset \(offset))",
            hint: "convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8", file: path, line: line)
    }
    package static func emptyFile(_ path: String) -> Diagnostic {
        Diagnostic(.emptyFile, "the file is empty: it has no header row", file: path)
    }
    public static func unsupportedFile(_ path: String) -> Diagnostic {
        Diagnostic(
            .unsupportedFile, "not a data file Quarry can read",
            hint: "data files end in .csv; scripts end in .qry", file: path)
    }
    /// A file in a format Quarry knows by its first bytes but cannot read (Parquet, xlsx, ...).
    public static func unsupportedFormat(_ path: String, format: String, hint: String) -> Diagnostic {
        Diagnostic(.unsupportedFile, "\(format) files are not supported yet", hint: hint, file: path)
    }
    /// Standard input or a pipe that ended before any data came through it.
    public static func emptyInput(_ path: String) -> Diagnostic {
        Diagnostic(
            .emptyFile, "no data came through it: the input is empty",
            hint: "pipe a data file in, e.g. cat data.csv | quarry - -c 'stdin count'", file: path)
    }
    public static func noDataFiles(_ path: String, extensions: [String], codecs: [String]) -> Diagnostic {
        Diagnostic(
            .noDataFiles,
            "no data files here (\(extensions.joined(separator: ", ")), or those \(codecs.joined(separator: " or ")))",
            file: path)
    }

    package static func valueDoesNotFit(_ path: String, line: Int, column: Int, name: String, value: String, type: DataType)
        -> Diagnostic
    {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return Diagnostic(
            .valueDoesNotFit, "the value \"\(shown)\" in column `\(name)` is not a valid \(type.name)",
            hint: "change the type given for `\(name)`, or fix the value", file: path, line: line, column: column)
    }
    package static func jsonSyntax(_ path: String, line: Int, column: Int, message: String) -> Diagnostic {
        Diagnostic(.jsonSyntax, "this is not valid JSON: \(message)", file: path, line: line, column: column)
    }
    package static func jsonNotObject(_ path: String, line: Int, value: String) -> Diagnostic {
        Diagnostic(
            .jsonNotObject, "each row must be a JSON object, but this value is not: \(value)",
            hint: "a JSON data file is an array of objects, [{\"a\": 1}, ...], or one object per line", file: path,
            line: line)
    }
    package static func noSuchColumnToType(_ path: String, name: String, known: [String]) -> Diagnostic {
        let close = closestName(to: name, among: known)
        return Diagnostic(
            .noSuchColumnToType, "a type is given for `\(name)`, but the file has no such column",
            hint: close.map { "did you mean `\($0)`?" } ?? "columns: " + known.map(display).joined(separator: ", "),
            file: path)
    }
    package static func ambiguousColumnToType(_ path: String, name: String, matches: [String]) -> Diagnostic {
        Diagnostic(
            .ambiguousColumn,
            "a type is given for `\(name)`, which could be "
                + matches.map { "`\($0)`" }.joined(separator: " or "),
            hint: "write the name exactly as the header has it", file: path)
    }
    package static func filesDisagree(_ path: String, first: String, missing: [String], extra: [String]) -> Diagnostic {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks " + missing.map { "`\($0)`" }.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("has " + extra.map { "`\($0)`" }.joined(separator: ", ")) }
        return Diagnostic(
            .filesDisagree, "its columns differ from \(first)'s: it " + parts.joined(separator: " and "),
            hint: "files load as one table only when their columns have the same names", file: path)
    }
    package static func chartFormat(_ path: String) -> Diagnostic {
        Diagnostic(.writeFailed, "a chart is saved as SVG", hint: "name the file something.svg", file: path)
    }
    package static func unknownSaveFormat(_ path: String, extensions: [String], codecs: [String]) -> Diagnostic {
        Diagnostic(
            .writeFailed, "cannot tell which format to write from the file name",
            hint: "end it in \(extensions.joined(separator: ", ")) (add \(codecs.joined(separator: " or ")) to compress)",
            file: path)
    }
    public static func writeFailed(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(.writeFailed, "cannot write the file: \(reason); nothing was written", file: path)
    }
    /// Writing results to standard output failed for another reason than a closed pipe.
    public static func outputFailed(reason: String, hint: String?) -> Diagnostic {
        Diagnostic(.writeFailed, "cannot write the result to standard output: \(reason)", hint: hint)
    }
    /// The reader of standard output has gone: never shown, it stops the statements that follow.
    public static let outputClosed = Diagnostic(.outputClosed, "standard output was closed")
    public static func overwritesSource(_ path: String, table: String) -> Diagnostic {
        Diagnostic(
            .overwritesSource, "the table `\(table)` was loaded from this file; it will not be overwritten",
            hint: "save under another name", file: path)
    }

    // MARK: The prompt

    public static func unknownCommand(_ name: String, known: [String]) -> Diagnostic {
        let close = closestName(to: name, among: known)
        return Diagnostic(
            .unknownCommand, "unknown command `\(name)`",
            hint: close.map { "did you mean `\($0)`?" } ?? "type .help for the list of commands")
    }
    package static func scriptStopped(_ path: String) -> Diagnostic {
        Diagnostic(.scriptStopped, "the script stopped at the error above", file: path)
    }
    public static func commandUsage(_ syntax: String, _ message: String) -> Diagnostic {
        Diagnostic(.commandUsage, message, hint: "usage: \(syntax)")
    }

    // MARK: Command line

    public static func badUsage(_ message: String) -> Diagnostic {
        Diagnostic(.badUsage, message, hint: "run quarry --help for usage")
    }
    /// Data comes from standard input, so statements cannot too, and there is no terminal to read them from.
    public static func statementsWithDataOnStandardInput(_ path: String) -> Diagnostic {
        Diagnostic(
            .badUsage, "standard input holds the data (`\(path)`), so statements cannot come from it too",
            hint: "give the statements with -c or a script (.qry), or run quarry on a terminal")
    }
}

/// A column name as a user would type it: bare when it is a plain name, else in backquotes.
package func display(_ name: String) -> String {
    let bytes = Array(name.utf8)
    if let first = bytes.first, isNameStart(first), bytes.allSatisfy(isNameByte) { return name }
    return "`\(name)`"
}
