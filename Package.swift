// swift-tools-version:6.0
//
// cmoc: realist-evaluation pipeline for link-worker transcripts.
// Stages, in data-flow order:
//   CmocIngest -> CmocPseudonymise -> CmocSegment -> CmocCoding -> CmocEvidence -> CmocReports
// CmocModel holds the Sendable value types every stage shares; CmocText is the byte-level
// text engine (folding, tokens, automaton); CmocPipeline wires the stages; `cmoc` is the CLI.
// Only CmocIngest imports libxml2 (CLibXML2).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "cmoc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cmoc", targets: ["cmoc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .target(name: "CmocModel", swiftSettings: swiftSettings),
        .target(name: "CmocText", dependencies: ["CmocModel"], swiftSettings: swiftSettings),
        .target(
            name: "CmocIngest",
            dependencies: ["CmocModel", "CmocText", "CLibXML2", "ZIPFoundation"],
            swiftSettings: swiftSettings),
        .target(
            name: "CmocPseudonymise",
            dependencies: [
                "CmocModel", "CmocText", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings),
        .target(name: "CmocSegment", dependencies: ["CmocModel", "CmocText"], swiftSettings: swiftSettings),
        .target(
            name: "CmocCoding", dependencies: ["CmocModel", "CmocText", "Yams"],
            swiftSettings: swiftSettings),
        .target(
            name: "CmocEvidence", dependencies: ["CmocModel", "Yams"], exclude: ["GRADES.md"],
            swiftSettings: swiftSettings),
        .target(name: "CmocReports", dependencies: ["CmocModel", "CmocEvidence"], swiftSettings: swiftSettings),
        .target(
            name: "CmocPipeline",
            dependencies: [
                "CmocModel", "CmocText", "CmocIngest", "CmocPseudonymise", "CmocSegment", "CmocCoding",
                "CmocEvidence", "CmocReports", "Yams", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "cmoc",
            dependencies: [
                "CmocPipeline", "CmocModel", "CmocIngest", "CmocPseudonymise", "CmocCoding", "CmocEvidence",
                "CmocReports", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // Benchmarks (release-mode programs); BenchSupport holds what they share.
        .target(name: "BenchSupport", swiftSettings: swiftSettings),
        .executableTarget(
            name: "cmoc-bench-names", dependencies: ["CmocPseudonymise", "CmocModel", "BenchSupport"],
            path: "Sources/BenchNames",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "cmoc-bench-coding", dependencies: ["CmocCoding", "CmocSegment", "CmocText", "CmocModel", "BenchSupport"],
            path: "Sources/BenchCoding", swiftSettings: swiftSettings),
        .executableTarget(
            name: "cmoc-bench-batch", dependencies: ["CmocPipeline", "BenchSupport"], path: "Sources/BenchBatch",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "cmoc-bench-evidence",
            dependencies: ["CmocEvidence", "CmocReports", "CmocCoding", "CmocModel", "BenchSupport"],
            path: "Sources/BenchEvidence", swiftSettings: swiftSettings),
        .executableTarget(
            name: "cmoc-bench-ingest", dependencies: ["CmocIngest", "CmocModel", "BenchSupport"], path: "Sources/BenchIngest",
            swiftSettings: swiftSettings),

        // Tests, one target per stage.
        // What the test targets share: the generator of their differential tests' input.
        .target(name: "CmocTestSupport", path: "Tests/CmocTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "CmocTextTests", dependencies: ["CmocText", "CmocTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CmocIngestTests", dependencies: ["CmocIngest", "CmocModel", "ZIPFoundation", "CmocTestSupport", "BenchSupport"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "CmocPseudonymiseTests", dependencies: ["CmocPseudonymise", "CmocModel", "CmocTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CmocSegmentTests", dependencies: ["CmocSegment", "CmocModel", "CmocTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CmocCodingTests", dependencies: ["CmocCoding", "CmocModel", "CmocTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CmocEvidenceTests", dependencies: ["CmocEvidence", "CmocReports", "CmocModel", "CmocTestSupport"],
            exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CmocPipelineTests",
            dependencies: ["CmocPipeline", "CmocReports", "CmocIngest", "CmocSegment", "CmocModel"],
            exclude: ["Fixtures", "Golden"], swiftSettings: swiftSettings),
    ]
)
