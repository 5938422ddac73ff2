import CSV
import Logging
import ServiceStorage

/// The settings every service executable shares. Each has one documented key (see
/// ``ConfigurationKey``); flags win over the environment, which wins over the JSON file.
public struct RuntimeConfiguration: Sendable, Equatable {
    public enum LogFormat: String, Sendable { case json, text }

    public var listen: HostPort
    /// nil when the admin listener is off.
    public var metricsListen: HostPort?
    public var dataDirectory: String
    /// `DIC_DATABASE_URL`; nil means the SQLite file in the data directory.
    public var database: DatabaseAddress?
    public var databasePool = DatabasePool()
    public var logFormat: LogFormat
    public var logLevel: Logger.Level
    /// TLS for the gRPC listener; nil serves h2c (loopback and in-cluster use).
    public var tls: TLSFiles?
    /// Authentication and authorization; only an explicit DIC_AUTH=off turns them off.
    public var auth = true
    /// The bootstrap admin token (DIC_ADMIN_TOKEN); never logged.
    public var adminToken: String?
    /// What one caller, or all of them, may make the server hold.
    public var limits = Limits()
    /// How long a change's request id and its answer are kept (DIC_IDEMPOTENCY_RETENTION).
    public var idempotencyRetention: Duration = .seconds(7 * 86_400)
    /// The audit checkpoint key's file, when set (DIC_AUDIT_KEY_FILE); nil means the data
    /// directory's `audit-checkpoint.key`, created when missing.
    public var auditKeyFile: String?
    /// The identity issuer's private key file (DIC_IDENTITY_SIGNING_KEY), on the one service that issues.
    public var identitySigningKeyFile: String?
    /// The issuer's public keys (DIC_IDENTITY_KEYS), on every service that accepts identity tokens.
    public var identityKeysFile: String?

    /// How a replica uses PostgreSQL (unused on SQLite).
    public struct DatabasePool: Sendable, Equatable {
        public var size = 8
        public var statementTimeout: Duration = .seconds(30)
        /// How long a call waits for a connection; a database that is down fails calls sooner.
        public var connectTimeout: Duration = .seconds(10)

        public init() {}
    }

    public struct Limits: Sendable, Equatable {
        public var maxConnections = 1000
        public var maxConcurrentStreams = 100
        public var maxMessageBytes = 4 << 20
        public var maxConnectionBufferedBytes = 8 << 20
        public var maxBufferedBytes = 256 << 20
        public var maxCallDuration: Duration = .seconds(600)
        /// What an uploaded CSV file may hold.
        public var csv = CSVLimits()

        public init() {}

        static func load(from source: ConfigurationSource) throws(ConfigurationError) -> Limits {
            var limits = Limits()
            limits.maxConnections = try source.get(.maxConnections, default: limits.maxConnections) {
                whole($0, in: 1...1_000_000)
            }
            limits.maxConcurrentStreams = try source.get(
                .maxConcurrentStreams, default: limits.maxConcurrentStreams
            ) { whole($0, in: 1...10_000) }
            limits.maxMessageBytes = try source.get(.maxMessageBytes, default: limits.maxMessageBytes) {
                whole($0, in: 1024...(1 << 30))
            }
            limits.maxConnectionBufferedBytes = try source.get(
                .maxConnectionBufferedBytes, default: max(limits.maxConnectionBufferedBytes, 2 * limits.maxMessageBytes)
            ) { whole($0, in: 1024...(1 << 40)) }
            limits.maxBufferedBytes = try source.get(
                .maxBufferedBytes, default: max(limits.maxBufferedBytes, limits.maxConnectionBufferedBytes)
            ) { whole($0, in: 1024...(1 << 40)) }
            limits.maxCallDuration = .seconds(
                try source.get(.maxCallDuration, default: 600) { whole($0, in: 1...(30 * 24 * 3600)) })
            limits.csv.maxFieldBytes = try source.get(.csvMaxFieldBytes, default: limits.csv.maxFieldBytes) {
                whole($0, in: 16...(64 << 20))
            }
            limits.csv.maxFields = try source.get(.csvMaxFields, default: limits.csv.maxFields) {
                whole($0, in: 1...100_000)
            }
            limits.csv.maxRecordBytes = try source.get(.csvMaxRecordBytes, default: limits.csv.maxRecordBytes) {
                whole($0, in: 16...(1 << 30))
            }
            limits.csv.maxRecords = try source.get(.csvMaxRecords, default: limits.csv.maxRecords) {
                whole($0, in: 1...1_000_000_000)
            }
            limits.csv.maxTotalBytes = try source.get(.csvMaxBytes, default: limits.csv.maxTotalBytes) {
                whole($0, in: 1024...(1 << 40))
            }
            // Each limit must leave room for the one below it, or no call could ever complete.
            if limits.maxConnectionBufferedBytes < limits.maxMessageBytes + 5 {
                let (value, origin) = source.value(.maxConnectionBufferedBytes) ?? ("", .defaultValue)
                throw ConfigurationError(
                    key: ConfigurationKey.maxConnectionBufferedBytes.environment, value: value, origin: origin,
                    reason: "must be larger than DIC_MAX_MESSAGE_BYTES (\(limits.maxMessageBytes))")
            }
            if limits.maxBufferedBytes < limits.maxConnectionBufferedBytes {
                let (value, origin) = source.value(.maxBufferedBytes) ?? ("", .defaultValue)
                throw ConfigurationError(
                    key: ConfigurationKey.maxBufferedBytes.environment, value: value, origin: origin,
                    reason: "must be at least DIC_MAX_CONNECTION_BUFFERED_BYTES (\(limits.maxConnectionBufferedBytes))")
            }
            return limits
        }

