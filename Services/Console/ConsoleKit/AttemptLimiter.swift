import Synchronization

/// Sign-in attempts allowed per second: in all, because each attempt asks every service who a
/// token is, so a flood of them must not become a flood of calls; and per client address, so that
/// one noisy address cannot spend everyone's allowance and lock the department's officers out.
/// Over either limit, the attempt is refused before any call is made.
public final class AttemptLimiter: Sendable {
    let perSecond: Int
    let perAddressPerSecond: Int
    /// Addresses remembered in one window; past this, unseen addresses share the global budget only.
    static let maximumAddresses = 10_000

    struct Window {
        var start: ContinuousClock.Instant?
        var count = 0
        var byAddress: [String: Int] = [:]
    }

    /// The current one-second window: when it began, and the attempts counted in it.
    let window = Mutex(Window())

    public init(perSecond: Int, perAddressPerSecond: Int = 5) {
        self.perSecond = perSecond
        self.perAddressPerSecond = perAddressPerSecond
    }

    /// Counts an attempt from `address` made at `now`; false when this window's allowance, in
    /// all or for that address, is spent.
    public func allow(address: String = "", now: ContinuousClock.Instant = .now) -> Bool {
        window.withLock { window in
            if let start = window.start, now >= start, now - start < .seconds(1) {
                // Still this window.
            } else {
                window = Window(start: now)
            }
            guard window.count < perSecond else { return false }
            if !address.isEmpty {
                let seen = window.byAddress[address] ?? 0
                guard seen < perAddressPerSecond else { return false }
                if seen > 0 || window.byAddress.count < Self.maximumAddresses {
                    window.byAddress[address] = seen + 1
                }
            }
            window.count += 1
            return true
        }
    }
}
