import Foundation
import OperatorFiles

/// Where a service keeps its data, as `DIC_DATABASE_URL` says it (issue 20): `sqlite:///path`,
/// or `postgres://user@host:5432/database` (also `postgresql://`) with `sslmode` (disable,
/// require, verify-ca, verify-full), `sslrootcert` (a CA file), `host=/socket/dir` (a Unix
/// socket) and `passwordFile` (the password read from a file, so it lives in a secret rather than
/// in the URL). Anything else is refused naming it.
public enum DatabaseAddress: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    public struct PostgresAddress: Sendable, Equatable {
        public enum TLSMode: String, Sendable, Equatable, CaseIterable {
            case disable, require
            case verifyCA = "verify-ca"
            case verifyFull = "verify-full"
        }

        public var host: String?
        public var port: Int
        /// A Unix socket's directory, instead of a host.
        public var socketDirectory: String?
        public var user: String
        public var database: String
        public var password: String?
        public var tls: TLSMode
        public var rootCertificate: String?

        /// The address without its password, for logs and messages.
        public var redacted: String {
            let place = socketDirectory.map { "?host=\($0)" } ?? ""
            let server = host.map { "\($0):\(port)" } ?? ""
            return "postgres://\(user)@\(server)/\(database)\(place)"
        }
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// A password file: a line of text, refused when it is not a small regular file.
    @usableFromInline static func readPasswordFile(_ path: String) throws -> String {
        String(decoding: try OperatorFile.read(path, atMost: 64 << 10), as: UTF8.self)
    }

    /// - Parameter readFile: reads `passwordFile` (the runtime reads the file; tests pass text).
    public static func parse(
        _ text: String,
        readFile: (String) throws -> String = readPasswordFile
    ) throws(Problem) -> DatabaseAddress {
        // A URL kept in a file or a Secret usually ends with a newline.
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count <= 4096 else { throw Problem(description: "longer than 4096 bytes") }
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard path.hasPrefix("/") else { throw Problem(description: "sqlite: expected sqlite:///absolute/path") }
            return .sqlite(path: path)
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw Problem(description: "not a URL: expected sqlite:///path or postgres://user@host/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw Problem(description: "scheme '\(scheme)': expected sqlite, postgres or postgresql")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Problem(description: "postgres: the user is required (postgres://user@host/database)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem(description: "postgres: the database name is required (postgres://user@host/database)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw Problem(description: "postgres: port \(port) is out of range") }
        var address = PostgresAddress(
            host: components.host.flatMap { $0.isEmpty ? nil : $0 }, port: port, socketDirectory: nil, user: user,
            database: database, password: components.password, tls: .verifyFull, rootCertificate: nil)
        var tlsGiven = false
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = PostgresAddress.TLSMode(rawValue: value) else {
                    throw Problem(
                        description: "sslmode '\(value)': expected "
                            + PostgresAddress.TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                address.tls = mode
                tlsGiven = true
            case "sslrootcert":
                guard value.hasPrefix("/") else { throw Problem(description: "sslrootcert: expected an absolute path") }
                address.rootCertificate = value
            case "host":
                guard value.hasPrefix("/") else {
                    throw Problem(description: "host: a Unix socket's directory, as an absolute path")
                }
                address.socketDirectory = value
            case "passwordFile":
                guard address.password == nil else {
                    throw Problem(description: "passwordFile: the URL gives a password too; keep it in the file only")
                }
                let password: String
                do {
                    password = try readFile(value)
                } catch {
                    throw Problem(description: "passwordFile: cannot read \(value)")
                }
                let trimmed = password.trimmingCharacters(in: .newlines)
                guard !trimmed.isEmpty, trimmed.utf8.count <= 1024 else {
                    throw Problem(description: "passwordFile: expected one line of at most 1024 bytes")
                }
                address.password = trimmed
            default:
                throw Problem(
                    description: "'\(item.name)' is not a setting here (sslmode, sslrootcert, host, passwordFile)")
            }
        }
        guard address.host != nil || address.socketDirectory != nil else {
            throw Problem(description: "postgres: a host, or ?host=/socket/dir, is required")
        }
        // A local socket needs no TLS; over the network, verified TLS unless the URL says otherwise.
        if address.socketDirectory != nil && !tlsGiven { address.tls = .disable }
        return .postgres(address)
    }
}
