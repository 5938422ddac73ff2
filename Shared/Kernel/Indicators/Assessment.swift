/// Which way an indicator improves, for judging a result against its target.
public enum IndicatorDirection: String, Sendable, Hashable, CaseIterable {
    case higherIsBetter, lowerIsBetter
    /// A rank (1 is best): lower is better, and the target is a rank too.
    case rank
}

/// Plan against result for one indicator: how far along the target the result is, and the
/// report's verdict. The one rule for every service that sends a verdict and for the report that
/// prints one.
public struct Assessment: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        case met, notMet, exceeded, notYetMeasured, noTarget
    }

    public var target: Double?
    public var result: Double?
    /// Result as a percentage of the target (target over result for lower-is-better and ranks);
    /// nil when that is not a finite number (a target of 0, a result of 0 for lower-is-better, or
    /// figures whose quotient overflows).
    public var percentOfTarget: Double?
    public var verdict: Verdict

    /// Results within `tolerance` of the target count as meeting it exactly (the report rounds).
    public init(direction: IndicatorDirection, target: Double?, result: Double?, tolerance: Double = 1e-9) {
        self.target = target
        self.result = result
        guard let result else {
            percentOfTarget = nil
            verdict = .notYetMeasured
            return
        }
        guard let target else {
            percentOfTarget = nil
            verdict = .noTarget
            return
        }
        switch direction {
        case .higherIsBetter:
            percentOfTarget = Self.finite(result / target * 100)
            verdict = abs(result - target) <= tolerance ? .met : result > target ? .exceeded : .notMet
        case .lowerIsBetter, .rank:
            percentOfTarget = Self.finite(target / result * 100)
            verdict = abs(result - target) <= tolerance ? .met : result < target ? .exceeded : .notMet
        }
    }

    private static func finite(_ percent: Double) -> Double? { percent.isFinite ? percent : nil }
}
