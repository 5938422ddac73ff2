/// A setting every service executable reads, under one documented name per source: the
/// environment variable (`DIC_LISTEN`), the command-line flag (`--listen`) and the JSON file key
/// (`"listen"`). Operators' scripts depend on these names.
public struct ConfigurationKey: Hashable, Sendable, CustomStringConvertible {
    public let environment: String
    public let flag: String
    public let json: String
    public let help: String
    /// Secret values are never echoed back, not even in a configuration error.
    public let isSecret: Bool

    public init(environment: String, flag: String, json: String, help: String, isSecret: Bool = false) {
        self.environment = environment
        self.flag = flag
        self.json = json
        self.help = help
        self.isSecret = isSecret
    }

    public var description: String { environment }

    public static let listen = ConfigurationKey(
        environment: "DIC_LISTEN", flag: "--listen", json: "listen", help: "gRPC address, host:port")
    public static let metricsListen = ConfigurationKey(
        environment: "DIC_METRICS_LISTEN", flag: "--metrics-listen", json: "metricsListen",
        help: "admin HTTP address (/metrics, /healthz), host:port; 'off' disables it")
    public static let dataDirectory = ConfigurationKey(
        environment: "DIC_DATA_DIR", flag: "--data-dir", json: "dataDir",
        help: "directory for the service's SQLite database and backups")
    public static let databaseURL = ConfigurationKey(
        environment: "DIC_DATABASE_URL", flag: "--database-url", json: "databaseURL",
        help:
            "sqlite:///path, or postgres://user@host/db?sslmode=verify-full&sslrootcert=ca.pem&passwordFile=/run/secret"
            + " (also postgresql://, ?host=/socket/dir); default <data dir>/<service>.sqlite")
    public static let databasePoolSize = ConfigurationKey(
        environment: "DIC_DATABASE_POOL_SIZE", flag: "--database-pool-size", json: "databasePoolSize",
        help: "PostgreSQL connections this replica may open (default 8)")
    public static let databaseStatementTimeout = ConfigurationKey(
        environment: "DIC_DATABASE_STATEMENT_TIMEOUT", flag: "--database-statement-timeout",
        json: "databaseStatementTimeout",
        help: "seconds a PostgreSQL statement may run before the database ends it (default 30)")
    public static let databaseConnectTimeout = ConfigurationKey(
        environment: "DIC_DATABASE_CONNECT_TIMEOUT", flag: "--database-connect-timeout",
        json: "databaseConnectTimeout",
        help: "seconds a call waits for a PostgreSQL connection before failing UNAVAILABLE (default 10)")
    public static let logFormat = ConfigurationKey(
        environment: "DIC_LOG_FORMAT", flag: "--log-format", json: "logFormat", help: "json or text")
    public static let logLevel = ConfigurationKey(
        environment: "DIC_LOG_LEVEL", flag: "--log-level", json: "logLevel",
        help: "trace, debug, info, notice, warning, error or critical")
    public static let tlsCert = ConfigurationKey(
        environment: "DIC_TLS_CERT", flag: "--tls-cert", json: "tlsCert",
        help: "TLS certificate chain (PEM); with DIC_TLS_KEY, the gRPC listener uses TLS")
    public static let tlsKey = ConfigurationKey(
        environment: "DIC_TLS_KEY", flag: "--tls-key", json: "tlsKey", help: "TLS private key (PEM)")
    public static let tlsClientCA = ConfigurationKey(
        environment: "DIC_TLS_CLIENT_CA", flag: "--tls-client-ca", json: "tlsClientCA",
        help: "CA certificates (PEM) for client certificates: mutual TLS required")
    public static let auth = ConfigurationKey(
        environment: "DIC_AUTH", flag: "--auth", json: "auth",
        help: "on (the default) or off; off lets every caller call every method and is logged as a warning")
    /// A secret: read from the environment or the file, never from a flag (process lists show flags).
    public static let adminToken = ConfigurationKey(
        environment: "DIC_ADMIN_TOKEN", flag: "", json: "adminToken",
        help: "a token that is an admin of the service while it is set, for automation and first set-up",
        isSecret: true)
    public static let maxConnections = ConfigurationKey(
        environment: "DIC_MAX_CONNECTIONS", flag: "--max-connections", json: "maxConnections",
        help: "connections open at once; more are closed as they are accepted (default 1000)")
    public static let maxConcurrentStreams = ConfigurationKey(
        environment: "DIC_MAX_CONCURRENT_STREAMS", flag: "--max-concurrent-streams", json: "maxConcurrentStreams",
        help: "calls one connection may have open at once, advertised in SETTINGS (default 100)")
    public static let maxMessageBytes = ConfigurationKey(
        environment: "DIC_MAX_MESSAGE_BYTES", flag: "--max-message-bytes", json: "maxMessageBytes",
        help: "largest request message, after gzip inflation (default 4194304)")
    public static let maxConnectionBufferedBytes = ConfigurationKey(
        environment: "DIC_MAX_CONNECTION_BUFFERED_BYTES", flag: "--max-connection-buffered-bytes",
        json: "maxConnectionBufferedBytes",
        help: "request bytes one connection may have held across its calls (default 8388608)")
    public static let maxBufferedBytes = ConfigurationKey(
        environment: "DIC_MAX_BUFFERED_BYTES", flag: "--max-buffered-bytes", json: "maxBufferedBytes",
        help: "request bytes the whole server may hold (default 268435456)")
    public static let maxCallDuration = ConfigurationKey(
        environment: "DIC_MAX_CALL_DURATION", flag: "--max-call-duration", json: "maxCallDuration",
        help: "seconds a call may run: longer client deadlines are cut to it, calls without one get it (default 600)")

