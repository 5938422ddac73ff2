/// When to try connecting again after failures: exponential, capped, with jitter.
struct ConnectionBackoff {
    let initial: Duration
    let multiplier: Double
    let maximum: Duration
    let jitter: Double
    private(set) var current: Duration

    init(initial: Duration, multiplier: Double, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.multiplier = multiplier
        self.maximum = maximum
        self.jitter = jitter
        self.current = initial
    }

    /// The wait before the next attempt, after a failure; grows the wait after that.
    mutating func next<Random: RandomNumberGenerator>(using random: inout Random) -> Duration {
        let base = current
        current = min(maximum, base * multiplier)
        let spread = Double.random(in: -jitter...jitter, using: &random)
        return base * (1 + spread)
    }

    mutating func reset() { current = initial }
}
