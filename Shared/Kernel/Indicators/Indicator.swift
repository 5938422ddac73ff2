import CommonAPI

/// A figure a service can compute for a period and an administrative unit, from a numerator and
/// (for a rate) a denominator: rates are aggregated from their counts, never by averaging
/// percentages.
public struct Indicator: Sendable, Hashable {
    /// Stable code, such as "licensing.online_dossier_rate".
    public var code: String
    /// Vietnamese name as the report prints it.
    public var name: String
    /// "%" for a rate; otherwise the counted unit ("hồ sơ", "giấy phép").
    public var unit: String
    public var formula: String
    public var finestLevel: AdminLevel

    public var isRate: Bool { unit == "%" }

    public init(code: String, name: String, unit: String, formula: String, finestLevel: AdminLevel = .province) {
        self.code = code
        self.name = name
        self.unit = unit
        self.formula = formula
        self.finestLevel = finestLevel
    }
}

/// What a source measured: the counts, and why a figure is partial or missing.
public struct IndicatorMeasurement: Sendable, Hashable {
    public var numerator: Double
    /// Zero for a plain count.
    public var denominator: Double
    public var note: String
    /// False when nothing was measured for the period: the value stays unset, not 0.
    public var hasData: Bool

    public init(numerator: Double, denominator: Double = 0, note: String = "", hasData: Bool = true) {
        self.numerator = numerator
        self.denominator = denominator
        self.note = note
        self.hasData = hasData
    }
}

/// A service's indicators: what it can compute and how. Each sector service has one, with its
/// domain logic and no transport; ``IndicatorsProvider`` serves it as `dic.common.v1.Indicators`.
public protocol IndicatorSource: Sendable {
    /// What the source computes now (a plan edited at run time may add some).
    func indicators() async throws -> [Indicator]
    /// Measures `indicator` over `period`, for `unitCode` (empty: the whole province).
    func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws
        -> IndicatorMeasurement
}
