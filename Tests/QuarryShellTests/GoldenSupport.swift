import QuarryBase
import QuarryEngine
import QuarryIO
import QuarryShell
import QuarrySyntax
import QuarryTeaching
import QuarryTestSupport
import XCTest

/// Where the golden files are.
enum GoldenPaths {
    static let golden = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!)) + "/Golden"
}

/// One case of a golden file: a name, the statements, and what they print.
struct GoldenCase {
    var name: String
    var format: OutputFormat = .table
    var query: String
    var expected: String
    /// The line of the `==` header, for failure messages.
    var line: Int
}

/// A golden file: `@data demo|shared`, then cases
///
///     == name [format=csv]
///     statements
///     ----
///     expected output (stdout, then stderr)
enum GoldenFile {
    static func parse(_ text: String) -> (data: String, cases: [GoldenCase]) {
        var data = "demo"
        var cases: [GoldenCase] = []
        var current: GoldenCase?
        var inExpected = false
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            if current == nil, line.hasPrefix("@data ") { data = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("== ") {
                if let done = current { cases.append(done) }
                var header = String(line.dropFirst(3))
                var format = OutputFormat.table
                if let range = header.range(of: " [format=") {
                    format = OutputFormat(rawValue: String(header[range.upperBound...].dropLast())) ?? .table
                    header = String(header[..<range.lowerBound])
                }
                current = GoldenCase(name: header, format: format, query: "", expected: "", line: number + 1)
                inExpected = false
                continue
            }
            guard current != nil else { continue }
            if line == "----", !inExpected {
                inExpected = true
                continue
            }
            if inExpected { current!.expected += line + "\n" } else { current!.query += line + "\n" }
        }
        if let done = current { cases.append(done) }
        for i in cases.indices {
            while cases[i].expected.hasSuffix("\n\n") { cases[i].expected.removeLast() }
        }
        return (data, cases)
    }

    static func render(data: String, cases: [GoldenCase], header: String) -> String {
        var out = header
        for c in cases {
            out += "== \(c.name)" + (c.format == .table ? "" : " [format=\(c.format.rawValue)]") + "\n"
            out += c.query + "----\n" + c.expected + "\n"
        }
        return out
    }
}

/// Loads the tables a golden file asks for, once per process.
enum GoldenData {
    nonisolated(unsafe) private static var cache: [String: Catalog] = [:]
    private static let lock = NSLock()

    static func catalog(_ data: String) throws -> Catalog {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[data] { return cached }
        let session = Session()
        DemoData.install(into: &session.catalog)
        if data == "shared" {
            try session.load(path: TestPaths.sharedData + "/layoffs.csv", as: "layoffs")
        }
        cache[data] = session.catalog
        return session.catalog
    }
}

/// Runs statements in a fresh session over `catalog`; returns what it printed, stdout then stderr.
func runStatements(_ text: String, catalog: Catalog, format: OutputFormat = .table, name: String? = nil) -> (
    output: String, error: Diagnostic?
) {
    let session = Session()
    session.catalog = catalog
    session.format = format
    var out = ""
    var err = ""
    session.write = { out += $0 }
    session.writeError = { err += $0 }
    var error: Diagnostic?
    if case .failed(let failure) = Shell(session: session).runScript(text, name: name) { error = failure }
    return (out + err, error)
}
