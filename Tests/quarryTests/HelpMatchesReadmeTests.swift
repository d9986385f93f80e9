import Foundation
import QuarryTestSupport
import XCTest

/// `quarry --help` and README name the same command-line options, spelled the same, with the same
/// arguments: README's option table lists exactly the help's options, and nothing in README uses an
/// option the help lacks.
final class HelpMatchesReadmeTests: XCTestCase {
    /// The help's options, as the names with the argument each takes (`--format` → `FORMAT`).
    struct HelpOptions {
        var arguments: [String: String] = [:]
        var usage = ""

        /// Each name with its argument, as README's table writes it: `--format FORMAT`, `--timer`.
        var forms: Set<String> { Set(arguments.map { $0.value.isEmpty ? $0.key : $0.key + " " + $0.value }) }
    }

    /// Reads the help's lines like `  -f, --format FORMAT   how results print`.
    func help() throws -> HelpOptions {
        let run = try ChildProcess.run([TestPaths.executable, "--help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        var options = HelpOptions()
        for line in run.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("usage: ") { options.usage = String(line.dropFirst("usage: ".count)) }
            guard line.hasPrefix("  -"), let gap = line.range(of: "   ") else { continue }
            let synopsis = line[..<gap.lowerBound].trimmingCharacters(in: .whitespaces)
            var names = synopsis.components(separatedBy: ", ")
            let last = names.removeLast().split(separator: " ").map(String.init)
            names.append(last[0])
            for name in names { options.arguments[name] = last.count > 1 ? last[1] : "" }
        }
        return options
    }

    static var readme: String {
        get throws { try String(contentsOfFile: TestPaths.repository + "/README.md", encoding: .utf8) }
    }

    /// README's "The command line" section, up to the next heading.
    func commandLineSection() throws -> String {
        let text = try Self.readme
        let start = try XCTUnwrap(text.range(of: "\n## The command line\n"))
        let end = text.range(of: "\n## ", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        return String(text[start.upperBound..<end])
    }

    /// The code spans of `text`, without their backticks.
    func codeSpans(_ text: some StringProtocol) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
    }

    func testReadmeOptionTableListsExactlyTheHelpsOptions() throws {
        let help = try help()
        XCTAssertEqual(
            help.forms,
            [
                "-c STATEMENTS", "--command STATEMENTS", "-f FORMAT", "--format FORMAT", "--timer", "-q", "--quiet",
                "-h", "--help", "--version", "--", "--memory-limit SIZE", "--input-format FORMAT", "-i", "--interactive",
                "--init FILE", "--no-init", "--completions SHELL", "--man",
            ])
        let rows = try commandLineSection().split(separator: "\n").filter { $0.hasPrefix("| `-") }
        let readme = Set(rows.flatMap { codeSpans($0.split(separator: "|")[0]) })
        for form in help.forms.subtracting(readme).sorted() {
            XCTFail("`quarry --help` has `\(form)`; README's option table (The command line) lacks it")
        }
        for form in readme.subtracting(help.forms).sorted() {
            XCTFail("README's option table (The command line) has `\(form)`; `quarry --help` lacks it")
        }
        let usage = try commandLineSection().split(separator: "\n").first { $0.hasPrefix("    quarry ") }
        XCTAssertEqual(usage.map { String($0.dropFirst(4)) }, help.usage, "README's usage line and the help's")
    }

    /// Every option README mentions, in a code span or on a `quarry` command line, is the help's (a
    /// code span that starts with `-` is taken for one of quarry's options).
    func testReadmeNamesNoOptionTheHelpLacks() throws {
        let help = try help()
        var mentions: [String] = []
        let readme = try Self.readme
        for span in codeSpans(readme) where span.range(of: #"^--?[a-z][a-z-]*"#, options: .regularExpression) != nil {
            mentions.append(span)
        }
        let commands =
            readme.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            + codeSpans(readme).filter { $0.hasPrefix("quarry ") }
        for command in commands where command.hasPrefix("quarry ") || command.hasPrefix("$ quarry ") {
            let unquoted = command.replacingOccurrences(of: #"'[^']*'|"[^"]*""#, with: "", options: .regularExpression)
            for word in unquoted.split(separator: " ") {
                let token = word.trimmingCharacters(in: CharacterSet(charactersIn: "[]."))
                if token.range(of: #"^--?[a-z]"#, options: .regularExpression) != nil { mentions.append(token) }
            }
        }
        XCTAssertGreaterThan(mentions.count, 20, "README mentions options in many places")
        for mention in mentions {
            let words = mention.split(separator: " ").map(String.init)
            let name = String(words[0].prefix { $0 != "=" })
            guard let argument = help.arguments[name] else {
                XCTFail("README names `\(name)` (in `\(mention)`); `quarry --help` has no such option")
                continue
            }
            // A placeholder after the name (`--format FORMAT`) must be the help's, and a switch has none.
            if words.count > 1, words[1].range(of: "^[A-Z]+$", options: .regularExpression) != nil {
                let helpSays = argument.isEmpty ? "gives \(name) no value" : "calls its value \(argument)"
                XCTAssertEqual(words[1], argument, "README writes `\(mention)`; `quarry --help` \(helpSays)")
            }
        }
    }
}