        /// A whole number within `range`, without trapping on any text.
        static func whole(_ text: String, in range: ClosedRange<Int>) -> Result<Int, ConfigurationReason> {
            guard text.utf8.count <= 20, let value = Int(text), range.contains(value) else {
                return .failure(
                    ConfigurationReason("expected a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return .success(value)
        }
    }

    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var key: String
        public var clientCA: String?
    }

    /// Defaults a service chooses (its usual ports).
    public struct Defaults: Sendable {
        public var listen: HostPort
        public var metricsListen: HostPort?
        public var dataDirectory = "data"

        public init(listen: HostPort, metricsListen: HostPort?, dataDirectory: String = "data") {
            self.listen = listen
            self.metricsListen = metricsListen
            self.dataDirectory = dataDirectory
        }
    }

    public static func load(
        from source: ConfigurationSource, defaults: Defaults
    ) throws(ConfigurationError)
        -> RuntimeConfiguration
    {
        var configuration = RuntimeConfiguration(
            listen: try source.get(.listen, default: defaults.listen, HostPort.parse),
            metricsListen: try source.get(.metricsListen, default: defaults.metricsListen) { text in
                text == "off" ? .success(nil) : HostPort.parse(text).map { $0 }
            },
            dataDirectory: try source.get(.dataDirectory, default: defaults.dataDirectory) { text in
                text.isEmpty ? .failure(ConfigurationReason("must not be empty")) : .success(text)
            },
            database: try source.get(.databaseURL, default: nil) { text in
                Result { () throws(DatabaseAddress.Problem) -> DatabaseAddress? in try DatabaseAddress.parse(text) }
                    .mapError { ConfigurationReason($0.description) }
            },
            logFormat: try source.get(.logFormat, default: .text) { text in
                LogFormat(rawValue: text).map { .success($0) } ?? .failure(ConfigurationReason("must be json or text"))
            },
            logLevel: try source.get(.logLevel, default: .info) { text in
                Logger.Level(rawValue: text).map { .success($0) }
                    ?? .failure(ConfigurationReason("must be trace, debug, info, notice, warning, error or critical"))
            },
            tls: try tlsFiles(source),
            auth: try source.get(.auth, default: true) { text in
                switch text {
                case "on": .success(true)
                case "off": .success(false)
                default: .failure(ConfigurationReason("must be on or off"))
                }
            },
            adminToken: try source.get(.adminToken, default: nil) { text in
                text.utf8.count >= 16
                    ? .success(text) : .failure(ConfigurationReason("must be at least 16 characters"))
            })
        configuration.limits = try Limits.load(from: source)
        configuration.databasePool.size = try source.get(.databasePoolSize, default: 8) {
            Limits.whole($0, in: 1...500)
        }
        configuration.databasePool.statementTimeout = .seconds(
            try source.get(.databaseStatementTimeout, default: 30) { Limits.whole($0, in: 1...86_400) })
        configuration.databasePool.connectTimeout = .seconds(
            try source.get(.databaseConnectTimeout, default: 10) { Limits.whole($0, in: 1...600) })
        configuration.idempotencyRetention = .seconds(
            try source.get(.idempotencyRetention, default: 7 * 86_400) { Limits.whole($0, in: 3600...(3660 * 86_400)) })
        configuration.auditKeyFile = try source.get(.auditKeyFile, default: nil) { text in
            text.isEmpty ? .failure(ConfigurationReason("must not be empty")) : .success(text)
        }
        configuration.identitySigningKeyFile = try source.get(.identitySigningKey, default: nil) { text in
            text.isEmpty ? .failure(ConfigurationReason("must not be empty")) : .success(text)
        }
        configuration.identityKeysFile = try source.get(.identityKeys, default: nil) { text in
            text.isEmpty ? .failure(ConfigurationReason("must not be empty")) : .success(text)
        }
        return configuration
    }

    /// TLS is on only when both the certificate and the key are set: half a pair is a mistake, never
    /// a quiet fall back to h2c.
    static func tlsFiles(_ source: ConfigurationSource) throws(ConfigurationError) -> TLSFiles? {
        let cert = source.value(.tlsCert)
        let key = source.value(.tlsKey)
        let clientCA = source.value(.tlsClientCA)
        switch (cert, key) {
        case (nil, nil):
            if let (value, origin) = clientCA {
                throw ConfigurationError(
                    key: "DIC_TLS_CLIENT_CA", value: value, origin: origin,
                    reason: "mutual TLS needs DIC_TLS_CERT and DIC_TLS_KEY too")
            }
            return nil
        case (let (value, origin)?, nil):
            throw ConfigurationError(
                key: "DIC_TLS_CERT", value: value, origin: origin, reason: "DIC_TLS_KEY is not set")
        case (nil, let (value, origin)?):
            throw ConfigurationError(
                key: "DIC_TLS_KEY", value: value, origin: origin, reason: "DIC_TLS_CERT is not set")
        case (let (certificate, _)?, let (keyPath, _)?):
            return TLSFiles(certificate: certificate, key: keyPath, clientCA: clientCA?.0)
        }
    }

    /// The SQLite file for a service named `name`: the database URL's path, or `<data dir>/<name>.sqlite`.
    public func databasePath(service name: String) -> String {
        if case .sqlite(let path) = database { return path }
        return dataDirectory + "/" + name + ".sqlite"
    }
}
