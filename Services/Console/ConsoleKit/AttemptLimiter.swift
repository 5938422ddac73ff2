import Synchronization

/// Sign-in attempts allowed per second, across all callers: each attempt asks every service who a
/// token is, so a flood of them must not become a flood of calls. Over the limit, the attempt is
/// refused before any call is made.
public final class AttemptLimiter: Sendable {
    let perSecond: Int
    /// The current one-second window: when it began, and the attempts counted in it.
    let window = Mutex<(start: ContinuousClock.Instant?, count: Int)>((nil, 0))

    public init(perSecond: Int) {
        self.perSecond = perSecond
    }

    /// Counts an attempt made at `now`; false when this window's allowance is spent.
    public func allow(now: ContinuousClock.Instant = .now) -> Bool {
        window.withLock { window in
            if let start = window.start, now >= start, now - start < .seconds(1) {
                guard window.count < perSecond else { return false }
                window.count += 1
            } else {
                window = (now, 1)
            }
            return true
        }
    }
}
