// swift-tools-version:6.1
import PackageDescription

// The targets are the stages, and each may use only the ones listed as its dependencies, so a
// back-edge (a lower stage reaching up) fails to compile. README's architecture table says the same.
let package = Package(
    name: "Quarry",
    products: [
        .executable(name: "quarry", targets: ["quarry"])
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "QuarryBase"),
        .target(name: "QuarrySyntax", dependencies: ["QuarryBase"]),
        .target(name: "QuarryEngine", dependencies: ["QuarryBase", "QuarrySyntax"]),
        .target(name: "QuarryIO", dependencies: ["QuarryBase", "QuarryEngine", "CZlib", "CZstd"]),
        .target(name: "QuarryTeaching", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO"]),
        .target(
            name: "QuarryShell",
            dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO", "QuarryTeaching"]),
        .target(name: "LineEditing", dependencies: ["CEditLine"]),
        .executableTarget(
            name: "quarry", dependencies: ["QuarryBase", "QuarrySyntax", "QuarryIO", "QuarryShell", "LineEditing"]),
        .testTarget(
            name: "QuarryCoreTests",
            dependencies: ["QuarryBase", "QuarrySyntax", "QuarryEngine", "QuarryIO", "QuarryTeaching", "QuarryShell", "quarry"],
            exclude: ["Golden"]),
    ]
)
