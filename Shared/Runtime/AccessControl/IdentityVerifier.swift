import CommonAPI
import CryptoPrimitives
import Foundation

/// Checks signed identity tokens offline against the deployment issuer's public keys
/// (`DIC_IDENTITY_KEYS`): no call to the issuer on the request path, and a forged token costs one
/// signature check before it is refused.
public struct IdentityVerifier: Sendable {
    let keys: [String: Ed25519PublicKey]
    /// The clocks of two hosts may differ by this much.
    static let skewMilliseconds: Int64 = 60_000

    public init(keys: [Ed25519PublicKey]) {
        self.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The key ids accepted, for the start-up log.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The principal `token` names, when an accepted key signed it and it is in force now.
    public func principal(
        forToken token: String, now: Foundation.Date = Foundation.Date()
    ) -> Result<
        String, AccessStore.Rejection
    > {
        guard let parts = IdentityTokenFormat.split(token), let key = keys[String(parts.keyID)],
            key.verify(signature: parts.signature, of: parts.signedBytes),
            let claims = try? IdentityClaims(serializedBytes: parts.claims)
        else { return .failure(.unknown) }
        let nowMilliseconds = Int64(now.timeIntervalSince1970 * 1000)
        // Signed by us, so the figures are ours, but compare without arithmetic that could trap.
        guard claims.issuedAtMs <= nowMilliseconds.addingReportingOverflow(Self.skewMilliseconds).partialValue,
            AccessStore.isValidPrincipal(claims.principal), !IdentityIssuer.isReserved(claims.principal)
        else { return .failure(.unknown) }
        guard nowMilliseconds.subtractingReportingOverflow(Self.skewMilliseconds).partialValue < claims.expiresAtMs
        else { return .failure(.expired) }
        return .success(claims.principal)
    }
}
