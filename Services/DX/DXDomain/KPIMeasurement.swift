import Indicators

/// A figure for an indicator, a unit and a period, as entered: numerator and (for a rate)
/// denominator, never a ready-made percentage, so that units add up. A correction is a new
/// revision; earlier ones are kept.
public struct KPIMeasurement: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// Reported by the unit itself.
        case reported
        /// Brought in from a file or another system.
        case imported
        /// Computed by this service.
        case computed
    }

    public var indicatorCode: String
    public var unitCode: String
    public var period: ReportingPeriod
    public var numerator: Double
    /// nil for a plain count.
    public var denominator: Double?
    public var source: Source
    public var enteredBy: String
    /// 1 for the first entry; each correction adds one.
    public var revision: Int

    public init(
        indicatorCode: String, unitCode: String, period: ReportingPeriod, numerator: Double, denominator: Double? = nil,
        source: Source = .reported, enteredBy: String = "", revision: Int = 1
    ) {
        self.indicatorCode = indicatorCode
        self.unitCode = unitCode
        self.period = period
        self.numerator = numerator
        self.denominator = denominator
        self.source = source
        self.enteredBy = enteredBy
        self.revision = revision
    }

    /// The largest figure a measurement or a target may hold, a thousand million million: far past
    /// any count, rate or sum of đồng a province reports, so a figure past it is a slip (or a
    /// probe), and a province's figures added up over all its units stay finite.
    public static let largestFigure: Double = 1e15

    /// Checks the figures against the indicator's computation.
    public func validate(for kpi: KPI) throws(DXError) {
        try DXError.required(unitCode, "unit_code")
        guard case .measured(let hasDenominator, let percentage) = kpi.computation else {
            throw .notAllowed("indicator_code", "\(kpi.code) is computed by another service, not measured here")
        }
        guard numerator.isFinite, numerator >= 0 else { throw .invalid("numerator", "a number, 0 or more") }
        guard numerator <= Self.largestFigure else { throw .invalid("numerator", "at most 10^15") }
        if hasDenominator {
            guard let denominator else {
                throw .invalid("denominator", "\(kpi.code) is a rate: the denominator is required")
            }
            guard denominator.isFinite, denominator >= 0 else { throw .invalid("denominator", "a number, 0 or more") }
            guard denominator <= Self.largestFigure else { throw .invalid("denominator", "at most 10^15") }
            if percentage, numerator > denominator {
                throw .invalid("numerator", "\(numerator) is more than the denominator \(denominator) for a percentage")
            }
        } else if denominator != nil {
            throw .invalid("denominator", "\(kpi.code) is a count: send no denominator")
        }
    }
}
