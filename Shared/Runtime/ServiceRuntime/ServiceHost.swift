import AccessControl
import CSV
import CommonAPI
import CryptoPrimitives
import Foundation
import GRPCHealth
import GRPCReflection
import HTTP2Transport
import Logging
import Metrics
import NIOCore
import NIOPosix
import OpenSSLTLS
import OperatorFiles
import Prometheus
import ProtoWire
import RPCCore
import ServiceLifecycle
import ServiceStorage

/// Everything a service executable shares, so that each service is only its domain: settings,
/// logging, metrics, its database, health and reflection, the gRPC and admin listeners, and a
/// graceful shutdown on SIGTERM or SIGINT (health NOT_SERVING, GOAWAY, calls in flight finish
/// within the grace period, the database closes).
public enum ServiceHost {
    /// What a service brings.
    public struct Definition: Sendable {
        /// Short name: the database file, the logger label, the metrics prefix.
        public var name: String
        /// Reported by `GetServiceInfo` and in the start-up log.
        public var version: String
        public var defaults: RuntimeConfiguration.Defaults
        public var migrations: [Migration]
        /// The APIs it serves, for health, reflection and the start-up line.
        public var services: [ProtoServiceDescriptor]
        /// Their `.proto` files and every file those import, for reflection.
        public var files: [ProtoFileDescriptor]
        /// The service's own settings, beside the runtime's: read from flags, environment and the
        /// JSON file like them, through ``Environment/settings``.
        public var settings: [ConfigurationKey]
        /// Builds the service implementations once the database is open.
        public var makeServices: @Sendable (Environment) async throws -> [any RPCService]

        public init(
            name: String, version: String = "0.1.0", defaults: RuntimeConfiguration.Defaults, migrations: [Migration],
            services: [ProtoServiceDescriptor], files: [ProtoFileDescriptor], settings: [ConfigurationKey] = [],
            makeServices: @escaping @Sendable (Environment) async throws -> [any RPCService]
        ) {
            self.name = name
            self.version = version
            self.defaults = defaults
            self.migrations = migrations
            self.services = services
            self.files = files
            self.settings = settings
            self.makeServices = makeServices
        }
    }

    /// What a service's implementations get to work with.
    public struct Environment: Sendable {
        public let configuration: RuntimeConfiguration
        /// Where the service's own settings are read (a value that does not parse is a
        /// configuration error: exit status 2, the key and the reason printed).
        public let settings: ConfigurationSource
        public let database: Database
        public let logger: Logger
        /// Work to repeat while the service runs.
        public let tasks: PeriodicTasks
        /// Set when this service is the deployment's identity issuer (DIC_IDENTITY_SIGNING_KEY): its
        /// own calls to other services can carry an identity it signs itself.
        public var identityIssuer: IdentityIssuer? = nil
    }

    /// Runs the service until it is shut down; returns the process exit code (0 after a clean
    /// shutdown, 2 for a configuration error, 1 for any other failure to start or run).
    public static func run(
        _ definition: Definition, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        let configuration: RuntimeConfiguration
        let source: ConfigurationSource
        do {
            source = try ConfigurationSource(
                arguments: arguments, environment: environment, keys: ConfigurationKey.runtimeKeys + definition.settings
            )
            configuration = try RuntimeConfiguration.load(from: source, defaults: definition.defaults)
        } catch {
            printError("\(definition.name): configuration: \(error)")
            return 2
        }
        DICLogHandler.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        // The log is written from a queue: what is still in it goes out before the process exits.
        defer { LogOutput.standardOutput.flush() }
        CSVLimits.configured = configuration.limits.csv
        let registry = PrometheusCollectorRegistry()
        var metrics = PrometheusMetricsFactory(registry: registry)
        // Group commit carries 1 to 128 writes a commit (ServiceStorage's groupCommitLimit).
        metrics.valueHistogramBuckets["db_writes_per_commit"] = [1, 2, 4, 8, 16, 32, 64, 128]
        MetricsSystem.bootstrap(metrics)
        var logger = Logger(label: "dic.\(definition.name)")
        logger[metadataKey: "service"] = "\(definition.name)"
        do {
            try await serve(
                definition, configuration: configuration, settings: source, registry: registry, logger: logger)
            return 0
        } catch let error as ConfigurationError {
            printError("\(definition.name): configuration: \(error)")
            return 2
        } catch {
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            printError("\(definition.name): \(error)")
            return 1
        }
    }

