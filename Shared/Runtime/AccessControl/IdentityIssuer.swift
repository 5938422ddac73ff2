import CommonAPI
import CryptoPrimitives
import Foundation

/// The deployment's identity issuer (`DIC_IDENTITY_SIGNING_KEY` on one service): signs
/// short-lived identity tokens for callers known by a personal token. Roles are not signed in:
/// every service grants its own.
public struct IdentityIssuer: Sendable {
    let key: Ed25519PrivateKey
    /// How long an identity token lives: the most a revoked personal token goes on working at
    /// other services, since refreshing needs the personal token again.
    public let lifetime: Duration

    public init(key: Ed25519PrivateKey, lifetime: Duration = .seconds(300)) {
        self.key = key
        self.lifetime = lifetime
    }

    public var publicKey: Ed25519PublicKey { key.publicKey }

    /// Principals no identity token may name: the per-service bootstrap admin (each service's own
    /// DIC_ADMIN_TOKEN, which must not become admin everywhere) and certificate names.
    static func isReserved(_ principal: String) -> Bool {
        principal == AccessStore.bootstrapPrincipal || principal.hasPrefix("cert:")
    }

    public func issue(for principal: String, now: Foundation.Date = Foundation.Date()) throws -> IdentityToken {
        guard AccessStore.isValidPrincipal(principal), !Self.isReserved(principal) else {
            throw IdentityRefusal(principal: principal)
        }
        let issued = Int64(now.timeIntervalSince1970 * 1000)
        let claims = IdentityClaims(
            principal: principal, issuedAtMs: issued, expiresAtMs: issued + lifetime.saturatingMilliseconds,
            tokenID: Base64URL.encode(SecureRandom.bytes(12)))
        let token = try IdentityTokenFormat.compose(keyID: key.publicKey.id, claims: claims) { try key.sign($0) }
        return IdentityToken(
            token: token, principal: principal,
            expiresAt: Timestamp(
                seconds: claims.expiresAtMs / 1000, nanos: Int32(claims.expiresAtMs % 1000) * 1_000_000))
    }

    public struct IdentityRefusal: Error, Sendable {
        public var principal: String
    }
}
