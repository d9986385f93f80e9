import QuarryBase
import QuarryIO
import QuarryShell

/// `quarry [--format F] [--timer] [-c STATEMENTS]... [PATH ...]`
struct CommandLineOptions {
    var format: OutputFormat = .table
    var timer = false
    var quiet = false
    var commands: [String] = []
    var dataPaths: [String] = []
    var scripts: [String] = []
    var showHelp = false
    var showVersion = false

    static let usage = """
        Quarry \(Quarry.version): a small query language over data files.

        usage: quarry [--format FORMAT] [--timer] [--quiet] [-c STATEMENTS]... [PATH ...]

          PATH               a data file (.csv .tsv .txt .json .ndjson .jsonl, or .gz of them),
                             loaded as a table; a folder of them, loaded as one table;
                             or a script (.qry), run after all data is loaded, in order
          -c STATEMENTS      run these statements after the scripts (may be repeated)
          --format FORMAT    table (default), csv, tsv, json, ndjson or markdown
          --timer            print how long each load and statement took, to stderr
          -q, --quiet        no notes about likely mistakes after results
          -h, --help         show this help
          --version          show the version

        With no data PATH the demo tables load. With no -c and no script, statements are read
        from standard input (a prompt when it is a terminal).

        example: quarry layoffs.csv -c 'layoffs where industry = "Retail" group by year(date)'
        """

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
            switch flag {
            case "--": onlyPaths = true
            case "-c", "--command":
                let text: String = if let inline { inline } else { try value(flag) }
                options.commands.append(text)
            case "-f", "--format":
                let name: String = if let inline { inline } else { try value(flag) }
                guard let format = OutputFormat(rawValue: name.lowercased()) else {
                    throw Diagnostic.badUsage(
                        "unknown format `\(name)`; use one of "
                            + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
                }
                options.format = format
            case "--timer": options.timer = true
            case "-q", "--quiet": options.quiet = true
            case "-h", "--help": options.showHelp = true
            case "--version": options.showVersion = true
            default:
                let known = ["--format", "--timer", "--quiet", "--command", "--help", "--version"]
                let close = closestName(to: flag, among: known)
                throw Diagnostic.badUsage("unknown option `\(flag)`" + (close.map { "; did you mean `\($0)`?" } ?? ""))
            }
            i += 1
        }
        return options
    }
}