    static func serve(
        _ definition: Definition, configuration: RuntimeConfiguration, settings: ConfigurationSource,
        registry: PrometheusCollectorRegistry, logger: Logger
    ) async throws {
        let startedAt = Foundation.Date()
        // The server's event loops, one per processor the process may run on (at most four), made
        // here so that PostgreSQL's connections live on them too: a call and its queries on one thread.
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: min(AllowedProcessors.count, 4))
        let database: Database
        do {
            database = try await openDatabase(
                configuration, service: definition.name,
                migrations: definition.migrations + AccessStore.migrations + AuditLog.migrations, loops: loops,
                logger: logger)
        } catch {
            try? await loops.shutdownGracefully()
            throw error
        }
        do {
            let (issuer, identities) = try loadIdentityKeys(configuration, settings: settings, logger: logger)
            let environment = Environment(
                configuration: configuration, settings: settings, database: database, logger: logger,
                tasks: PeriodicTasks(), identityIssuer: issuer)
            let checkpointKey = try loadAuditKey(configuration, settings: settings)
            try await signAuditHead(database, key: checkpointKey, logger: logger)
            environment.tasks.every(.seconds(60), "audit checkpoint") {
                try await signAuditHead(database, key: checkpointKey, logger: logger)
            }
            let retention = configuration.idempotencyRetention
            environment.tasks.every(.seconds(3600), "request id expiry") {
                try await forgetOldRequestIDs(database, retention: retention, logger: logger)
            }
            MemoryRelease.fixThresholds()
            environment.tasks.every(.seconds(5), "memory release") { MemoryRelease.releaseIfLarge() }
            let implementations = try await definition.makeServices(environment)
            let health = HealthProvider()
            for service in definition.services { health.setStatus(.serving, for: service.fullName) }
            // For liveness probes: the process answers. Unlike "" it does not follow the database, so
            // an outage takes replicas out of rotation without getting them restarted.
            health.setStatus(.serving, for: DatabaseHealthWatch.liveness)
            let access = try await AccessStore.open(
                database: database, service: definition.name, bootstrapToken: configuration.adminToken)
            // Every dic API this process serves: its own and the ones the runtime adds.
            let hosted =
                definition.services + [
                    ServiceAdminService.descriptor, AccessService.descriptor, AuditService.descriptor,
                ]
            let policy = AccessPolicy(services: hosted)
            var interceptors: [any ServerInterceptor] = [
                CallLoggingInterceptor(logger: logger), CallMetricsInterceptor(),
            ]
            if configuration.auth {
                let authentication = AuthInterceptor(
                    store: access, service: definition.name, policy: policy, identities: identities)
                interceptors.append(authentication)
                // Refused attempts at changes, which authentication stops before the audit below.
                interceptors.append(
                    AuditRefusalRecorder(
                        database: database, policy: policy, logger: logger, authentication: authentication))
            } else {
                logger.warning("authentication is OFF (DIC_AUTH=off): every caller may call every method")
            }
            // After authentication, so records name the principal; with auth off they say "anonymous".
            interceptors.append(AuditInterceptor(database: database, logger: logger, policy: policy))
            var router = RPCRouter(interceptors: interceptors)
            for implementation in implementations { router.add(implementation) }
            router.add(AccessProvider(store: access, issuer: issuer))
            router.add(AuditProvider(database: database, checkpointKey: checkpointKey))
            router.add(
                ServiceAdminProvider(
                    service: definition.name, version: definition.version, database: database,
                    dataDirectory: configuration.dataDirectory, startedAt: startedAt))
            router.add(health)
            router.add(
                ReflectionService(
                    services: hosted + [HealthService.descriptor],
                    files: definition.files + [
                        ServiceAdminService.file, AccessService.file, AuditService.file, CommonProtoFile.descriptor,
                        OptionsProtoFile.descriptor, DescriptorProtoFile.descriptor, HealthService.file,
                    ]))

            var serverConfiguration = HTTP2ServerConfiguration()
            serverConfiguration.logger = logger
            let limits = configuration.limits
            serverConfiguration.maxConnections = limits.maxConnections
            serverConfiguration.maxConcurrentStreams = UInt32(limits.maxConcurrentStreams)
            serverConfiguration.maxReceiveMessageSize = limits.maxMessageBytes
            serverConfiguration.maxConnectionBufferedBytes = limits.maxConnectionBufferedBytes
            serverConfiguration.maxBufferedBytes = limits.maxBufferedBytes
            serverConfiguration.maxCallDuration = limits.maxCallDuration
            var reloader: CertificateReloader?
            if let files = configuration.tls {
                // A TLS key with a certificate that does not load stops start-up: never an h2c fallback.
                let provider = try TLSContextProvider(
                    certificateChainPath: files.certificate, privateKeyPath: files.key, clientCAPath: files.clientCA)
                serverConfiguration.tls = provider
                reloader = CertificateReloader(
                    provider: provider, files: [files.certificate, files.key] + (files.clientCA.map { [$0] } ?? []),
                    logger: logger, pollInterval: .seconds(2))
                logger.info("TLS on", metadata: ["mutual": "\(files.clientCA != nil)"])
            }
            let server = HTTP2Server(
                host: configuration.listen.host, port: configuration.listen.port, configuration: serverConfiguration,
                group: loops)
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: GRPCServerService(server: server, router: router, health: health, logger: logger))
            ]
            if let reloader {
                services.append(.init(service: reloader, successTerminationBehavior: .ignore))
            }
            if configuration.auth {
                services.append(
                    .init(
                        service: AccessRefresher(store: access, logger: logger, interval: .seconds(15)),
                        successTerminationBehavior: .ignore))
            }
            for entry in environment.tasks.entries.withLock({ $0 }) {
                services.append(
                    .init(
                        service: PeriodicTaskService(entry: entry, logger: logger), successTerminationBehavior: .ignore)
                )
            }
            if database.isPostgres {
                services.append(
                    .init(
                        service: DatabaseHealthWatch(
                            probe: { await database.isReachable() }, health: health,
                            services: definition.services.map(\.fullName), interval: .seconds(2), logger: logger),
                        successTerminationBehavior: .ignore))
            }
            if let address = configuration.metricsListen {
                let admin = AdminHTTPServer(
                    address: address, metrics: { registry.emitToString() },
                    healthy: { health.status(of: "") == .serving })
                services.append(.init(service: AdminService(admin: admin, loops: loops, logger: logger)))
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
                    logger: logger))
            try await group.run()
        } catch {
            try? await database.close()
            try? await loops.shutdownGracefully()
            throw error
        }
        try await database.close()
        try await loops.shutdownGracefully()
        logger.info("stopped cleanly")
    }

    /// The service's database as `DIC_DATABASE_URL` says: the SQLite file (the default), or
    /// PostgreSQL with the pool settings; the address is logged without its password.
    static func openDatabase(
        _ configuration: RuntimeConfiguration, service: String, migrations: [Migration],
        loops: MultiThreadedEventLoopGroup = .singleton, logger: Logger
    ) async throws -> Database {
        // The data directory holds the audit checkpoint key and backups whatever the backend; SQLite's
        // open makes it for its file, PostgreSQL's does not.
        try? FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        guard case .postgres(let address) = configuration.database else {
            return try await Database.open(
                path: configuration.databasePath(service: service), migrations: migrations, loops: loops, logger: logger
            )
        }
        let pool = configuration.databasePool
        logger.info(
            "using PostgreSQL",
            metadata: [
                "database": "\(address.redacted)", "tls": "\(address.tls.rawValue)", "pool": "\(pool.size)",
            ])
        return try await Database.open(
            postgres: address, poolSize: pool.size, statementTimeout: pool.statementTimeout,
            connectTimeout: pool.connectTimeout, migrations: migrations, loops: loops, logger: logger)
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// The gRPC listener as a lifecycle service.
struct GRPCServerService: Service {
    let server: HTTP2Server
    let router: RPCRouter
    let health: HealthProvider
    let logger: Logger

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withGracefulShutdownHandler {
                    try await server.serve(router: router)
                } onGracefulShutdown: {
                    // Probes see NOT_SERVING first, then GOAWAY; calls in flight finish.
                    health.markAllNotServing()
                    server.beginGracefulShutdown()
                }
            }
            group.addTask {
                let port = try await server.listeningPort()
                logger.info("serving gRPC", metadata: ["address": "\(server.host):\(port)"])
                print("listening on \(server.host):\(port)")
                fflush(nil)
            }
            try await group.waitForAll()
        }
        logger.info("gRPC listener drained")
    }
}

