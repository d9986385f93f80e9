import Foundation

/// Paths the tests read: the repository, its samples, the shared real data, and the built program.
public enum TestPaths {
    static let supportFolder = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!))
    public static let repository = supportFolder + "/../.."
    public static let samples = repository + "/Samples"
    public static let sharedData = repository + "/../shared/data"

    /// True when expectations should be rewritten instead of checked.
    public static var recording: Bool { ProcessInfo.processInfo.environment["QUARRY_RECORD"] == "1" }

    /// The built `quarry` program, beside the test bundle.
    public static var executable: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            folder.appendingPathComponent("quarry").path,
            folder.deletingLastPathComponent().appendingPathComponent("quarry").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// A new, empty folder under the system's temporary folder, named `quarry-NAME-` and a UUID;
    /// the test removes it when done.
    public static func temporaryFolder(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
