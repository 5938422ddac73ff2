import CommonAPI
import CryptoPrimitives
import Foundation
import Logging
import RPCCore
import SQLKit
import ServiceStorage
import Synchronization

/// Tokens and role grants in the service's own database, with an in-memory copy for the check
/// every call makes. Tokens look like `dic_<id>_<secret>`: the id finds the record, the secret is
/// stored only as its SHA-256 and compared in constant time.
public final class AccessStore: Sendable {
    public static let migrations = [
        Migration(
            namespace: "access", 1, "tokens and roles",
            sql: [
                """
                CREATE TABLE access_tokens (
                    id TEXT PRIMARY KEY, principal TEXT NOT NULL, secret_sha256 TEXT NOT NULL,
                    description TEXT NOT NULL, created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER,
                    revoked_at_ms INTEGER)
                """,
                "CREATE TABLE access_roles (principal TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (principal, role))",
            ])
    ]

    struct Token: Sendable {
        var id: String
        var principal: String
        var secretSHA256: [UInt8]
        var description: String
        var createdAtMilliseconds: Int64
        var expiresAtMilliseconds: Int64?
        var revokedAtMilliseconds: Int64?
    }

    struct Snapshot: Sendable {
        var tokens: [String: Token] = [:]
        var roles: [String: Set<String>] = [:]
    }

    /// The longest a token may live: ten years.
    public static let maximumTTLSeconds: Int64 = 10 * 366 * 24 * 3600

    /// The principal a bootstrap token (DIC_ADMIN_TOKEN) stands for.
    public static let bootstrapPrincipal = "bootstrap-admin"

    let database: Database
    let service: String
    /// This service's roles from the least to the most: each grants the access of those before it.
    private let grantingRoles: [String]
    private let bootstrapSHA256: [UInt8]?
    private let snapshot: Mutex<Snapshot>

    private init(database: Database, service: String, bootstrapToken: String?, snapshot: Snapshot) {
        self.database = database
        self.service = service
        self.grantingRoles = ["\(service).reader", "\(service).editor", "\(service).admin"]
        self.bootstrapSHA256 = bootstrapToken.map(TokenCrypto.sha256)
        self.snapshot = Mutex(snapshot)
    }

    /// - Parameter bootstrapToken: DIC_ADMIN_TOKEN, an admin of this service while it is set; kept
    ///   only as its hash.
    public static func open(database: Database, service: String, bootstrapToken: String?) async throws -> AccessStore {
        AccessStore(
            database: database, service: service, bootstrapToken: bootstrapToken, snapshot: try await load(database))
    }

    // MARK: Checking

    public enum Rejection: Error, Equatable {
        case unknown, expired, revoked
        /// Not checked: too many new identity tokens came at once (``SignatureBudget``).
        case busy
    }

    /// The principal a bearer token stands for.
    public func principal(forToken token: String, now: Foundation.Date = Foundation.Date()) -> Result<String, Rejection>
    {
        if let bootstrapSHA256, ConstantTime.equal(TokenCrypto.sha256(token), bootstrapSHA256) {
            return .success(Self.bootstrapPrincipal)
        }
        let parts = token.split(separator: "_", maxSplits: 2)
        guard parts.count == 3, parts[0] == "dic", let record = snapshot.withLock({ $0.tokens[String(parts[1])] }),
            ConstantTime.equal(TokenCrypto.sha256(String(parts[2])), record.secretSHA256)
        else { return .failure(.unknown) }
        if record.revokedAtMilliseconds != nil { return .failure(.revoked) }
        if let expires = record.expiresAtMilliseconds, Int64(now.timeIntervalSince1970 * 1000) >= expires {
            return .failure(.expired)
        }
        return .success(record.principal)
    }

    /// Whether `principal` may call a method that declares `access`: each call's check, answered
    /// from the grants as they are, without building ``roles(of:)`` (a set and a string per implied
    /// role, per call). The same answer as `roles(of:)` containing "<service>.<access>".
    public func holds(_ principal: String, _ access: MethodAccess) -> Bool {
        let granting: ArraySlice<String>
        switch access {
        case .public: return true
        case .reader: granting = grantingRoles[0...]
        case .editor: granting = grantingRoles[1...]
        case .admin: granting = grantingRoles[2...]
        }
        if principal == Self.bootstrapPrincipal, bootstrapSHA256 != nil { return true }  // this service's admin
        return snapshot.withLock { snapshot in
            guard let granted = snapshot.roles[principal] else { return false }
            return granting.contains { granted.contains($0) }
        }
    }

