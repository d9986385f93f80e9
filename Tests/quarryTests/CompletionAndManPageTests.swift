import Foundation
import QuarryTestSupport
import XCTest

/// `quarry --completions bash|zsh|fish` and `quarry --man`, made from the same option table as
/// the help: each shell accepts its script, every option the help lists is in each, the bash
/// script completes what it should, and the manual page renders without warnings.
final class CompletionAndManPageTests: XCTestCase {
    var folder = ""
    override func setUpWithError() throws { folder = try TestPaths.temporaryFolder("completions") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// The option names `quarry --help` lists (`-f`, `--format`, ...), but `--`.
    func helpOptionNames() throws -> [String] {
        let help = try ChildProcess.run([TestPaths.executable, "--help"]).stdout
        let names = help.split(separator: "\n").filter { $0.hasPrefix("  -") }.flatMap { line in
            line.split(separator: " ").prefix { $0.hasPrefix("-") }.map { String($0.trimmingCharacters(in: [","])) }
        }
        XCTAssertTrue(names.contains("--input-format") && names.contains("-i"), names.description)
        return names.filter { $0 != "--" }
    }

    /// Writes what `quarry ARGUMENTS` prints into `name` under the test's folder.
    func save(_ arguments: [String], as name: String) throws -> String {
        let run = try ChildProcess.run([TestPaths.executable] + arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let path = folder + "/" + name
        try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs bash with `quarry` on the PATH, in the test's folder.
    func bash(_ script: String) throws -> ChildProcess.Finished {
        var environment = ProcessInfo.processInfo.environment
        let bin = URL(fileURLWithPath: TestPaths.executable).deletingLastPathComponent().path
        environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try ChildProcess.run(["bash", "--norc", "-c", script], environment: environment, directory: folder)
    }

    func testBashLoadsTheScriptAndCompletesOptionsValuesAndFiles() throws {
        let loaded = try bash("source <(quarry --completions bash); complete -p quarry")
        XCTAssertEqual(loaded.status, 0, loaded.stderr)
        XCTAssertEqual(loaded.stdout, "complete -o filenames -F _quarry quarry\n")
        for name in ["a.csv", "b.qry", "c.json.gz", "notes.pdf"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data()))
        }
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
        let completed = try bash(
            """
            source <(quarry --completions bash)
            ask() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _quarry; printf '%s\\n' "${COMPREPLY[*]}"; }
            ask quarry --format c
            ask quarry --format = j
            ask quarry --in
            ask quarry --completions ''
            ask quarry ''
            ask quarry --init ''
            ask quarry -c ''
            """)
        XCTAssertEqual(completed.status, 0, completed.stderr)
        let lines = completed.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 8, completed.stdout)
        guard lines.count == 8 else { return }
        XCTAssertEqual(lines[0], "csv")
        XCTAssertEqual(lines[1], "json")
        XCTAssertEqual(lines[2], "--input-format --interactive --init")
        XCTAssertEqual(lines[3], "bash zsh fish")
        XCTAssertEqual(Set(lines[4].split(separator: " ")), ["a.csv", "b.qry", "c.json.gz", "sub"], "no notes.pdf")
        XCTAssertEqual(Set(lines[5].split(separator: " ")), ["a.csv", "b.qry", "c.json.gz", "sub"])
        XCTAssertEqual(lines[6], "", "statements are not completed")
    }

    func testEveryOptionIsInEachScript() throws {
        let names = try helpOptionNames()
        let bash = try String(contentsOfFile: try save(["--completions", "bash"], as: "quarry.bash"), encoding: .utf8)
        let zsh = try String(contentsOfFile: try save(["--completions", "zsh"], as: "_quarry"), encoding: .utf8)
        let fish = try String(contentsOfFile: try save(["--completions", "fish"], as: "quarry.fish"), encoding: .utf8)
        let bashWords = Set(bash.split(whereSeparator: { " \"|()\n".contains($0) }).map(String.init))
        let zshWords = Set(zsh.split(whereSeparator: { " '{},\n[".contains($0) }).map(String.init))
        for name in names {
            XCTAssertTrue(bashWords.contains(name), "bash lacks \(name)")
            XCTAssertTrue(zshWords.contains(name), "zsh lacks \(name)")
            let fishForm = name.hasPrefix("--") ? " -l \(name.dropFirst(2)) " : " -s \(name.dropFirst()) "
            XCTAssertTrue(fish.contains(fishForm), "fish lacks \(name)")
        }
        XCTAssertTrue(zsh.hasPrefix("#compdef quarry\n"))
        let unknown = try ChildProcess.run([TestPaths.executable, "--completions", "tcsh"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(
            unknown.stderr, "error: no completions for `tcsh`; use one of bash, zsh, fish\nhint: run quarry --help for usage\n")
    }

    /// `zsh -n` and `fish -n` accept the scripts; skipped when the shell is not installed.
    func testZshAndFishAcceptTheirScripts() throws {
        var checked = 0
        for (shell, name) in [("zsh", "_quarry"), ("fish", "quarry.fish")] {
            guard let path = ["/usr/bin/" + shell, "/bin/" + shell].first(where: FileManager.default.isExecutableFile)
            else { continue }
            let script = try save(["--completions", shell], as: name)
            let run = try ChildProcess.run([path, "-n", script])
            XCTAssertEqual(run.status, 0, "\(shell) -n: \(run.stderr)")
            XCTAssertEqual(run.stderr, "", shell)
            checked += 1
        }
        if checked == 0 { throw XCTSkip("neither zsh nor fish is installed; their scripts were not checked") }
    }

    func testTheManualPageRendersWithoutWarningsAndNamesEveryOption() throws {
        let page = try save(["--man"], as: "quarry.1")
        var environment = ProcessInfo.processInfo.environment
        environment["MANWIDTH"] = "80"
        environment["MANPAGER"] = "cat"
        let rendered = try ChildProcess.run(["man", "-l", page], environment: environment)
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        XCTAssertEqual(rendered.stderr, "", "man -l warns")
        let checked = try ChildProcess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page])
        XCTAssertEqual(checked.status, 0)
        XCTAssertEqual(checked.stderr, "", "groff warns")
        let lines = rendered.stdout.split(separator: "\n").map(String.init)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "FILES", "ENVIRONMENT", "EXIT STATUS", "EXAMPLES"] {
            XCTAssertTrue(lines.contains(section), "the page has no \(section) section")
        }
        let text = rendered.stdout
        for name in try helpOptionNames() {
            XCTAssertNotNil(
                text.range(of: "(^|\\s)\(NSRegularExpression.escapedPattern(for: name))(,|\\s|$)", options: .regularExpression),
                "the page lacks \(name)")
        }
        for needle in ["init.qry", "quarry/history", "NO_COLOR", "PAGER", "XDG_CONFIG_HOME", "130", "141"] {
            XCTAssertTrue(text.contains(needle), "the page does not mention \(needle)")
        }
    }
}
