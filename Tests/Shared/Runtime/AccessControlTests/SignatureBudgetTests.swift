import Testing

@testable import AccessControl

/// The checks a second of identity tokens not seen before: spent at once after a quiet second,
/// earned back with time, never more than a second's worth, and no clock can make it trap.
/// (`#expect` takes a receiver as a constant, so the mutating calls go through `take`.)
struct SignatureBudgetTests {
    @Test func aSecondsWorthIsSpentAtOnceThenRefused() {
        var budget = SignatureBudget(perSecond: 3, nowMs: 10_000)
        func take(_ nowMs: Int64) -> Bool { budget.take(nowMs: nowMs) }
        var taken = 0
        for _ in 0..<3 where budget.take(nowMs: 10_000) { taken += 1 }
        #expect(taken == 3)
        #expect(!take(10_000))
        #expect(!take(10_300))  // a third of a second earns nothing yet...
        #expect(take(10_334))  // ...one check a 333 ms
        #expect(!take(10_334))
    }

    @Test func aLongQuietEarnsOneSecondsWorthAtMost() {
        var budget = SignatureBudget(perSecond: 4, nowMs: 0)
        func take(_ nowMs: Int64) -> Bool { budget.take(nowMs: nowMs) }
        for _ in 0..<4 { _ = budget.take(nowMs: 0) }
        #expect(take(3_600_000))
        #expect(budget.available == 3)
    }

    @Test func aSteadyTrickleIsNotLost() {
        // 1,000 a second asked one every millisecond: each is earned by the time it comes.
        var budget = SignatureBudget(perSecond: 1000, nowMs: 0)
        for _ in 0..<1000 { _ = budget.take(nowMs: 0) }
        var refused = 0
        for millisecond in 1...5000 where !budget.take(nowMs: Int64(millisecond)) { refused += 1 }
        #expect(refused == 0)
    }

    @Test func aClockThatGoesBackOrJumpsEarnsNothingAndDoesNotTrap() {
        var budget = SignatureBudget(perSecond: 2, nowMs: 5_000)
        func take(_ nowMs: Int64) -> Bool { budget.take(nowMs: nowMs) }
        _ = budget.take(nowMs: 5_000)
        _ = budget.take(nowMs: 5_000)
        #expect(!take(1_000))
        #expect(!take(1_400))  // measured from the clock's new reading
        #expect(take(1_500))
        for extreme in [Int64.min, Int64.max, 0, Int64.min, Int64.max] { _ = budget.take(nowMs: extreme) }
    }
}