    /// The roles a principal holds, with admin implying editor and editor implying reader.
    public func roles(of principal: String) -> Set<String> {
        var granted = snapshot.withLock { $0.roles[principal] ?? [] }
        if principal == Self.bootstrapPrincipal && bootstrapSHA256 != nil { granted.insert("\(service).admin") }
        var effective = granted
        for role in granted {
            if role.hasSuffix(".admin") {
                let base = role.dropLast(".admin".count)
                effective.formUnion(["\(base).editor", "\(base).reader"])
            } else if role.hasSuffix(".editor") {
                effective.insert("\(role.dropLast(".editor".count)).reader")
            }
        }
        return effective
    }

    // MARK: Managing

    /// A new token for `principal`, returned once. Not idempotent on purpose: a stored response would
    /// keep the secret, which must exist only with the caller. `now` is when it is made: its lifetime
    /// counts from there.
    public func createToken(
        principal: String, description: String, ttl: Duration?, now: Foundation.Date = Foundation.Date()
    ) async throws -> CreateTokenResponse {
        guard Self.isValidPrincipal(principal) else {
            throw RPCError(.invalidArgument, "principal: letters, digits, '.', '-', '_' and ':' only, 1 to 128 of them")
        }
        let id = TokenCrypto.hex(SecureRandom.bytes(6))
        let secret = Base64URL.encode(SecureRandom.bytes(32))
        let now = Int64(now.timeIntervalSince1970 * 1000)
        if let ttl, ttl.components.seconds > Self.maximumTTLSeconds || ttl < .zero {
            throw RPCError(.invalidArgument, "ttl_seconds: at most \(Self.maximumTTLSeconds) (ten years)")
        }
        let expires = ttl.map { now + $0.saturatingMilliseconds }  // both bounded above: no overflow
        let record = Token(
            id: id, principal: principal, secretSHA256: TokenCrypto.sha256(secret), description: description,
            createdAtMilliseconds: now, expiresAtMilliseconds: expires, revokedAtMilliseconds: nil)
        try await database.write { database in
            AuditLog.touch("token:\(id)")
            try await database.raw(
                """
                INSERT INTO access_tokens (id, principal, secret_sha256, description, created_at_ms, expires_at_ms)
                VALUES (\(bind: id), \(bind: principal), \(bind: TokenCrypto.hex(record.secretSHA256)),
                    \(bind: description), \(bind: now), \(bind: expires))
                """
            ).run()
        }
        snapshot.withLock { $0.tokens[id] = record }
        return CreateTokenResponse(token: "dic_\(id)_\(secret)", info: Self.info(record))
    }

    public func tokens(of principal: String?) -> [TokenInfo] {
        snapshot.withLock { Array($0.tokens.values) }.filter { principal == nil || $0.principal == principal }
            // Oldest first, then by id: a total order, so pages of the list do not overlap.
            .sorted { ($0.createdAtMilliseconds, $0.id) < ($1.createdAtMilliseconds, $1.id) }.map(Self.info)
    }

    public func revokeToken(id: String, requestID: String) async throws -> TokenInfo {
        guard snapshot.withLock({ $0.tokens[id] }) != nil else {
            throw RPCError(.notFound, "id: no token '\(id.quotedPrefix())'")
        }
        let now = Int64(Foundation.Date().timeIntervalSince1970 * 1000)
        let info = try await database.idempotentWrite(requestID: requestID, method: "RevokeToken") { database in
            AuditLog.touch("token:\(id)")
            try await database.raw(
                "UPDATE access_tokens SET revoked_at_ms = COALESCE(revoked_at_ms, \(bind: now)) WHERE id = \(bind: id)"
            ).run()
            guard let record = try await Self.load(database).tokens[id] else {
                throw RPCError(.notFound, "id: no token '\(id.quotedPrefix())'")
            }
            return Self.info(record)
        }
        try await reload()
        return info
    }

