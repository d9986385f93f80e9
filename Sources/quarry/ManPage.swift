import QuarryBase

/// The manual page `quarry --man` prints, in roff (`man -l`, or installed as `quarry.1`); its
/// OPTIONS come from `CommandLineOption.all`, like the help.
enum ManPage {
    /// Text made safe for roff: backslashes and dashes escaped, no line starting with a control
    /// character.
    static func escaped(_ text: String) -> String {
        let body = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        return body.hasPrefix(".") || body.hasPrefix("'") ? "\\&" + body : body
    }

    /// `\fB\-f\fR, \fB\-\-format\fR \fIFORMAT\fR`
    static func synopsis(_ option: CommandLineOption) -> String {
        option.names.map { "\\fB\(escaped($0))\\fR" }.joined(separator: ", ")
            + (option.argument.map { " \\fI\($0)\\fR" } ?? "")
    }

    /// A labelled paragraph: `.TP`, the label, the text.
    static func item(_ label: String, _ text: String) -> String { ".TP\n\(label)\n\(escaped(text))\n" }

    static var text: String {
        var page = """
            .TH QUARRY 1 "" "Quarry \(Quarry.version)" "User Commands"
            .SH NAME
            quarry \\- a small query language over data files
            .SH SYNOPSIS
            .B quarry
            [\\fIOPTION\\fR]... [\\fIPATH\\fR]...
            .SH DESCRIPTION

            """
        page +=
            escaped(
                "Quarry loads data files (CSV, TSV, JSON, NDJSON, optionally gzip or zstd compressed) into an in-memory"
                    + " columnar store and answers queries written as a table followed by clauses, read top to bottom,"
                    + " such as: layoffs where industry = \"Retail\" group by year(date).") + "\n.PP\n"
        page +=
            escaped(
                "Each data PATH loads as a table named after the file (data/layoffs.csv loads as layoffs); a folder loads"
                    + " its data files as one table. A PATH of - (or /dev/stdin) reads standard input, as the table"
                    + " stdin; another /dev/fd/N (as <(command) makes) loads as fdN. Such data is read once, whole; its"
                    + " format is --input-format's, else told by its first bytes. A PATH ending in .qry is a script, run"
                    + " after all data is loaded. Then each -c runs. With no -c and no script, or with -i, statements are"
                    + " read from standard input: a prompt when it is a terminal, and the terminal itself when standard"
                    + " input held the data. With no data PATH the demo tables load.") + "\n"
        page += ".SH OPTIONS\n"
        page += item("\\fIPATH\\fR", CommandLineOption.pathSummary.joined(separator: " "))
        for option in CommandLineOption.all {
            page += item(synopsis(option), option.summary.joined(separator: " "))
        }
        page += ".SH FILES\n"
        page += item(
            "\\fI$XDG_CONFIG_HOME/quarry/init.qry\\fR",
            "The start-up file (by default ~/.config/quarry/init.qry): statements and dot-commands run before the"
                + " prompt opens (also with -i; not for -c or scripts alone). Its errors are shown with file and"
                + " line, and the prompt still opens. --no-init skips it; --init FILE runs FILE instead.")
        page += item(
            "\\fI$XDG_STATE_HOME/quarry/history\\fR",
            "The prompt's history (by default ~/.local/state/quarry/history), saved after every statement,"
                + " readable only by its owner.")
        page += ".SH ENVIRONMENT\n"
        page += item(
            "\\fBPAGER\\fR",
            "The pager for results taller than the screen (.pager); without it, less when installed. Empty: none.")
        page += item("\\fBLESS\\fR", "Options for less; when unset, the pager gets LESS=FRSX (wide rows scroll sideways).")
        page += item(
            "\\fBVISUAL\\fR, \\fBEDITOR\\fR",
            "The editor .edit opens the last statement in (VISUAL first; vi when neither is set).")
        page += item("\\fBNO_COLOR\\fR", "When set and not empty, no colour is used.")
        page += item(
            "\\fBTERM\\fR", "The terminal's type, for the prompt's line editing; dumb (or unset): no colour and no escape codes.")
        page += item(
            "\\fBXDG_CONFIG_HOME\\fR, \\fBXDG_STATE_HOME\\fR, \\fBHOME\\fR",
            "Where the start-up file and the history are looked for.")
        page += item(
            "\\fBQUARRY_DISABLE_RULES\\fR", "Optimizer rules to switch off, by name, separated by commas (for debugging).")
        page += ".SH EXIT STATUS\n"
        page += item("0", "Success.")
        page += item("1", "A statement failed (the error is shown, with its place).")
        page += item("2", "Bad usage, or a data file or script that cannot be read.")
        page += item("130", "Stopped by Ctrl-C while a script or -c ran, or while the command line's files loaded.")
        page += item("141", "Standard output was closed by its reader (quarry -c ... | head).")
        page += ".SH EXAMPLES\n"
        for (command, what) in examples {
            page += ".PP\n\(escaped(what))\n.PP\n.RS\n.nf\n\(escaped(command))\n.fi\n.RE\n"
        }
        return page
    }

    static let examples = [
        ("quarry layoffs.csv -c 'layoffs where industry = \"Retail\" group by year(date)'", "Run one query over a file:"),
        ("gzip -dc data.csv.gz | quarry - -c 'stdin count'", "Read data from standard input:"),
        ("quarry --format csv -c 'countries top 3 by population' > top.csv", "Write a result as CSV:"),
        ("quarry -i layoffs.csv setup.qry", "Run a script, then keep the prompt open:"),
        ("man <(quarry --man)", "Read this page:"),
    ]
}
