import RPCCore

/// One officer signed in: the credential the console calls the services with (kept only here, on
/// the server: the personal token, or the identity it is exchanged for), who the services say the
/// officer is, and the roles each service granted.
public struct Session: Sendable {
    /// The random id the cookie carries (with its MAC).
    public var id: String
    public var credential: any BearerSource
    public var principal: String
    /// Roles by service ("licensing" → ["reader", "editor"]); a service the token is unknown to is
    /// absent.
    public var roles: [String: Set<String>]
    public var createdAt: ContinuousClock.Instant
    public var lastSeen: ContinuousClock.Instant

    public init(
        id: String, credential: any BearerSource, principal: String, roles: [String: Set<String>],
        createdAt: ContinuousClock.Instant, lastSeen: ContinuousClock.Instant
    ) {
        self.id = id
        self.credential = credential
        self.principal = principal
        self.roles = roles
        self.createdAt = createdAt
        self.lastSeen = lastSeen
    }

    /// Whether the officer holds `role` (or one above it) in `service`: admin implies editor
    /// implies reader, as the services decide.
    public func may(_ role: String, in service: String) -> Bool {
        let held = roles[service] ?? []
        switch role {
        case "reader": return !held.isDisjoint(with: ["reader", "editor", "admin"])
        case "editor": return !held.isDisjoint(with: ["editor", "admin"])
        default: return held.contains(role)
        }
    }
}