    public static let csvMaxFieldBytes = ConfigurationKey(
        environment: "DIC_CSV_MAX_FIELD_BYTES", flag: "--csv-max-field-bytes", json: "csvMaxFieldBytes",
        help: "bytes of one field of an uploaded CSV file (default 65536)")
    public static let csvMaxFields = ConfigurationKey(
        environment: "DIC_CSV_MAX_FIELDS", flag: "--csv-max-fields", json: "csvMaxFields",
        help: "fields of one record of an uploaded CSV file (default 512)")
    public static let csvMaxRecordBytes = ConfigurationKey(
        environment: "DIC_CSV_MAX_RECORD_BYTES", flag: "--csv-max-record-bytes", json: "csvMaxRecordBytes",
        help: "bytes of one record of an uploaded CSV file (default 1048576)")
    public static let csvMaxRecords = ConfigurationKey(
        environment: "DIC_CSV_MAX_RECORDS", flag: "--csv-max-records", json: "csvMaxRecords",
        help: "records of one uploaded CSV file (default 5000000)")
    public static let csvMaxBytes = ConfigurationKey(
        environment: "DIC_CSV_MAX_BYTES", flag: "--csv-max-bytes", json: "csvMaxBytes",
        help: "bytes of one uploaded CSV file (default 1073741824)")

    public static let idempotencyRetention = ConfigurationKey(
        environment: "DIC_IDEMPOTENCY_RETENTION", flag: "--idempotency-retention", json: "idempotencyRetention",
        help: "seconds a change's request id and its answer are kept, so a retry with that id changes nothing "
            + "(default 604800, seven days; at least 3600)")

    public static let auditKeyFile = ConfigurationKey(
        environment: "DIC_AUDIT_KEY_FILE", flag: "--audit-key-file", json: "auditKeyFile",
        help: "file holding the key (32 bytes or more) that signs audit checkpoints; by default "
            + "audit-checkpoint.key in the data directory, created when missing")

    public static let identitySigningKey = ConfigurationKey(
        environment: "DIC_IDENTITY_SIGNING_KEY", flag: "--identity-signing-key", json: "identitySigningKey",
        help: "makes this service the deployment's identity issuer: a PEM Ed25519 private key file "
            + "(openssl genpkey -algorithm ed25519); see docs/security.md")
    public static let identityKeys = ConfigurationKey(
        environment: "DIC_IDENTITY_KEYS", flag: "--identity-keys", json: "identityKeys",
        help: "accepts identity tokens signed by the deployment's issuer: a PEM file of its Ed25519 public keys "
            + "(more than one while a key is rotated)")

    /// For callers of the services (the aggregator, the console): where personal tokens are
    /// exchanged for identity tokens.
    public static let identityIssuerAddress = ConfigurationKey(
        environment: "DIC_IDENTITY_ISSUER_ADDRESS", flag: "--identity-issuer-address", json: "identityIssuerAddress",
        help: "the deployment's identity issuer, host:port: a personal token is exchanged there for an identity "
            + "every service accepts (unset: tokens are sent to the services as they are)")

    /// Where to find the JSON file itself.
    public static let configFile = ConfigurationKey(
        environment: "DIC_CONFIG", flag: "--config", json: "", help: "optional JSON configuration file")

    /// The deployment's administrative units, for the services that keep them.
    public static let units = ConfigurationKey(
        environment: "DIC_UNITS", flag: "--units", json: "units",
        help: "the deployment's administrative units: a units CSV file every service reads at start, `demo` for "
            + "the Bắc Kạn 2023 demo units, or empty for none yet (import them with dicctl units import)")
    public static let province = ConfigurationKey(
        environment: "DIC_PROVINCE", flag: "--province", json: "province",
        help: "the code of the province the deployment reports on (a figure asked for no unit is the province's); "
            + "by default the one province in force, if the units have exactly one")
    public static let unitKeys: [ConfigurationKey] = [.units, .province]

    public static let runtimeKeys: [ConfigurationKey] = [
        .listen, .metricsListen, .dataDirectory, .databaseURL, .databasePoolSize, .databaseStatementTimeout,
        .databaseConnectTimeout, .logFormat, .logLevel, .tlsCert, .tlsKey, .tlsClientCA,
        .auth, .adminToken, .maxConnections, .maxConcurrentStreams, .maxMessageBytes, .maxConnectionBufferedBytes,
        .maxBufferedBytes, .maxCallDuration, .csvMaxFieldBytes, .csvMaxFields, .csvMaxRecordBytes, .csvMaxRecords,
        .csvMaxBytes, .idempotencyRetention, .auditKeyFile, .identitySigningKey, .identityKeys,
    ]
}
