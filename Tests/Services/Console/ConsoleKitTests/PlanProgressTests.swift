import DXAPI
import Testing

@testable import ConsoleKit

/// The plan's bars: the share of a target by the plan's own rule, the bar full once the target is
/// met, the share in words never capped.
struct PlanProgressTests {
    @Test func aResultPastItsTargetFillsTheBarAndSaysByHowMuch() throws {
        let passed = try #require(PlanProgress(direction: .higherIsBetter, target: 25, result: 49))
        #expect(passed.bar == 100 && passed.share == "196%" && passed.verdict == .exceeded)
        let short = try #require(PlanProgress(direction: .higherIsBetter, target: 25, result: 11.11))
        #expect(short.bar == 44 && short.share == "44%" && short.verdict == .notMet)
    }

    /// Fewer is better (late dossiers, a rank): half the allowed figure is twice the plan, and a
    /// figure over it falls short. The bar read result over target before, backwards for these.
    @Test func lowerIsBetterAndRanksReadTheRightWayRound() throws {
        let fewer = try #require(PlanProgress(direction: .lowerIsBetter, target: 5, result: 2.5))
        #expect(fewer.bar == 100 && fewer.share == "200%" && fewer.verdict == .exceeded)
        let rank = try #require(PlanProgress(direction: .rank, target: 20, result: 40))
        #expect(rank.bar == 50 && rank.share == "50%" && rank.verdict == .notMet)
    }

    /// A target set far too small, or a result far too large, gives a share no integer holds:
    /// drawn full and written out, where the pages stopped the console before.
    @Test func aShareBeyondAnyIntegerIsDrawnAndWritten() throws {
        let huge = try #require(PlanProgress(direction: .higherIsBetter, target: 1e-9, result: 1e15))
        #expect(huge.bar == 100 && huge.verdict == .exceeded)
        #expect(huge.share.hasPrefix("100.000.000.000.000.0") && huge.share.hasSuffix("%"), "\(huge.share)")
        let tiny = try #require(PlanProgress(direction: .rank, target: 1e15, result: 1e-9))
        #expect(tiny.bar == 100)
    }

    @Test func nothingIsDrawnWithoutAShare() {
        #expect(PlanProgress(direction: .higherIsBetter, target: nil, result: 3) == nil)
        #expect(PlanProgress(direction: .higherIsBetter, target: 3, result: nil) == nil)
        #expect(PlanProgress(direction: .higherIsBetter, target: 0, result: 3) == nil)
        #expect(PlanProgress(direction: .lowerIsBetter, target: 5, result: 0) == nil)
        #expect(PlanProgress(direction: .unspecified, target: 5, result: 3) == nil)
        #expect(PlanProgress(direction: .higherIsBetter, target: .nan, result: 3) == nil)
        #expect(PlanProgress(direction: .higherIsBetter, target: 1e-300, result: 1e300) == nil)
    }
}
