import QuarryBase
import QuarryIO
import QuarryShell

/// One command-line option: the names it answers to, the value it takes, and what it does. The
/// table `CommandLineOption.all` is the one list: the parser, the help text, the man page and the
/// shell completion scripts are all made from it.
struct CommandLineOption {
    enum Action {
        case command, format, inputFormat, timer, quiet, memoryLimit, interactive, initFile, noInit
        case completions, manual, help, version, endOfOptions
    }

    /// What the value is, so completion can offer it: one of some words, a file, or free text.
    enum Value: Equatable {
        case none
        case words([String])
        case file
        case text
    }

    var names: [String]
    /// The value's placeholder (`FORMAT`), or nil for a switch.
    var argument: String?
    /// The help text, one line per element.
    var summary: [String]
    var action: Action
    var value: Value = .none

    /// Every option, in the order the help lists them.
    static let all: [CommandLineOption] = [
        .init(
            names: ["-c", "--command"], argument: "STATEMENTS",
            summary: ["run these statements after the scripts (may be repeated)"], action: .command, value: .text),
        .init(
            names: ["-f", "--format"], argument: "FORMAT",
            summary: ["how results print: " + formatNames.dropLast().joined(separator: ", ") + " or " + formatNames.last!],
            action: .format, value: .words(OutputFormat.allCases.map(\.rawValue))),
        .init(
            names: ["--input-format"], argument: "FORMAT",
            summary: [
                "the format of data whose name does not say it (-, pipes, files",
                "without an extension): "
                    + FormatRegistry.inputFormatNames.joined(separator: ", ") + "; else told by the content",
            ], action: .inputFormat, value: .words(FormatRegistry.inputFormatNames)),
        .init(names: ["--timer"], summary: ["print how long each load and statement took, to stderr"], action: .timer),
        .init(names: ["-q", "--quiet"], summary: ["no notes about likely mistakes after results"], action: .quiet),
        .init(
            names: ["--memory-limit"], argument: "SIZE",
            summary: ["a ceiling on the memory loads and queries may use (4GB, 512MB);", "past it they fail with an error"],
            action: .memoryLimit, value: .text),
        .init(
            names: ["-i", "--interactive"],
            summary: ["after the scripts and -c, go on reading statements (the prompt", "on a terminal)"],
            action: .interactive),
        .init(
            names: ["--init"], argument: "FILE",
            summary: ["run FILE first, instead of the start-up file (also before -c", "and scripts)"], action: .initFile,
            value: .file),
        .init(names: ["--no-init"], summary: ["do not run the start-up file"], action: .noInit),
        .init(
            names: ["--completions"], argument: "SHELL",
            summary: ["print the completion script for SHELL: " + ShellCompletions.shells.joined(separator: ", ")],
            action: .completions, value: .words(ShellCompletions.shells)),
        .init(names: ["--man"], summary: ["print the manual page (roff): man <(quarry --man) shows it"], action: .manual),
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

    /// What PATH is, as the help and the man page say it.
    static let pathSummary = [
        "a data file (.csv .tsv .txt .json .ndjson .jsonl, also .gz or .zst),",
        "loaded as a table; a folder of them, as one table; - for standard",
        "input (the table stdin); or a script (.qry), run after all data is",
        "loaded, in order",
    ]
}

/// `quarry [OPTION]... [PATH]...`
struct CommandLineOptions {
    var format: OutputFormat = .table
    var inputFormat: String?
    var timer = false
    var quiet = false
    var memoryLimit: Int?
    var interactive = false
    var initFile: String?
    var noInit = false
    var completions: String?
    var showManual = false
    var commands: [String] = []
    var dataPaths: [String] = []
    var scripts: [String] = []
    var showHelp = false
    var showVersion = false

    static let usageLine = "quarry [OPTION]... [PATH]..."

    /// What `--help` prints: the usage line, then PATH and every option of `CommandLineOption.all`.
    static var usage: String {
        let entries: [(String, [String])] =
            [("PATH", CommandLineOption.pathSummary)] + CommandLineOption.all.map { ($0.synopsis, $0.summary) }
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
            PATH the demo tables load. With no -c and no script, or with -i after them, statements
            are read from standard input (a prompt when it is a terminal; the terminal when - is the
            data). The prompt first runs the start-up file,
            \(StartUp.defaultPathDescription).

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
            case .inputFormat:
                let name: String = if let inline { inline } else { try value(flag) }
                guard FormatRegistry.inputFormatNames.contains(name.lowercased()) else {
                    throw Diagnostic.badUsage(
                        "unknown input format `\(name)`; use one of " + FormatRegistry.inputFormatNames.joined(separator: ", "))
                }
                options.inputFormat = name.lowercased()
            case .interactive: options.interactive = true
            case .initFile: options.initFile = if let inline { inline } else { try value(flag) }
            case .noInit: options.noInit = true
            case .completions:
                let name: String = if let inline { inline } else { try value(flag) }
                guard ShellCompletions.shells.contains(name) else {
                    throw Diagnostic.badUsage(
                        "no completions for `\(name)`; use one of " + ShellCompletions.shells.joined(separator: ", "))
                }
                options.completions = name
            case .manual: options.showManual = true
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
