import Logging
import NIOSSL
import PostgresKit

extension Database {
    /// Opens the PostgreSQL database `address` names (``DatabaseAddress``), as a replica does at
    /// start: a database that cannot be reached, or TLS that cannot be set up, is an error naming
    /// the address without its password.
    public static func open(
        postgres address: DatabaseAddress.PostgresAddress, poolSize: Int, statementTimeout: Duration,
        connectTimeout: Duration, migrations: [Migration], loops: MultiThreadedEventLoopGroup = .singleton,
        logger: Logger
    ) async throws -> Database {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try address.configuration(statementTimeout: statementTimeout)
        } catch {
            throw StorageError(.cannotOpen, "TLS to \(address.redacted): \(error)")
        }
        do {
            return try await open(
                postgres: configuration, address: address.redacted, poolSize: poolSize, connectTimeout: connectTimeout,
                statementTimeout: statementTimeout, migrations: migrations, loops: loops, logger: logger)
        } catch let error as StorageError where error.kind == .unavailable {
            throw StorageError(.cannotOpen, "cannot open \(address.redacted): \(error.detail)")
        }
    }
}

extension DatabaseAddress.PostgresAddress {
    /// The connection settings for postgres-kit: the socket or host, TLS as `sslmode` says (the
    /// `sslrootcert` file, when given, as the only trusted roots), and the statement timeout
    /// sent at connection start, so a runaway query on any connection ends by itself.
    public func configuration(statementTimeout: Duration) throws -> SQLPostgresConfiguration {
        let milliseconds = statementTimeout.components.seconds * 1000
        var core: PostgresConnection.Configuration
        if let socketDirectory {
            core = PostgresConnection.Configuration(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            core = PostgresConnection.Configuration(
                host: host ?? "localhost", port: port, username: user, password: password, database: database,
                tls: try tlsSetting())
        }
        core.options.additionalStartupParameters = [("statement_timeout", "\(milliseconds)")]
        return SQLPostgresConfiguration(coreConfiguration: core)
    }

    func tlsSetting() throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch self.tls {
        case .disable: return .disable
        case .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let rootCertificate, self.tls != .require {
            tls.trustRoots = .file(rootCertificate)
        }
        return .require(try NIOSSLContext(configuration: tls))
    }
}
