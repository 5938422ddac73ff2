/// How many identity-token signatures a process checks a second, for tokens it has not seen.
///
/// A forged `dic2.` token costs its sender nothing and this process one Ed25519 check (~150 µs
/// here, ten times the refusal of any other bad token), so a flood of them would take the
/// service's processors. Past the budget a new token is refused as UNAVAILABLE (retry shortly);
/// tokens already checked and remembered (``VerifiedIdentities``) are answered as before, so the
/// officers at work keep working. A department's console exchanges a token per officer every
/// five minutes: a fraction of one a second.
struct SignatureBudget: Sendable {
    /// Checks a second, and as many at once after a quiet second.
    let perSecond: Int
    private(set) var available: Int
    private var refilledAtMs: Int64

    init(perSecond: Int, nowMs: Int64) {
        precondition(perSecond > 0, "a budget allows at least one check a second")
        self.perSecond = perSecond
        self.available = perSecond
        self.refilledAtMs = nowMs
    }

    /// Takes one check if the budget has one now.
    mutating func take(nowMs: Int64) -> Bool {
        refill(nowMs: nowMs)
        guard available > 0 else { return false }
        available -= 1
        return true
    }

    /// Adds what the time since the last refill earned, up to a second's worth. A clock that went
    /// back earns nothing and moves the mark back with it.
    private mutating func refill(nowMs: Int64) {
        let (elapsed, overflow) = nowMs.subtractingReportingOverflow(refilledAtMs)
        guard !overflow, elapsed > 0 else {
            if overflow || elapsed < 0 { refilledAtMs = nowMs }
            return
        }
        let earned = elapsed >= 1000 ? Int64(perSecond) : elapsed * Int64(perSecond) / 1000
        guard earned > 0 else { return }
        available = min(perSecond, available + Int(earned))
        // Only the time that earned whole checks is spent, so a steady trickle is not lost.
        refilledAtMs = earned >= Int64(perSecond) ? nowMs : refilledAtMs + earned * 1000 / Int64(perSecond)
    }
}
