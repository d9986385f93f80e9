import Foundation
import QuarryIO
import QuarryTestSupport
import XCTest

/// `Scripts/install` builds for release and puts the program at PREFIX/bin/quarry, and
/// `--uninstall` takes away exactly that, under a temporary PREFIX.
final class InstallTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestPaths.temporaryFolder("install")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `Scripts/install` with these arguments and PREFIX, from another working directory.
    func install(_ arguments: [String] = [], prefix: String, timeout: Double = 60) throws -> ChildProcess.Finished {
        var environment = ProcessInfo.processInfo.environment
        environment["PREFIX"] = prefix
        return try ChildProcess.run(
            ["bash", TestPaths.repository + "/Scripts/install"] + arguments, environment: environment, directory: folder,
            timeout: timeout)
    }

    func files(in path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// The files an install puts beside the program, and the arguments that print each.
    static func extras(_ prefix: String) -> [(arguments: [String], path: String)] {
        [
            (["--completions", "bash"], prefix + "/share/bash-completion/completions/quarry"),
            (["--completions", "zsh"], prefix + "/share/zsh/site-functions/_quarry"),
            (["--completions", "fish"], prefix + "/share/fish/vendor_completions.d/quarry.fish"),
            (["--man"], prefix + "/share/man/man1/quarry.1"),
        ]
    }

    /// One method, so the release build (minutes on a small machine) happens once.
    func testInstallRunsFromPrefixAndUninstallRemovesIt() throws {
        let prefix = folder + "/prefix"
        let program = prefix + "/bin/quarry"
        let installed = try install(prefix: prefix, timeout: 1800)
        XCTAssertEqual(installed.status, 0, installed.stdout + installed.stderr)
        let version = try ChildProcess.run([TestPaths.executable, "--version"]).stdout
        let extras = Self.extras(prefix)
        XCTAssertTrue(
            installed.stdout.hasSuffix(
                "installed \(program) (\(version.dropLast()))\n" + extras.map { "installed \($0.path)\n" }.joined()),
            installed.stdout)
        XCTAssertEqual(files(in: prefix + "/bin"), ["quarry"], "no temporary file left beside it")
        for (arguments, path) in extras {
            let printed = try ChildProcess.run([program] + arguments).stdout
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), printed, path)
            XCTAssertEqual(files(in: (path as NSString).deletingLastPathComponent).count, 1, "only \(path) beside it")
        }
        let built = TestPaths.repository + "/.build-release/release/quarry"
        XCTAssertEqual(FileManager.default.contents(atPath: program), FileManager.default.contents(atPath: built))
        XCTAssertNotEqual(
            FileManager.default.contents(atPath: program), FileManager.default.contents(atPath: TestPaths.executable),
            "the release build, not the debug one")

        let run = try ChildProcess.run([program, "--format", "csv", "-c", "layoffs count"], directory: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "count\n\(DemoData.layoffsRows)\n")

        let removed = try install(["--uninstall"], prefix: prefix)
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertEqual(removed.stdout, "removed \(program)\n" + extras.map { "removed \($0.path)\n" }.joined())
        XCTAssertEqual(files(in: prefix + "/bin"), [])
        for (_, path) in extras { XCTAssertFalse(FileManager.default.fileExists(atPath: path), path) }
        let again = try install(["--uninstall"], prefix: prefix)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "nothing to remove: \(program) does not exist\n")
    }

    func testUninstallLeavesAnotherProgramAlone() throws {
        let bin = folder + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\necho another quarry\n".write(toFile: bin + "/quarry", atomically: true, encoding: .utf8)
        let refused = try install(["--uninstall"], prefix: folder)
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(
            refused.stderr,
            "Scripts/install: error: \(bin)/quarry is not a quarry that Scripts/install put there; left it alone\n"
                + "hint: check PREFIX (now \(folder)), or remove the file by hand\n")
        XCTAssertEqual(files(in: bin), ["quarry"])
    }

    /// A PREFIX where no bin folder can be made fails before the build, saying where.
    func testInstallIntoAPrefixThatIsAFileFailsAtOnce() throws {
        let file = folder + "/file"
        try "".write(toFile: file, atomically: true, encoding: .utf8)
        let failed = try install(prefix: file, timeout: 10)
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stdout, "", "nothing was built")
        XCTAssertEqual(
            failed.stderr,
            "Scripts/install: error: cannot create \(file)/bin\nhint: choose a writable PREFIX, e.g. PREFIX=$HOME/.local\n")
        let unknown = try install(["--prefix"], prefix: folder)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.hasPrefix("Scripts/install: error: unknown argument `--prefix`\n"), unknown.stderr)
    }
}
