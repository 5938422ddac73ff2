import Logging

/// The settings every service executable shares. Each has one documented key (see
/// ``ConfigurationKey``); flags win over the environment, which wins over the JSON file.
public struct RuntimeConfiguration: Sendable, Equatable {
    public enum LogFormat: String, Sendable { case json, text }

    public var listen: HostPort
    /// nil when the admin listener is off.
    public var metricsListen: HostPort?
    public var dataDirectory: String
    public var databaseURL: String?
    public var logFormat: LogFormat
    public var logLevel: Logger.Level
    /// TLS for the gRPC listener; nil serves h2c (loopback and in-cluster use).
    public var tls: TLSFiles?
    /// Authentication and authorization; only an explicit DIC_AUTH=off turns them off.
    public var auth = true
    /// The bootstrap admin token (DIC_ADMIN_TOKEN); never logged.
    public var adminToken: String?

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
        RuntimeConfiguration(
            listen: try source.get(.listen, default: defaults.listen, HostPort.parse),
            metricsListen: try source.get(.metricsListen, default: defaults.metricsListen) { text in
                text == "off" ? .success(nil) : HostPort.parse(text).map { $0 }
            },
            dataDirectory: try source.get(.dataDirectory, default: defaults.dataDirectory) { text in
                text.isEmpty ? .failure(ConfigurationReason("must not be empty")) : .success(text)
            },
            databaseURL: try source.get(.databaseURL, default: nil) { text in
                text.hasPrefix("sqlite://")
                    ? .success(text)
                    : .failure(ConfigurationReason("only sqlite:///path is supported in this version"))
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
        if let databaseURL, databaseURL.hasPrefix("sqlite://") {
            return String(databaseURL.dropFirst("sqlite://".count))
        }
        return dataDirectory + "/" + name + ".sqlite"
    }
}
