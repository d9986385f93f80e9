// swift-tools-version:6.1
import PackageDescription

// The targets are the stages, and each may use only the ones listed as its dependencies, so a
// back-edge (a lower stage reaching up) fails to compile. README's architecture table says the same.
/// The stages are separate modules, so a kernel in one calls helpers of another (a bitmap's bits,
/// a column's values); release builds let the optimizer inline across them, as it would inside one.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
/// The loaders are optimized in debug builds too: tests read files of hundreds of megabytes
/// (a gzip bomb, a file larger than the memory limit), which unoptimized scanning takes minutes over.
let optimizedInDebug: [SwiftSetting] = crossModule + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Quarry",
    products: [
        .executable(name: "quarry", targets: ["quarry"])
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CFileSystem"),
        .target(name: "QuarryBase", swiftSettings: optimizedInDebug),
        .target(name: "QuarrySyntax", dependencies: ["QuarryBase"], swiftSettings: crossModule),
        .target(name: "QuarryEngine", dependencies: ["QuarryBase", "QuarrySyntax"], swiftSettings: optimizedInDebug),
        .target(
            name: "QuarryIO", dependencies: ["QuarryBase", "QuarryEngine", "CZlib", "CIsal", "CZstd", "CFileSystem"],
            swiftSettings: optimizedInDebug),
        .target(
            name: "QuarryTeaching", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO"],
            swiftSettings: crossModule),
        .target(
            name: "QuarryShell",
            dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO", "QuarryTeaching"],
            swiftSettings: crossModule),
        .target(name: "LineEditing", dependencies: ["CEditLine"]),
        .executableTarget(
            name: "quarry", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryIO", "QuarryShell", "LineEditing"]),
        // Tests, split by stage: each target tests one stage and uses only it and those below.
        .target(name: "QuarryTestSupport", path: "Tests/QuarryTestSupport"),
        .testTarget(name: "QuarrySyntaxTests", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryTestSupport"]),
        .testTarget(name: "QuarryEngineTests", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine"]),
        .testTarget(
            name: "QuarryIOTests", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO", "QuarryTestSupport"]),
        // The golden files and the teaching aids go through a session (and, for explain sql's check
        // in DuckDB and the notes on stderr, the built program).
        .testTarget(
            name: "QuarryShellTests",
            dependencies: [
                "QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO", "QuarryTeaching", "QuarryShell", "QuarryTestSupport",
                "quarry",
            ],
            exclude: ["Golden"]),
        .testTarget(name: "quarryTests", dependencies: ["QuarryIO", "QuarryTestSupport", "LineEditing", "quarry"]),
    ]
)
