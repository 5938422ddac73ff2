import Testing

@testable import ConsoleKit

struct AttemptLimiterTests {
    /// Each attempt asks every service: a flood is cut at the allowance, and the next second
    /// allows again.
    @Test func signInsAreLimitedPerSecond() {
        let limiter = AttemptLimiter(perSecond: 3)
        let now = ContinuousClock.now
        #expect((0..<5).map { _ in limiter.allow(now: now) } == [true, true, true, false, false])
        #expect(limiter.allow(now: now + .seconds(1)))
    }

    /// One address flooding spends its own allowance, not everyone's.
    @Test func oneAddressCannotSpendEveryonesAllowance() {
        let limiter = AttemptLimiter(perSecond: 20, perAddressPerSecond: 5)
        let now = ContinuousClock.now
        let flood = (0..<50).map { _ in limiter.allow(address: "203.0.113.9", now: now) }
        #expect(flood.filter { $0 }.count == 5)
        #expect(limiter.allow(address: "10.1.2.3", now: now))
        #expect(limiter.allow(address: "203.0.113.9", now: now + .seconds(1)))
    }

    /// Many addresses still meet the global limit, and remembering them is bounded.
    @Test func manyAddressesStillMeetTheGlobalLimit() {
        let limiter = AttemptLimiter(perSecond: 20, perAddressPerSecond: 5)
        let now = ContinuousClock.now
        let allowed = (0..<100).filter { limiter.allow(address: "198.51.100.\($0)", now: now) }.count
        #expect(allowed == 20)
        let wide = AttemptLimiter(perSecond: 1_000_000, perAddressPerSecond: 1)
        for index in 0..<(AttemptLimiter.maximumAddresses + 100) { _ = wide.allow(address: "a\(index)", now: now) }
        #expect(wide.window.withLock { $0.byAddress.count } == AttemptLimiter.maximumAddresses)
    }
}
