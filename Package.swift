// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DICPlatform",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ProtoWire", targets: ["ProtoWire"]),
        .library(name: "EchoContract", targets: ["EchoContract"]),
        .library(name: "RPCCore", targets: ["RPCCore"]),
        .library(name: "RPCInProcess", targets: ["RPCInProcess"]),
        .library(name: "ServiceTesting", targets: ["ServiceTesting"]),
        .library(name: "HTTP2Transport", targets: ["HTTP2Transport"]),
        .library(name: "OpenSSLTLS", targets: ["OpenSSLTLS"]),
        .library(name: "ServiceStorage", targets: ["ServiceStorage"]),
        .library(name: "OperatorFiles", targets: ["OperatorFiles"]),
        .library(name: "DomainRules", targets: ["DomainRules"]),
        .library(name: "RequestRules", targets: ["RequestRules"]),
        .library(name: "ServiceRuntime", targets: ["ServiceRuntime"]),
        .library(name: "AccessControl", targets: ["AccessControl"]),
        .library(name: "CryptoPrimitives", targets: ["CryptoPrimitives"]),
        .library(name: "CalendarDates", targets: ["CalendarDates"]),
        .library(name: "VietnameseNumbers", targets: ["VietnameseNumbers"]),
        .library(name: "AdminUnits", targets: ["AdminUnits"]),
        .library(name: "LicensingDomain", targets: ["LicensingDomain"]),
        .library(name: "Licensing", targets: ["Licensing"]),
        .library(name: "CommonAPI", targets: ["CommonAPI"]),
        .library(name: "LicensingAPI", targets: ["LicensingAPI"]),
        .library(name: "CSV", targets: ["CSV"]),
        .library(name: "Geo", targets: ["Geo"]),
        .library(name: "TelecomDomain", targets: ["TelecomDomain"]),
        .library(name: "Telecom", targets: ["Telecom"]),
        .library(name: "TelecomAPI", targets: ["TelecomAPI"]),
        .library(name: "DXDomain", targets: ["DXDomain"]),
        .library(name: "DX", targets: ["DX"]),
        .library(name: "DXAPI", targets: ["DXAPI"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "ReportAPI", targets: ["ReportAPI"]),
        .library(name: "Aggregator", targets: ["Aggregator"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "GRPCHealth", targets: ["GRPCHealth"]),
        .library(name: "GRPCReflection", targets: ["GRPCReflection"]),
        .executable(name: "protoc-gen-dic", targets: ["ProtocGenDIC"]),
        .executable(name: "dic-units", targets: ["dic-units"]),
        .executable(name: "dic-licensing", targets: ["dic-licensing"]),
        .executable(name: "dicctl", targets: ["dicctl"]),
        .executable(name: "dic-telecom", targets: ["dic-telecom"]),
        .executable(name: "dic-dx", targets: ["dic-dx"]),
        .executable(name: "dic-aggregator", targets: ["dic-aggregator"]),
        .executable(name: "dic-console", targets: ["dic-console"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        // Its SQLite build, which the readers' connections (ServiceStorage's SQLiteHandle) use directly.
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        // Only for the TLS settings of the connection to PostgreSQL, which postgres-nio takes as NIOSSL's.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // System libraries: HTTP/2 framing from nghttp2, TLS from OpenSSL 3 (see Shared/Transport/*/shim.h).
        .systemLibrary(
            name: "CNGHTTP2", path: "Shared/Transport/CNGHTTP2", pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Shared/Transport/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CSystemZlib", path: "Shared/Transport/CSystemZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // glibc's allocator controls (ServiceRuntime's MemoryRelease).
        .systemLibrary(name: "CMalloc", path: "Shared/Runtime/CMalloc"),
        .systemLibrary(name: "CSQLiteConfig", path: "Shared/Runtime/CSQLiteConfig"),

        // The protobuf wire format, hand-written.
        .target(name: "ProtoWire", path: "Shared/Codec/ProtoWire", exclude: ["README.md"]),

        // The protoc plugin: a library that turns descriptors into Swift, and the thin executable.
        .target(
            name: "ProtoCodeGen", dependencies: ["ProtoWire"], path: "Shared/Codec/ProtoCodeGen", exclude: ["README.md"]
        ),
        .executableTarget(name: "ProtocGenDIC", dependencies: ["ProtoCodeGen"], path: "Shared/Codec/ProtocGenDIC"),

        // gRPC without a transport: status, errors, metadata, router, client, interceptors.
        .target(name: "RPCCore", dependencies: ["ProtoWire"], path: "Shared/RPC/RPCCore", exclude: ["README.md"]),

        // gRPC over HTTP/2: nghttp2 driven in memory inside SwiftNIO channel handlers.
        .target(
            name: "HTTP2Transport",
            dependencies: [
                "RPCCore", "ProtoWire", "CNGHTTP2", "CSystemZlib", "OpenSSLTLS",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Shared/Transport/HTTP2Transport", exclude: ["README.md"]),

        // Files an operator names in the configuration, read only when they are what they claim.
        .target(name: "OperatorFiles", path: "Shared/Runtime/OperatorFiles", exclude: ["README.md"]),

        // Each service's own data: SQLite through SQLKit, migrations, idempotent and versioned writes.
        .target(
            name: "ServiceStorage",
            dependencies: [
                "RPCCore", "ProtoWire", "COpenSSL", "CSQLiteConfig", "OperatorFiles",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Shared/Runtime/ServiceStorage", exclude: ["README.md"]),

        // The testing harness for services: a fresh database and the in-process transport.
        .target(
            name: "ServiceTesting",
            dependencies: [
                "RPCCore", "RPCInProcess", "ServiceStorage", .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresKit", package: "postgres-kit"), .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Shared/Runtime/ServiceTesting", exclude: ["README.md"]),

        // What every service executable shares: configuration, logging, metrics, lifecycle.
        .target(
            name: "ServiceRuntime",
            dependencies: [
                .product(name: "CoreMetrics", package: "swift-metrics"),
                "RPCCore", "ProtoWire", "HTTP2Transport", "ServiceStorage", "GRPCHealth", "GRPCReflection", "CommonAPI",
                "OpenSSLTLS", "AccessControl", "CryptoPrimitives", "CSV", "AdminUnits", "CalendarDates", "CMalloc",
                "OperatorFiles",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Shared/Runtime/ServiceRuntime", exclude: ["README.md"]),

        // Civil dates: validity periods, deadlines, report dates.
        .target(
            name: "CalendarDates", dependencies: ["CommonAPI"], path: "Shared/Kernel/CalendarDates",
            exclude: ["README.md"]),

        // Figures as Vietnamese documents write them, for the report and the console alike.
        .target(name: "VietnameseNumbers", path: "Shared/Kernel/VietnameseNumbers", exclude: ["README.md"]),

        // The administrative-unit registry every service shares, with the Bắc Kạn 2023 data.
        .target(
            name: "AdminUnits",
            dependencies: [
                "CalendarDates",
                .product(name: "Logging", package: "swift-log"),
                "CommonAPI", "RPCCore", "ProtoWire", "ServiceStorage",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Shared/Kernel/AdminUnits", exclude: ["README.md"]),

        // What the sector services share when they check a request: the rule error, wire enum names, dates.
        // The shape of a refusal by a domain's rules (field and rule), with no RPC in sight.
        .target(name: "DomainRules", path: "Shared/Kernel/DomainRules", exclude: ["README.md"]),
        .target(
            name: "RequestRules",
            dependencies: ["CalendarDates", "AdminUnits", "CommonAPI", "DomainRules", "ProtoWire", "RPCCore"],
            path: "Shared/Kernel/RequestRules", exclude: ["README.md"]),

        // The common Indicators interface: reporting periods, sources, the RPC provider.
        .target(
            name: "Indicators", dependencies: ["CalendarDates", "AdminUnits", "CommonAPI", "RPCCore"],
            path: "Shared/Kernel/Indicators",
            exclude: ["README.md"]),

        // Positions, distances, polygons and a spatial index for the telecom service.
        .target(name: "Geo", path: "Services/Telecom/Geo", exclude: ["README.md"]),

        // The post and telecom team's domain: sites against the plan, coverage estimation, Wi-Fi,
        // radio, postal points; plain Swift, no storage, no wire types.
        .target(
            name: "TelecomDomain", dependencies: ["AdminUnits", "CalendarDates", "CSV", "Geo", "DomainRules"],
            path: "Services/Telecom/TelecomDomain", exclude: ["README.md"]),

        // The post and telecom team's service: its storage and its API provider over the domain.
        .target(
            name: "Telecom",
            dependencies: [
                "TelecomDomain",
                "CalendarDates",
                "AdminUnits", "CommonAPI", "CSV", "Geo", "Indicators", "ProtoWire", "RequestRules", "RPCCore",
                "ServiceStorage",
                "TelecomAPI",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Services/Telecom/Telecom", exclude: ["README.md"]),

        // The IT and digital-transformation team's service: the KPI plan, measurements, roll-ups.
        .target(
            name: "DXDomain", dependencies: ["AdminUnits", "CalendarDates", "Indicators", "DomainRules"],
            path: "Services/DX/DXDomain", exclude: ["README.md"]),
        .target(
            name: "DX",
            dependencies: [
                "CalendarDates", "DXDomain",
                "AdminUnits", "CommonAPI", "CSV", "DXAPI", "Indicators", "ProtoWire", "RequestRules", "RPCCore",
                "ServiceStorage",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Services/DX/DX", exclude: ["README.md"]),

        // The quarterly report: its model, the sentences built from figures, the renderings.
        .target(
            name: "Report",
            dependencies: [
                "CSV", "CalendarDates", "DomainRules", "Indicators", "VietnameseNumbers",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ], path: "Services/Aggregator/Report",
            exclude: ["README.md"]),

        // The aggregator: the quarterly report from the services' public APIs.
        .target(
            name: "Aggregator",
            dependencies: [
                "CalendarDates", "CSV", "RequestRules",
                "AdminUnits", "CommonAPI", "DXAPI", "Indicators", "LicensingAPI", "RPCCore", "Report",
                "ProtoWire", "ReportAPI", "ServiceStorage", "TelecomAPI", "VietnameseNumbers",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Services/Aggregator/Aggregator", exclude: ["README.md"]),

        // RFC 4180 reading (streamed, with line numbers) and writing for imports and exports.
        .target(name: "CSV", path: "Shared/Kernel/CSV", exclude: ["README.md"]),

        // The press and publishing team's domain: licences under the law's rules, dossiers and their
        // statutory clocks, inspections, sanctions; plain Swift, no storage, no wire types.
        .target(
            name: "LicensingDomain", dependencies: ["AdminUnits", "CalendarDates", "CSV", "DomainRules"],
            path: "Services/Licensing/LicensingDomain", exclude: ["README.md"]),

        // The press and publishing team's service: its storage and its API provider over the domain.
        .target(
            name: "Licensing",
            dependencies: [
                "LicensingDomain",
                "CalendarDates",
                .product(name: "SQLKit", package: "sql-kit"),
                "AdminUnits", "CommonAPI", "CSV", "Indicators", "LicensingAPI", "RequestRules", "RPCCore",
                "ServiceStorage",
            ],
            path: "Services/Licensing/Licensing", exclude: ["README.md"]),

        // Services.
        .executableTarget(
            name: "dic-units", dependencies: ["AdminUnits", "CommonAPI", "ServiceRuntime"],
            path: "Services/Units/dic-units"),
        .executableTarget(
            name: "dic-licensing",
            dependencies: [
                "LicensingDomain",
                "CalendarDates", "AdminUnits", "CommonAPI", "Indicators", "Licensing", "LicensingAPI", "ServiceRuntime",
            ],
            path: "Services/Licensing/dic-licensing"),

        .executableTarget(
            name: "dic-telecom",
            dependencies: [
                "TelecomDomain",
                "CalendarDates", "AdminUnits", "CommonAPI", "Indicators", "ServiceRuntime", "Telecom", "TelecomAPI",
            ],
            path: "Services/Telecom/dic-telecom"),

        .executableTarget(
            name: "dic-dx",
            dependencies: [
                "CalendarDates", "AdminUnits", "CommonAPI", "DXAPI", "DX", "DXDomain", "Indicators", "ServiceRuntime",
            ],
            path: "Services/DX/dic-dx"),
        .executableTarget(
            name: "dic-aggregator",
            dependencies: [
                .product(name: "NIOPosix", package: "swift-nio"),
                "AdminUnits", "Aggregator", "CSV", "CommonAPI", "HTTP2Transport", "OpenSSLTLS", "OperatorFiles",
                "Report", "ReportAPI", "RPCCore", "AccessControl", "ServiceRuntime",
            ],
            path: "Services/Aggregator/dic-aggregator"),

        // The officers' web console: pages over the services' generated clients, sessions only.
        .target(
            name: "ConsoleKit",
            dependencies: [
                "CommonAPI", "CryptoPrimitives", "DXAPI", "Indicators", "LicensingAPI", "OperatorFiles", "ReportAPI",
                "RPCCore", "TelecomAPI", "VietnameseNumbers", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            path: "Services/Console/ConsoleKit", exclude: ["README.md"]),
        .executableTarget(
            name: "dic-console",
            dependencies: [
                "ConsoleKit", "HTTP2Transport", "OpenSSLTLS", "RPCCore", "ServiceRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Services/Console/dic-console"),

        // dicctl's commands as a library, so they are tested in Swift; the executable only runs them.
        .target(
            name: "DICCtlKit",
            dependencies: [
                "CommonAPI", "DXAPI", "LicensingAPI", "TelecomAPI", "ReportAPI", "ProtoWire", "RPCCore",
                "HTTP2Transport",
                "GRPCHealth",
                "GRPCReflection",
                "ServiceStorage", "OpenSSLTLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/DICCtl/DICCtlKit", exclude: ["README.md"]),
        .executableTarget(name: "dicctl", dependencies: ["DICCtlKit"], path: "Services/DICCtl/dicctl"),

        // TLS on the system OpenSSL 3, as a NIO handler in front of the HTTP/2 connection handlers.
        .target(
            name: "OpenSSLTLS",
            dependencies: [
                "COpenSSL", "RPCCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Shared/Transport/OpenSSLTLS", exclude: ["README.md"]),

        // Who may do what: tokens, roles, and the interceptor that enforces the declared access.
        .target(
            name: "AccessControl",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                "CommonAPI", "CryptoPrimitives", "RPCCore", "ProtoWire", "ServiceStorage",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Shared/Runtime/AccessControl", exclude: ["README.md"]),

        // Random bytes, MACs, base64url and Ed25519 signatures, from the system OpenSSL 3.
        .target(
            name: "CryptoPrimitives", dependencies: ["COpenSSL"], path: "Shared/Runtime/CryptoPrimitives",
            exclude: ["README.md"]),

        // Client and server in one process, no sockets: for tests of services and the aggregator.
        .target(
            name: "RPCInProcess", dependencies: ["RPCCore", "ProtoWire"], path: "Shared/RPC/RPCInProcess",
            exclude: ["README.md"]),

        // Generated API types shared by every service.
        .target(
            name: "CommonAPI", dependencies: ["ProtoWire", "RPCCore"], path: "Shared/Kernel/CommonAPI",
            exclude: ["README.md"]),
        .target(
            name: "DXAPI", dependencies: ["ProtoWire", "RPCCore", "CommonAPI"], path: "Services/DX/DXAPI",
            exclude: ["README.md"]),
        .target(
            name: "ReportAPI", dependencies: ["ProtoWire", "RPCCore", "CommonAPI"],
            path: "Services/Aggregator/ReportAPI",
            exclude: ["README.md"]),
        .target(
            name: "TelecomAPI", dependencies: ["ProtoWire", "RPCCore", "CommonAPI"],
            path: "Services/Telecom/TelecomAPI",
            exclude: ["README.md"]),
        .target(
            name: "LicensingAPI", dependencies: ["ProtoWire", "RPCCore", "CommonAPI"],
            path: "Services/Licensing/LicensingAPI",
            exclude: ["README.md"]),
        .target(
            name: "GRPCHealth", dependencies: ["ProtoWire", "RPCCore"], path: "Shared/RPC/GRPCHealth",
            exclude: ["README.md"]),
        // Server reflection (v1 and v1alpha), so grpcurl and dynamic clients need no .proto files.
        .target(
            name: "GRPCReflection", dependencies: ["ProtoWire", "RPCCore"], path: "Shared/RPC/GRPCReflection",
            exclude: ["README.md"]),
        // The fixed Echo contract (../shared/bench/echo.proto) used by benchmarks and interop tests.
        .target(
            name: "EchoContract", dependencies: ["ProtoWire", "RPCCore"], path: "Shared/RPC/EchoContract",
            exclude: ["README.md"]),

        // Benchmarks on our stack alone (no peer): built with the package, so that one that no longer
        // builds fails `make test` at no extra cost, and the interop tests' Echo server comes from
        // the same build. The ones that measure against a peer live in the Benchmarks package.
        // A million DX measurements: a quarter's roll-up to a province.
        .executableTarget(
            name: "rollup-bench",
            dependencies: [
                "DX",
                "DXDomain",
                "CalendarDates",
                "Indicators",
                "AdminUnits",
                "CommonAPI",
                "ServiceStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/Sources/RollUpBench"),
        // Coverage estimation for a whole country: the spatial index against all pairs.
        .executableTarget(
            name: "coverage-bench",
            dependencies: [
                "Telecom",
                "TelecomDomain",
                "CalendarDates",
                "Geo",
                "AdminUnits",
            ],
            path: "Benchmarks/Sources/CoverageBench"),
        // The licensing register at scale: import time and the report's period statistics.
        .executableTarget(
            name: "licensing-bench",
            dependencies: [
                "Licensing",
                "LicensingDomain",
                "CalendarDates",
                "LicensingAPI",
                "CommonAPI",
                "CSV",
                "RPCCore",
                "RPCInProcess",
                "AdminUnits",
                "ServiceStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/Sources/LicensingBench"),
        // The Echo contract on our HTTP/2 transport (benchmarks and interop tests).
        .executableTarget(
            name: "echo-server",
            dependencies: [
                "EchoContract",
                "HTTP2Transport",
                "RPCCore",
                "GRPCHealth",
                "GRPCReflection",
                "OpenSSLTLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/Sources/EchoServer"),
        // Our HTTP/2 client against any Echo server (interop tests against Python grpcio).
        .executableTarget(
            name: "echo-interop-client",
            dependencies: [
                "EchoContract",
                "HTTP2Transport",
                "RPCCore",
                "ProtoWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/Sources/EchoInteropClient"),
        // Concurrent licence writes through a running dic-licensing (`make bench-service`).
        .executableTarget(
            name: "licence-write-load",
            dependencies: [
                "LicensingAPI",
                "CommonAPI",
                "HTTP2Transport",
                "RPCCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/Sources/LicenceWriteLoad"),

        // Tests.
        .target(
            name: "ConformanceMessages", dependencies: ["ProtoWire"], path: "Tests/Shared/Codec/ConformanceMessages",
            exclude: ["README.md", "Protos"]),
        .executableTarget(
            name: "ProtoConformanceRunner", dependencies: ["ConformanceMessages", "ProtoWire"],
            path: "Tests/Shared/Codec/ProtoConformanceRunner"),
        .testTarget(
            name: "ProtoWireTests", dependencies: ["ProtoWire", "ConformanceMessages"],
            path: "Tests/Shared/Codec/ProtoWireTests"),
        .testTarget(
            name: "RPCCoreTests", dependencies: ["RPCCore", "RPCInProcess", "EchoContract", "ProtoWire"],
            path: "Tests/Shared/RPC/RPCCoreTests"),
        .testTarget(
            name: "HTTP2TransportTests",
            dependencies: [
                "CNGHTTP2", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "HTTP2Transport", "RPCCore", "EchoContract", "ProtoWire", "OpenSSLTLS",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/Shared/Transport/HTTP2TransportTests"),
        .testTarget(
            name: "CalendarDatesTests", dependencies: ["CalendarDates"], path: "Tests/Shared/Kernel/CalendarDatesTests"),
        .testTarget(
            name: "VietnameseNumbersTests", dependencies: ["VietnameseNumbers"],
            path: "Tests/Shared/Kernel/VietnameseNumbersTests"),
        .testTarget(
            name: "RequestRulesTests",
            dependencies: ["CalendarDates", "RequestRules", "AdminUnits", "CommonAPI", "RPCCore"],
            path: "Tests/Shared/Kernel/RequestRulesTests"),
        .testTarget(
            name: "ServiceStorageTests",
            dependencies: [
                "ServiceTesting", "DICTestSupport",
                "ServiceStorage", "RPCCore", "CommonAPI", .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"), .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Shared/Runtime/ServiceStorageTests"),
        .testTarget(
            name: "OperatorFilesTests", dependencies: ["OperatorFiles"],
            path: "Tests/Shared/Runtime/OperatorFilesTests"),
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                "ServiceRuntime", "RPCCore", "RPCInProcess", "EchoContract", "GRPCHealth", "ProtoWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/Shared/Runtime/ServiceRuntimeTests"),
        .testTarget(
            name: "AdminUnitsTests",
            dependencies: [
                "CalendarDates",
                "ServiceTesting",
                "AdminUnits", "CommonAPI", "RPCCore", "RPCInProcess", "ServiceStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Shared/Kernel/AdminUnitsTests"),
        .testTarget(
            name: "AccessControlTests",
            dependencies: [
                "ServiceTesting",
                "AccessControl", "CommonAPI", "CryptoPrimitives", "RPCCore", "ServiceStorage", "GRPCHealth",
                "ProtoWire",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Shared/Runtime/AccessControlTests"),
        .testTarget(
            name: "CryptoPrimitivesTests", dependencies: ["CryptoPrimitives"],
            path: "Tests/Shared/Runtime/CryptoPrimitivesTests"),
        .testTarget(
            name: "LicensingTests",
            dependencies: [
                "LicensingDomain",
                "CalendarDates",
                "ServiceTesting",
                "Licensing", "LicensingAPI", "AdminUnits", "CommonAPI", "CSV", "DICTestSupport", "Indicators",
                "RPCCore",
                "RPCInProcess", "ServiceStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/Services/Licensing/LicensingTests"),
        // Helpers the service test suites share.
        .target(
            name: "DICTestSupport", dependencies: ["CommonAPI", "DomainRules", "RPCCore"], path: "Tests/Support",
            exclude: ["README.md"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"], path: "Tests/Shared/Kernel/CSVTests"),
        .testTarget(name: "GeoTests", dependencies: ["Geo"], path: "Tests/Services/Telecom/GeoTests"),
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "Report", "Indicators", "LicensingDomain", "CSV", "CalendarDates", "DomainRules", "VietnameseNumbers",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/Services/Aggregator/ReportTests"),
        .testTarget(
            name: "ConsoleKitTests",
            dependencies: [
                "CommonAPI", "ConsoleKit", "DXAPI", "Indicators", "RPCCore", "RPCInProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/Services/Console/ConsoleKitTests"),
        .testTarget(
            name: "AggregatorTests",
            dependencies: [
                "LicensingDomain",
                "ServiceTesting",
                "CalendarDates",
                "Aggregator", "Report", "ReportAPI", "Licensing", "LicensingAPI", "Telecom", "TelecomAPI", "DX",
                "DXDomain",
                "DXAPI", "AdminUnits", "CommonAPI", "DICTestSupport", "Indicators", "RPCCore", "RPCInProcess",
                "ServiceRuntime", "ServiceStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Services/Aggregator/AggregatorTests"),
        .testTarget(
            name: "DXTests",
            dependencies: [
                "CalendarDates",
                "ServiceTesting", "DXAPI",
                "DX", "DXDomain", "AdminUnits", "CommonAPI", "DICTestSupport", "Indicators", "RPCCore", "RPCInProcess",
                "ServiceStorage", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Services/DX/DXTests"),
        .testTarget(
            name: "TelecomTests",
            dependencies: [
                "TelecomDomain",
                "CalendarDates",
                "ServiceTesting", "TelecomAPI",
                "Telecom", "Geo", "AdminUnits", "CommonAPI", "DICTestSupport", "Indicators", "RPCCore", "RPCInProcess",
                "ServiceStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Services/Telecom/TelecomTests"),
        .testTarget(
            name: "IndicatorsTests",
            dependencies: ["AdminUnits", "Indicators", "CommonAPI", "RPCCore", "RPCInProcess"],
            path: "Tests/Shared/Kernel/IndicatorsTests"),
        .testTarget(
            name: "DICCtlKitTests",
            dependencies: ["DICCtlKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/Services/DICCtl/DICCtlKitTests"),
        .testTarget(
            name: "SystemLibrariesTests", dependencies: ["CNGHTTP2", "COpenSSL"],
            path: "Tests/Shared/Transport/SystemLibrariesTests"),
        .testTarget(
            name: "ProtoCodeGenTests", dependencies: ["ProtoCodeGen", "ProtoWire"],
            path: "Tests/Shared/Codec/ProtoCodeGenTests"),
    ],
    swiftLanguageModes: [.v6]
)

// An async function without isolation runs on its caller's executor (SE-0461), instead of
// hopping to the generic one at every call: a call's handler runs on its connection's event loop
// as its task's executor preference, and each such hop asked the task for that preference under a
// lock.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
}
