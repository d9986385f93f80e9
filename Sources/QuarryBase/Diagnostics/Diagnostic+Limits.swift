/// The errors for inputs past `Limits`, for header quotes, and for scripts that read themselves.
extension Diagnostic {
    package static func expressionTooDeep(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .expressionTooDeep,
            "this expression is too deep: an expression may be at most \(grouped(Limits.expressionDepth)) terms deep",
            range: range, hint: "compute part of it first with derive (derive part = ...), then use part")
    }
    package static func tooManyClauses(range: SourceRange) -> Diagnostic {
        Diagnostic(
            .tooManyClauses, "a statement may have at most \(grouped(Limits.clauses)) clauses; this is one more",
            range: range, hint: "split it into steps with let (let step = ..., then step | ...)")
    }
    package static func quoteInHeader(_ path: String, column: Int, name: String) -> Diagnostic {
        Diagnostic(
            .quoteInHeader, "a quote inside the unquoted header field `\(name)` (column \(column))",
            hint: "quote the whole field and write the quote inside it twice: \"\(name.replacingQuotes())\"",
            file: path, line: 1, column: column)
    }
    package static func tooManyColumns(_ path: String, line: Int) -> Diagnostic {
        Diagnostic(
            .tooManyColumns, "the header has more than \(grouped(Limits.csvColumns)) columns",
            hint: "check the delimiter and the line ends; split the file by columns first", file: path, line: line)
    }
    public static func scriptCycle(_ chain: [String]) -> Diagnostic {
        Diagnostic(
            .scriptCycle, "the script reads itself: \(chain.joined(separator: " -> "))",
            hint: "remove the .read that leads back to a script already running")
    }
    public static func scriptsNestedTooDeeply(_ chain: [String]) -> Diagnostic {
        Diagnostic(
            .scriptsNestedTooDeeply,
            "scripts may .read one another at most \(Limits.scriptNesting) deep: \(chain.first ?? "") -> ... -> \(chain.last ?? "")",
            hint: "read the scripts one after another instead of from inside each other")
    }

    /// `10,000`
    private static func grouped(_ n: Int) -> String { ValueFormatter.grouped(Int64(n)) }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { out += c == "\"" ? "\"\"" : String(c) }
        return out
    }
}
