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

    /// One method, so the release build (minutes on a small machine) happens once.
    func testInstallRunsFromPrefixAndUninstallRemovesIt() throws {
        let prefix = folder + "/prefix"
        let program = prefix + "/bin/quarry"
        let installed = try install(prefix: prefix, timeout: 1800)
        XCTAssertEqual(installed.status, 0, installed.stdout + installed.stderr)
        let version = try ChildProcess.run([TestPaths.executable, "--version"]).stdout
        XCTAssertTrue(installed.stdout.hasSuffix("installed \(program) (\(version.dropLast()))\n"), installed.stdout)
        XCTAssertEqual(files(in: prefix + "/bin"), ["quarry"], "no temporary file left beside it")
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
        XCTAssertEqual(removed.stdout, "removed \(program)\n")
        XCTAssertEqual(files(in: prefix + "/bin"), [])
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
