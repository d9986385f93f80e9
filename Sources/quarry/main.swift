@preconcurrency import Glibc
import QuarryBase
import QuarryIO
import QuarryShell

/// The command line: load data, run the start-up file, scripts and -c statements, then (without
/// them, or with -i) read statements from stdin (the prompt when it is a terminal; the terminal
/// when stdin held data). Exit 0 on success, 1 after a failed statement, 2 for bad usage or an
/// unreadable file, 130 when Ctrl-C stopped a script or a load before the prompt, 141 when
/// standard output's reader went away (`quarry -c '...' | head`: output stops quietly, as for a
/// program killed by SIGPIPE).

// A closed pipe is seen as EPIPE from write, and `ulimit -f` as EFBIG, rather than as signals
// that would end the program mid-save (a save's temporary file is then removed).
signal(SIGPIPE, SIG_IGN)
signal(SIGXFSZ, SIG_IGN)
installInterruptHandler()
let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    fputs(error.rendered(in: nil), stderr)
    exit(2)
}
if options.showHelp {
    print(CommandLineOptions.usage)
    exit(0)
}
if options.showVersion {
    print("quarry \(Quarry.version)")
    exit(0)
}
if let shell = options.completions {
    print(ShellCompletions.script(for: shell), terminator: "")
    exit(0)
}
if options.showManual {
    print(ManPage.text, terminator: "")
    exit(0)
}

// Statements are read as they come (the prompt on a terminal) without -c and scripts, or with -i.
let readsStatements = options.interactive || (options.scripts.isEmpty && options.commands.isEmpty)
let dataOnStandardInput = options.dataPaths.first(where: PipeInput.isStandardInput)
let statementTerminal = readsStatements ? dataOnStandardInput.map(StartUp.terminalForStatements) : nil

let session = Session()
session.streamsResults = true
session.format = options.format
session.inputFormat = options.inputFormat
session.timer = options.timer
session.showNotes = !options.quiet
session.memory.ceiling = options.memoryLimit
session.errorColor = Terminal().errorColor
let shell = Shell(session: session)
session.checkEnvironment()

// Loads before the prompt show progress; before scripts and -c statements they do not.
if options.scripts.isEmpty && options.commands.isEmpty { ProgressLine.start(Terminal()) }
if options.dataPaths.isEmpty {
    DemoData.install(into: &session.catalog)
}
for path in options.dataPaths {
    do {
        try session.load(path: path)
    } catch {
        session.writeError(error.rendered(in: nil, color: session.errorColor))
        exit(error.id == .cancelled ? interruptedStatus : 2)
    }
}
if let statementTerminal { StartUp.readStatements(from: statementTerminal) }
let terminal = Terminal()
session.tableStyle = terminal.tableStyle

/// Set when a statement failed and the run went on (with -i, or in the start-up file).
var failed = false

/// Runs a script's outcome into an exit: nothing on success, status 1 after an error (with -i,
/// the run goes on and ends with status 1 unless the prompt decides it).
@MainActor func finish(_ outcome: Shell.ScriptOutcome) {
    switch outcome {
    case .finished: break
    case .quit: exit(0)
    case .failed(let error):
        if error.id == .outputClosed { exit(Quarry.closedOutputStatus) }
        if error.id == .cancelled, !options.interactive { exit(interruptedStatus) }
        guard options.interactive else { exit(1) }
        // With -i, Ctrl-C stops what was running, and the prompt still opens.
        Cancellation.reset()
        failed = true
    }
}

let opensSession = readsStatements && (terminal.isInteractive || options.interactive)
if let initFile = StartUp.initFile(options, opensSession: opensSession) {
    if !StartUp.runInit(initFile, explicit: options.initFile != nil, shell: shell) { failed = true }
}
for script in options.scripts {
    guard let text = TextFile.read(script) else {
        session.writeError(Diagnostic.unreadableFile(script, reason: "cannot open the script").rendered(in: nil))
        exit(2)
    }
    finish(shell.runScript(text, name: script, file: script))
}
for statements in options.commands {
    finish(shell.runScript(statements, name: nil))
}
if readsStatements {
    if terminal.isInteractive {
        exit(Prompt(shell: shell, terminal: terminal).run())
    }
    var text = ""
    while let line = readLine(strippingNewline: false) { text += line }
    // Ctrl-C while the statements were being read: run none of them.
    if Cancellation.isRequested { exit(interruptedStatus) }
    finish(shell.runScript(text, name: "stdin"))
}
exit(failed ? 1 : 0)