/// The admin HTTP listener as a lifecycle service.
struct AdminService: Service {
    let admin: AdminHTTPServer
    /// The server's event loops: a scrape is small, and NIO's shared loops would be two more threads.
    let loops: any EventLoopGroup
    let logger: Logger

    func run() async throws {
        let port = try await admin.start(group: loops)
        logger.info("serving /metrics and /healthz", metadata: ["address": "\(admin.address.host):\(port)"])
        try? await gracefulShutdown()
        await admin.close()
    }
}

extension ServiceHost {
    /// The audit checkpoint key: the file set by DIC_AUDIT_KEY_FILE, which must exist, or the data
    /// directory's own, created on first start.
    static func loadAuditKey(
        _ configuration: RuntimeConfiguration, settings: ConfigurationSource
    ) throws -> AuditCheckpointKey {
        do {
            if let path = configuration.auditKeyFile {
                return try AuditCheckpointKey.load(path: path, create: false)
            }
            return try AuditCheckpointKey.load(
                path: configuration.dataDirectory + "/audit-checkpoint.key", create: true)
        } catch {
            let (value, origin) = settings.value(.auditKeyFile) ?? ("", .defaultValue)
            throw ConfigurationError(
                key: ConfigurationKey.auditKeyFile.environment, value: value, origin: origin, reason: "\(error)")
        }
    }

