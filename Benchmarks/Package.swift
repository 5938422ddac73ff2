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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The RPC peer, grpc-swift 2 with its NIO HTTP/2 transport.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        // The Echo contract on our HTTP/2 transport (benchmarks and interop tests).
        // A million DX measurements: a quarter's roll-up to a province.
        .executableTarget(
            name: "rollup-bench",
            dependencies: [
                .product(name: "DX", package: "DICPlatform"),
                .product(name: "DXDomain", package: "DICPlatform"),
                .product(name: "CalendarDates", package: "DICPlatform"),
                .product(name: "Indicators", package: "DICPlatform"),
                .product(name: "AdminUnits", package: "DICPlatform"),
                .product(name: "CommonAPI", package: "DICPlatform"),
                .product(name: "ServiceStorage", package: "DICPlatform"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/RollUpBench"),
        // Coverage estimation for a whole country: the spatial index against all pairs.
        .executableTarget(
            name: "coverage-bench",
            dependencies: [
                .product(name: "Telecom", package: "DICPlatform"),
                .product(name: "TelecomDomain", package: "DICPlatform"),
                .product(name: "CalendarDates", package: "DICPlatform"),
                .product(name: "Geo", package: "DICPlatform"),
                .product(name: "AdminUnits", package: "DICPlatform"),
            ],
            path: "Sources/CoverageBench"),
        // The licensing register at scale: import time and the report's period statistics.
        .executableTarget(
            name: "licensing-bench",
            dependencies: [
                .product(name: "Licensing", package: "DICPlatform"),
                .product(name: "LicensingDomain", package: "DICPlatform"),
                .product(name: "CalendarDates", package: "DICPlatform"),
                .product(name: "LicensingAPI", package: "DICPlatform"),
                .product(name: "CommonAPI", package: "DICPlatform"),
                .product(name: "CSV", package: "DICPlatform"),
                .product(name: "RPCCore", package: "DICPlatform"),
                .product(name: "RPCInProcess", package: "DICPlatform"),
                .product(name: "AdminUnits", package: "DICPlatform"),
                .product(name: "ServiceStorage", package: "DICPlatform"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/LicensingBench"),
        .executableTarget(
            name: "echo-server",
            dependencies: [
                .product(name: "EchoContract", package: "DICPlatform"),
                .product(name: "HTTP2Transport", package: "DICPlatform"),
                .product(name: "RPCCore", package: "DICPlatform"),
                .product(name: "GRPCHealth", package: "DICPlatform"),
                .product(name: "GRPCReflection", package: "DICPlatform"),
                .product(name: "OpenSSLTLS", package: "DICPlatform"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/EchoServer"),
        // Our HTTP/2 client against any Echo server (interop tests against Python grpcio).
        .executableTarget(
            name: "echo-interop-client",
            dependencies: [
                .product(name: "EchoContract", package: "DICPlatform"),
                .product(name: "HTTP2Transport", package: "DICPlatform"),
                .product(name: "RPCCore", package: "DICPlatform"),
                .product(name: "ProtoWire", package: "DICPlatform"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/EchoInteropClient"),
        // Concurrent licence writes through a running dic-licensing (`make bench-service`).
        .executableTarget(
            name: "licence-write-load",
            dependencies: [
                .product(name: "LicensingAPI", package: "DICPlatform"),
                .product(name: "CommonAPI", package: "DICPlatform"),
                .product(name: "HTTP2Transport", package: "DICPlatform"),
                .product(name: "RPCCore", package: "DICPlatform"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/LicenceWriteLoad"),
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
