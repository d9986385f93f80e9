// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Quarry",
    products: [
        .executable(name: "quarry", targets: ["quarry"]),
        .library(name: "QuarryCore", targets: ["QuarryCore"]),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "QuarryCore", dependencies: ["CZlib"]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "LineEditing", dependencies: ["CEditLine"]),
        .executableTarget(name: "quarry", dependencies: ["QuarryCore", "LineEditing"]),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore", "quarry"], exclude: ["Golden"]),
    ]
)