    /// The identity issuer (when DIC_IDENTITY_SIGNING_KEY is set) and the keys identity tokens are
    /// checked against (DIC_IDENTITY_KEYS, plus the issuer's own). A key that does not load stops
    /// start-up: an operator who set one expects identities to work.
    static func loadIdentityKeys(
        _ configuration: RuntimeConfiguration, settings: ConfigurationSource, logger: Logger
    ) throws -> (IdentityIssuer?, IdentityVerifier?) {
        func read(_ path: String, _ key: ConfigurationKey) throws -> [UInt8] {
            guard let data = try? OperatorFile.read(path, atMost: 1 << 20) else {
                let (value, origin) = settings.value(key) ?? ("", .defaultValue)
                throw ConfigurationError(
                    key: key.environment, value: value, origin: origin,
                    reason: "expected a readable file of at most 1 MiB")
            }
            return data
        }
        func loaded<T>(_ key: ConfigurationKey, _ body: () throws(CryptoFailure) -> T) throws -> T {
            do {
                return try body()
            } catch {
                let (value, origin) = settings.value(key) ?? ("", .defaultValue)
                throw ConfigurationError(key: key.environment, value: value, origin: origin, reason: error.description)
            }
        }
        var issuer: IdentityIssuer?
        var keys: [Ed25519PublicKey] = []
        if let path = configuration.identitySigningKeyFile {
            let pem = try read(path, .identitySigningKey)
            let key = try loaded(.identitySigningKey) { () throws(CryptoFailure) in try Ed25519PrivateKey.load(pem: pem)
            }
            issuer = IdentityIssuer(key: key)
            keys.append(key.publicKey)
            // Whoever can read it can be anyone, everywhere: say so if others can.
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                mode & 0o077 != 0
            {
                logger.warning(
                    "the identity signing key can be read by other users: chmod 600 it",
                    metadata: ["file": "\(path)", "mode": "\(String(mode, radix: 8))"])
            }
            logger.info("issuing identities", metadata: ["key": "\(key.publicKey.id)"])
        }
        if let path = configuration.identityKeysFile {
            let pem = try read(path, .identityKeys)
            keys += try loaded(.identityKeys) { () throws(CryptoFailure) in try Ed25519PublicKey.all(pem: pem) }
        }
        guard !keys.isEmpty else { return (issuer, nil) }
        let verifier = IdentityVerifier(keys: keys)
        logger.info("accepting identity tokens", metadata: ["keys": "\(verifier.keyIDs.joined(separator: ","))"])
        return (issuer, verifier)
    }

    /// Deletes the request ids kept longer than `retention`, and logs how many there were.
    static func forgetOldRequestIDs(_ database: Database, retention: Duration, logger: Logger) async throws {
        let cutoff = Database.nowMilliseconds() - retention.components.seconds * 1000
        let forgotten = try await database.forgetRequestIDs(before: cutoff)
        if forgotten > 0 {
            logger.info(
                "request ids expired",
                metadata: ["count": "\(forgotten)", "retention_s": "\(retention.components.seconds)"])
        }
    }

    /// Signs the audit trail's head when it has moved, and logs the checkpoint, so that a copy lives
    /// outside the database too (the log collector's).
    static func signAuditHead(_ database: Database, key: AuditCheckpointKey, logger: Logger) async throws {
        guard let checkpoint = try await database.writeAuditCheckpoint(key: key) else { return }
        logger.info(
            "audit checkpoint",
            metadata: [
                "checkpoint": "\(checkpoint.id)", "head_seq": "\(checkpoint.headSeq)",
                "head_hash": "\(checkpoint.headHash)", "mac": "\(checkpoint.mac)",
            ])
    }
}
