import DXAPI
import Indicators
import VietnameseNumbers

/// How far an indicator's result is along its target, as the plan's page and the home page show
/// it: judged by the plan's one rule (`Assessment`, which the dx service and the report use), so
/// a lower-is-better indicator or a rank reads the right way round.
struct PlanProgress: Sendable, Equatable {
    /// The bar's fill, 0 to 100: a target met or passed fills it.
    var bar: Int
    /// The share of the target in words, never capped: "196%" says a plan was passed twice over.
    var share: String
    var verdict: Assessment.Verdict

    /// Nil when there is nothing to draw: no target, no result, a direction this console does not
    /// know, or a share that is not a number (a result of 0 against a lower-is-better target).
    init?(direction: APIDirection, target: Double?, result: Double?) {
        let judged: IndicatorDirection
        switch direction {
        case .higherIsBetter: judged = .higherIsBetter
        case .lowerIsBetter: judged = .lowerIsBetter
        case .rank: judged = .rank
        case .unspecified, .unrecognized: return nil
        }
        guard let target, let result, target.isFinite, result.isFinite, target >= 0 else { return nil }
        let assessment = Assessment(direction: judged, target: target, result: result)
        guard let percent = assessment.percentOfTarget else { return nil }
        // Clamped as a Double first: a share of 1e26 % is a Double, not an Int.
        bar = Int(min(100, max(0, percent)).rounded())
        share = VietnameseNumbers.decimal(percent, decimals: 0) + "%"
        verdict = assessment.verdict
    }
}
