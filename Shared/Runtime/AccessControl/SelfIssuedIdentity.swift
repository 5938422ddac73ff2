import Foundation
import RPCCore
import Synchronization

/// The issuer's own process calling other services (the aggregator, when it holds the signing
/// key): it signs its identity itself instead of exchanging a token with itself. Renewed a minute
/// before it expires.
public final class SelfIssuedIdentity: BearerSource {
    let issuer: IdentityIssuer
    let principal: String
    private let current = Mutex<(token: String, renewAt: ContinuousClock.Instant)?>(nil)

    public init(issuer: IdentityIssuer, principal: String) {
        self.issuer = issuer
        self.principal = principal
    }

    public func bearer() async throws -> String {
        let now = ContinuousClock.now
        if let current = current.withLock({ $0 }), now < current.renewAt { return current.token }
        let identity = try issuer.issue(for: principal)
        let renewAt = now + issuer.lifetime - min(.seconds(60), issuer.lifetime / 2)
        current.withLock { $0 = (identity.token, renewAt) }
        return identity.token
    }
}
