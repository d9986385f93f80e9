// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Quarry",
    products: [
        .executable(name: "quarry", targets: ["quarry"]),
        .library(name: "QuarryCore", targets: ["QuarryCore"]),
    ],
    targets: [
        .target(name: "QuarryCore"),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "LineEditing", dependencies: ["CEditLine"]),
        .executableTarget(name: "quarry", dependencies: ["QuarryCore", "LineEditing"]),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore", "quarry"], exclude: ["Golden"]),
    ]
)
