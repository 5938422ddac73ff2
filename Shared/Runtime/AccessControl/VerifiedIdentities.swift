import CommonAPI
import Synchronization

/// Identity tokens whose signature this process has already checked, with what they claim: a
/// caller sends the same token on every call for its five minutes, and checking an Ed25519
/// signature costs about 150 µs here, four times a whole GetLicence.
///
/// Only a token that verified is kept, so a caller without a valid token cannot fill this. A token
/// is found by its whole text, and only ASCII is looked up (``IdentityVerifier``), so a hit is the
/// very bytes that were checked. Its times are checked
/// again at every hit. At most `2 × generation` tokens are kept: when the newer set is full the
/// older is dropped, and a token found in the older set moves to the newer one.
final class VerifiedIdentities: Sendable {
    private struct Generations {
        var newer: [String: IdentityClaims] = [:]
        var older: [String: IdentityClaims] = [:]
    }

    let generation: Int
    private let state = Mutex(Generations())
    /// Signatures checked, for tests and to see whether the cache holds.
    private let checks = Atomic<Int>(0)
    /// Checks of tokens not remembered, a second.
    private let budget: Mutex<SignatureBudget>

    init(generation: Int, checksPerSecond: Int, nowMs: Int64) {
        precondition(generation > 0, "a generation holds at least one token")
        self.generation = generation
        self.budget = Mutex(SignatureBudget(perSecond: checksPerSecond, nowMs: nowMs))
    }

    /// Whether a token not remembered may have its signature checked now (``SignatureBudget``).
    func mayCheck(nowMs: Int64) -> Bool {
        budget.withLock { $0.take(nowMs: nowMs) }
    }

    func claims(of token: String) -> IdentityClaims? {
        state.withLock { state in
            if let claims = state.newer[token] { return claims }
            guard let claims = state.older.removeValue(forKey: token) else { return nil }
            Self.insert(token, claims, into: &state, generation: generation)
            return claims
        }
    }

    func remember(_ token: String, _ claims: IdentityClaims) {
        state.withLock { Self.insert(token, claims, into: &$0, generation: generation) }
    }

    func countCheck() { checks.add(1, ordering: .relaxed) }

    var signatureChecks: Int { checks.load(ordering: .relaxed) }

    var count: Int { state.withLock { $0.newer.count + $0.older.count } }

    private static func insert(
        _ token: String, _ claims: IdentityClaims, into state: inout Generations, generation: Int
    ) {
        if state.newer.count >= generation {
            state.older = state.newer
            state.newer = [:]
        }
        state.newer[token] = claims
    }
}
