@preconcurrency import Glibc
import QuarryCore

/// The command line: load data, run scripts and -c statements, else read statements from
/// stdin (a prompt when it is a terminal). Exit 0 on success, 1 after a failed statement,
/// 2 for bad usage or an unreadable file.
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

let session = Session()
session.format = options.format
session.timer = options.timer

if options.dataPaths.isEmpty {
    DemoData.install(into: session)
}
for path in options.dataPaths {
    do {
        try session.load(path: path)
    } catch {
        fputs(error.rendered(in: nil), stderr)
        exit(2)
    }
}

for script in options.scripts {
    guard let text = readTextFile(script) else {
        fputs(Diagnostic.unreadableFile(script, reason: "cannot open the script").rendered(in: nil), stderr)
        exit(2)
    }
    if session.run(SourceText(name: script, text: text)) != nil { exit(1) }
}
for statements in options.commands {
    if session.run(SourceText(name: nil, text: statements)) != nil { exit(1) }
}
if options.scripts.isEmpty && options.commands.isEmpty {
    if isatty(STDIN_FILENO) != 0 {
        exit(Prompt(session: session).run())
    }
    var text = ""
    while let line = readLine(strippingNewline: false) { text += line }
    if session.run(SourceText(name: "stdin", text: text)) != nil { exit(1) }
}
exit(0)

/// Reads a whole UTF-8 text file, or nil when it cannot be read.
func readTextFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
