// swift-tools-version:6.0
import PackageDescription

// The kernels are generic over Float/Double (Double for gradient checks). They are compiled
// optimized even in debug builds, so a plain `swift run report` trains at full speed.
let optimizedInEveryConfiguration: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux])),
    .unsafeFlags(["-Xcc", "-fno-math-errno"]),
]

let package = Package(
    name: "ConvLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "report", targets: ["ConvLabCLI"]),
        .executable(name: "bench", targets: ["Bench"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "CIFAR", targets: ["CIFAR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .target(
            name: "NeuralNet",
            dependencies: [.target(name: "CDNNL", condition: .when(platforms: [.linux]))],
            swiftSettings: optimizedInEveryConfiguration,
            linkerSettings: [.linkedFramework("Accelerate", .when(platforms: [.macOS]))]
        ),
        .target(
            name: "CIFAR",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: optimizedInEveryConfiguration
        ),
        .systemLibrary(
            name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng16",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .target(name: "Imaging", dependencies: ["CPNG"]),
        .target(name: "Figures", dependencies: ["CCairo", "Imaging"]),
        // onnx.proto as Swift, generated once by scripts/generate-onnx-swift.sh and committed.
        .target(name: "ONNXProto", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(
            name: "Deployment",
            dependencies: [
                "NeuralNet", "Imaging", "ONNXProto", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]),
        .target(
            name: "Serving",
            dependencies: ["Deployment", "Imaging", .product(name: "Hummingbird", package: "hummingbird")]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // Study files (YAML) read into a StudyDefinition, every problem with its line and column.
        .target(name: "StudyFile", dependencies: ["Study", "NeuralNet", .product(name: "Yams", package: "Yams")]),
        .target(name: "DocumentKit"),
        .target(
            name: "ReportKit", dependencies: ["Study", "Figures", "CIFAR", "NeuralNet", "DocumentKit", "Deployment"]),
        .target(
            name: "Study", dependencies: ["NeuralNet", "CIFAR", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "ConvLabCLI",
            dependencies: [
                "Study", "StudyFile", "NeuralNet", "CIFAR", "Figures", "Imaging", "ReportKit", "Deployment", "Serving",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "Bench",
            dependencies: [
                "Study", "NeuralNet", "CIFAR", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: synthetic CIFAR-10 folders, made-up runs, class names.
        .target(name: "ConvLabTestSupport", dependencies: ["CIFAR", "Study", "NeuralNet"], path: "Tests/TestSupport"),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "CIFARTests", dependencies: ["CIFAR", "ConvLabTestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "Figures"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "Imaging"]),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "Deployment", "Imaging", "NeuralNet", "Study", "ConvLabTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "DeploymentTests",
            dependencies: ["Deployment", "NeuralNet", "Study", "Imaging", "ONNXProto", "ConvLabTestSupport"]),
        .testTarget(name: "DocumentKitTests", dependencies: ["DocumentKit"]),
        .testTarget(
            name: "ReportKitTests",
            dependencies: [
                "ReportKit", "DocumentKit", "Deployment", "Study", "StudyFile", "CIFAR", "NeuralNet",
                "ConvLabTestSupport",
            ]),
        .testTarget(name: "StudyTests", dependencies: ["Study", "NeuralNet", "CIFAR", "ConvLabTestSupport"]),
        .testTarget(name: "StudyFileTests", dependencies: ["StudyFile", "Study", "NeuralNet", "ConvLabTestSupport"]),
        .testTarget(
            name: "ConvLabCLITests",
            dependencies: [
                "ConvLabCLI", "CIFAR", "Study", "StudyFile", "NeuralNet", "Deployment", "Imaging", "ConvLabTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Golden"]),
    ]
)