    public func changeRoles(
        principal: String, roles: [String], grant: Bool, requestID: String
    ) async throws
        -> PrincipalRoles
    {
        guard Self.isValidPrincipal(principal) else { throw RPCError(.invalidArgument, "principal: not a valid name") }
        let known: Set = ["\(service).reader", "\(service).editor", "\(service).admin"]
        // A service has three roles: a longer list is a mistake or an attack, never work to do.
        guard roles.count <= 16 else { throw RPCError(.invalidArgument, "roles: at most 16 in one request") }
        for role in roles where !known.contains(role) {
            throw RPCError(
                .invalidArgument,
                "roles: '\(role.quotedPrefix())' is not a role of this service (\(service).reader, .editor or .admin)")
        }
        let roles = Array(Set(roles)).sorted()
        let result = try await database.idempotentWrite(
            requestID: requestID, method: grant ? "GrantRoles" : "RevokeRoles"
        ) {
            database in
            AuditLog.touch("principal:\(principal)")
            for role in roles {
                if grant {
                    try await database.insert(into: "access_roles").columns("principal", "role")
                        .values(SQLBind(principal), SQLBind(role)).ignoringConflicts().run()
                } else {
                    try await database.raw(
                        "DELETE FROM access_roles WHERE principal = \(bind: principal) AND role = \(bind: role)"
                    ).run()
                }
            }
            let current = try await Self.load(database).roles[principal] ?? []
            return PrincipalRoles(principal: principal, roles: current.sorted())
        }
        try await reload()
        return result
    }

    public func allRoles() -> [PrincipalRoles] {
        snapshot.withLock { $0.roles }.sorted { $0.key < $1.key }.map {
            PrincipalRoles(principal: $0.key, roles: $0.value.sorted())
        }
    }

    // MARK: Storage

    /// Reads grants and tokens again; replicas sharing one database see each other's changes this way.
    public func reload() async throws {
        let fresh = try await database.read { try await Self.load($0) }
        snapshot.withLock { $0 = fresh }
    }

    static func load(_ database: Database) async throws -> Snapshot {
        try await database.read { try await load($0) }
    }

    static func load(_ database: any SQLDatabase) async throws -> Snapshot {
        var snapshot = Snapshot()
        for row in try await database.raw(
            "SELECT id, principal, secret_sha256, description, created_at_ms, expires_at_ms, revoked_at_ms FROM access_tokens"
        ).all() {
            let token = Token(
                id: try row.decode(column: "id", as: String.self),
                principal: try row.decode(column: "principal", as: String.self),
                secretSHA256: TokenCrypto.bytes(hex: try row.decode(column: "secret_sha256", as: String.self)),
                description: try row.decode(column: "description", as: String.self),
                createdAtMilliseconds: try row.decode(column: "created_at_ms", as: Int64.self),
                expiresAtMilliseconds: try row.decode(column: "expires_at_ms", as: Int64?.self),
                revokedAtMilliseconds: try row.decode(column: "revoked_at_ms", as: Int64?.self))
            snapshot.tokens[token.id] = token
        }
        for row in try await database.raw("SELECT principal, role FROM access_roles").all() {
            snapshot.roles[try row.decode(column: "principal", as: String.self), default: []].insert(
                try row.decode(column: "role", as: String.self))
        }
        return snapshot
    }

    static func info(_ token: Token) -> TokenInfo {
        func timestamp(_ milliseconds: Int64) -> Timestamp {
            Timestamp(seconds: milliseconds / 1000, nanos: Int32(milliseconds % 1000) * 1_000_000)
        }
        return TokenInfo(
            id: token.id, principal: token.principal, descriptionField: token.description,
            createdAt: timestamp(token.createdAtMilliseconds), expiresAt: token.expiresAtMilliseconds.map(timestamp),
            revoked: token.revokedAtMilliseconds != nil)
    }

    static func isValidPrincipal(_ name: String) -> Bool {
        (1...128).contains(name.utf8.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-:".contains($0)) }
    }
}
