import QuarryBase
import QuarryIO
import QuarryShell

/// One command-line option: the names it answers to, the value it takes, and what it does. The
/// table `CommandLineOption.all` is the one list: the help text and the parser are both made from it.
struct CommandLineOption {
    enum Action { case command, format, timer, quiet, memoryLimit, help, version, endOfOptions }

    var names: [String]
    /// The value's placeholder (`FORMAT`), or nil for a switch.
    var argument: String?
    /// The help text, one line per element.
    var summary: [String]
    var action: Action

    /// Every option, in the order the help lists them.
    static let all: [CommandLineOption] = [
        .init(
            names: ["-c", "--command"], argument: "STATEMENTS",
            summary: ["run these statements after the scripts (may be repeated)"], action: .command),
        .init(
            names: ["-f", "--format"], argument: "FORMAT",
            summary: [formatNames.dropLast().joined(separator: ", ") + " or " + formatNames.last!], action: .format),
        .init(names: ["--timer"], summary: ["print how long each load and statement took, to stderr"], action: .timer),
        .init(names: ["-q", "--quiet"], summary: ["no notes about likely mistakes after results"], action: .quiet),
        .init(
            names: ["--memory-limit"], argument: "SIZE",
            summary: ["a ceiling on the memory loads and queries may use (4GB, 512MB);", "past it they fail with an error"],
            action: .memoryLimit),
        .init(names: ["-h", "--help"], summary: ["show this help"], action: .help),
        .init(names: ["--version"], summary: ["show the version"], action: .version),
        .init(names: ["--"], summary: ["what follows are PATHs, even those starting with -"], action: .endOfOptions),
    ]

    /// The output formats as the help lists them, the default first and marked.
    static var formatNames: [String] { OutputFormat.allCases.map { $0 == .table ? "table (default)" : $0.rawValue } }

    /// How the help shows it: `-c, --command STATEMENTS`.
    var synopsis: String { names.joined(separator: ", ") + (argument.map { " " + $0 } ?? "") }

    /// The option `name` is one of the names of, if any.
    static func named(_ name: String) -> CommandLineOption? { all.first { $0.names.contains(name) } }
}

/// `quarry [--format F] [--timer] [-c STATEMENTS]... [PATH ...]`
struct CommandLineOptions {
    var format: OutputFormat = .table
    var timer = false
    var quiet = false
    var memoryLimit: Int?
    var commands: [String] = []
    var dataPaths: [String] = []
    var scripts: [String] = []
    var showHelp = false
    var showVersion = false

    static let usageLine =
        "quarry [--format FORMAT] [--timer] [--quiet] [--memory-limit SIZE] [-c STATEMENTS]... [PATH ...]"

    /// What `--help` prints: the usage line, then PATH and every option of `CommandLineOption.all`.
    static var usage: String {
        let entries: [(String, [String])] =
            [
                (
                    "PATH",
                    [
                        "a data file (.csv .tsv .txt .json .ndjson .jsonl, or .gz of them),",
                        "loaded as a table; a folder of them, loaded as one table;",
                        "or a script (.qry), run after all data is loaded, in order",
                    ]
                )
            ] + CommandLineOption.all.map { ($0.synopsis, $0.summary) }
        let width = entries.map(\.0.count).max()! + 3
        let padding = String(repeating: " ", count: width + 2)
        let rows = entries.map { synopsis, summary in
            "  " + synopsis + String(repeating: " ", count: width - synopsis.count)
                + summary.joined(separator: "\n" + padding)
        }
        return """
            Quarry \(Quarry.version): a small query language over data files.

            usage: \(usageLine)

            \(rows.joined(separator: "\n"))

            A long option's value may also be joined to it with =, as in --format=csv. With no data
            PATH the demo tables load. With no -c and no script, statements are read from standard
            input (a prompt when it is a terminal).

            example: quarry layoffs.csv -c 'layoffs where industry = "Retail" group by year(date)'
            """
    }

    static func parse(_ arguments: [String]) throws(Diagnostic) -> CommandLineOptions {
        var options = CommandLineOptions()
        var i = 0
        func value(_ flag: String) throws(Diagnostic) -> String {
            i += 1
            guard i < arguments.count else { throw Diagnostic.badUsage("\(flag) needs a value") }
            return arguments[i]
        }
        var onlyPaths = false
        while i < arguments.count {
            let argument = arguments[i]
            if onlyPaths || !argument.hasPrefix("-") || argument == "-" {
                if argument.lowercased().hasSuffix(".qry") {
                    options.scripts.append(argument)
                } else {
                    options.dataPaths.append(argument)
                }
                i += 1
                continue
            }
            var flag = argument
            var inline: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                flag = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            guard let option = CommandLineOption.named(flag) else {
                let known = CommandLineOption.all.flatMap(\.names).filter { $0.count > 2 }
                let close = closestName(to: flag, among: known)
                throw Diagnostic.badUsage("unknown option `\(flag)`" + (close.map { "; did you mean `\($0)`?" } ?? ""))
            }
            if inline != nil && option.argument == nil {
                throw Diagnostic.badUsage("\(flag) takes no value")
            }
            switch option.action {
            case .endOfOptions: onlyPaths = true
            case .command:
                let text: String = if let inline { inline } else { try value(flag) }
                options.commands.append(text)
            case .format:
                let name: String = if let inline { inline } else { try value(flag) }
                guard let format = OutputFormat(rawValue: name.lowercased()) else {
                    throw Diagnostic.badUsage(
                        "unknown format `\(name)`; use one of "
                            + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
                }
                options.format = format
            case .memoryLimit:
                let text: String = if let inline { inline } else { try value(flag) }
                guard let bytes = ByteSize.parse(text), bytes > 0 else {
                    throw Diagnostic.badUsage("`\(text)` is not a memory size; write it like 4GB, 512MB or 1.5GiB")
                }
                options.memoryLimit = bytes
            case .timer: options.timer = true
            case .quiet: options.quiet = true
            case .help: options.showHelp = true
            case .version: options.showVersion = true
            }
            i += 1
        }
        return options
    }
}
