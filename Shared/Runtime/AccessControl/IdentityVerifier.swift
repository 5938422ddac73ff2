import CommonAPI
import CryptoPrimitives
import Foundation

/// Checks signed identity tokens offline against the deployment issuer's public keys
/// (`DIC_IDENTITY_KEYS`): no call to the issuer on the request path, and a forged token costs one
/// signature check before it is refused. A token that verified is not checked again for as long as
/// it is remembered (``VerifiedIdentities``); its times are.
public struct IdentityVerifier: Sendable {
    let keys: [String: Ed25519PublicKey]
    let verified: VerifiedIdentities
    let clock: @Sendable () -> Foundation.Date
    /// The clocks of two hosts may differ by this much.
    static let skewMilliseconds: Int64 = 60_000
    /// Tokens remembered per generation (two are kept): a department's officers signed in at once,
    /// at most 1 KiB each.
    static let remembered = 1024
    /// Signatures of tokens not remembered checked a second, at most (``SignatureBudget``): about
    /// 15% of one processor here.
    static let checksPerSecond = 1000

    public init(keys: [Ed25519PublicKey]) {
        self.init(keys: keys, remembering: Self.remembered)
    }

    /// `clock` is what a call without a time of its own is checked at (tests fix it).
    init(
        keys: [Ed25519PublicKey], remembering generation: Int, checksPerSecond: Int = Self.checksPerSecond,
        clock: @escaping @Sendable () -> Foundation.Date = { Foundation.Date() }
    ) {
        self.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.verified = VerifiedIdentities(
            generation: generation, checksPerSecond: checksPerSecond, nowMs: Self.milliseconds(clock()))
    }

    static func milliseconds(_ date: Foundation.Date) -> Int64 {
        Int64(clamping: Int(exactly: (date.timeIntervalSince1970 * 1000).rounded(.down)) ?? 0)
    }

    /// The key ids accepted, for the start-up log.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The principal `token` names, when an accepted key signed it and it is in force now.
    public func principal(
        forToken token: String, now: Foundation.Date? = nil
    ) -> Result<
        String, AccessStore.Rejection
    > {
        // Too long to be ours: refused before hashing it for the lookup. Ours are ASCII, and only
        // ASCII text is equal as a String exactly when its bytes are (Swift compares text by
        // canonical equivalence: the Kelvin sign U+212A equals "K").
        guard token.utf8.count <= IdentityTokenFormat.maximumLength, token.utf8.allSatisfy({ $0 < 0x80 }) else {
            return .failure(.unknown)
        }
        let nowMilliseconds = Self.milliseconds(now ?? clock())
        if let claims = verified.claims(of: token) {
            return Self.inForce(claims, at: nowMilliseconds)
        }
        guard let parts = IdentityTokenFormat.split(token), let key = keys[String(parts.keyID)] else {
            return .failure(.unknown)
        }
        guard verified.mayCheck(nowMs: nowMilliseconds) else { return .failure(.busy) }
        verified.countCheck()
        guard key.verify(signature: parts.signature, of: parts.signedBytes),
            let claims = try? IdentityClaims(serializedBytes: parts.claims),
            AccessStore.isValidPrincipal(claims.principal), !IdentityIssuer.isReserved(claims.principal)
        else { return .failure(.unknown) }
        verified.remember(token, claims)
        return Self.inForce(claims, at: nowMilliseconds)
    }

    /// Whether a signed token's times hold now.
    static func inForce(
        _ claims: IdentityClaims, at nowMilliseconds: Int64
    ) -> Result<
        String, AccessStore.Rejection
    > {
        // Signed by us, so the figures are ours, but compare without arithmetic that could trap.
        guard claims.issuedAtMs <= nowMilliseconds.addingReportingOverflow(skewMilliseconds).partialValue else {
            return .failure(.unknown)
        }
        guard nowMilliseconds.subtractingReportingOverflow(skewMilliseconds).partialValue < claims.expiresAtMs
        else { return .failure(.expired) }
        return .success(claims.principal)
    }
}
