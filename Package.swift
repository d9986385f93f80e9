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
        .executableTarget(name: "quarry", dependencies: ["QuarryCore"]),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore", "quarry"]),
    ]
)
