// swift-tools-version: 6.0
// Benchmarks live in their own package so that the peers we compare against (swift-protobuf,
// grpc-swift) never become dependencies of the product.
import PackageDescription

let package = Package(
    name: "DICBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "DICPlatform", path: ".."),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // The RPC peer, grpc-swift 2 with its NIO HTTP/2 transport.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Counts heap allocations by wrapping glibc's allocator (the executable's malloc wins).
        .target(name: "AllocationCounter", path: "Sources/AllocationCounter"),
        // Our generated code for the benchmark messages (kept current by `make check-generated`).
        .target(
            name: "CodecBenchMessages", dependencies: [.product(name: "ProtoWire", package: "DICPlatform")],
            path: "Sources/CodecBenchMessages"),
        // swift-protobuf's generated code for the same .proto files (`make -C Benchmarks peer-code`).
        .target(
            name: "PeerMessages", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/PeerMessages"),
        .executableTarget(
            name: "grpc-swift-echo-server",
            dependencies: [
                "PeerMessages",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/GRPCSwiftEchoServer"),
        .executableTarget(
            name: "codec-bench",
            dependencies: [
                "AllocationCounter", "CodecBenchMessages", "PeerMessages",
                .product(name: "ProtoWire", package: "DICPlatform"),
                .product(name: "EchoContract", package: "DICPlatform"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/CodecBench"),
    ],
    swiftLanguageModes: [.v6]
)
