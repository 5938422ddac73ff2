import Indicators

/// An indicator of the department's KPI plan: what it measures, which way is better, how its
/// result is computed, and its target for each year with the decision that set it.
public struct KPI: Sendable, Hashable {
    /// Which way the indicator improves: the shared Indicators contract's, so the report judges it
    /// by the same rule.
    public typealias Direction = IndicatorDirection

    /// How a result is obtained.
    public enum Computation: Sendable, Hashable {
        /// From measurements entered here: numerator over denominator (times 100 for a
        /// percentage), or the numerator alone when `hasDenominator` is false.
        case measured(hasDenominator: Bool, percentage: Bool)
        /// Computed by another service through its Indicators interface; the aggregator asks it.
        case external(service: String, code: String)
    }

    /// How a period's result comes from its months (DHIS2 calls this the aggregation type):
    /// flows add up (dossiers received), stocks take the latest figure (communes with a station).
    public enum OverTime: String, Sendable, Hashable, CaseIterable {
        case sum, latest
    }

    public struct Target: Sendable, Hashable {
        public var value: Double
        /// The decision that set it, such as "2388/QĐ-UBND".
        public var decision: String
        /// The target as the plan writes it ("≥ 2"); empty: the value, at the indicator's precision.
        public var text: String

        public init(value: Double, decision: String, text: String = "") {
            self.value = value
            self.decision = decision
            self.text = text
        }
    }

    public var code: String
    /// Vietnamese, as the report prints it.
    public var name: String
    /// "%", "xã, phường", "hạng"...
    public var unit: String
    public var direction: Direction
    public var computation: Computation
    public var overTime: OverTime
    /// The report's order (its "No." column).
    public var order: Int
    public var targets: [Int: Target]
    /// The decimals the plan states results in (0: "94", not "94,3").
    public var decimals: Int
    /// The plan judges each quarter's result against the target; otherwise a target is the year's,
    /// and only the last quarter gets a verdict.
    public var assessEachQuarter = false

    public init(
        code: String, name: String, unit: String, direction: Direction = .higherIsBetter, computation: Computation,
        overTime: OverTime = .sum, order: Int = 0, targets: [Int: Target] = [:], decimals: Int = 1
    ) {
        self.decimals = decimals
        self.code = code
        self.name = name
        self.unit = unit
        self.direction = direction
        self.computation = computation
        self.overTime = overTime
        self.order = order
        self.targets = targets
    }

    /// The most indicators one plan holds (a province's plan has some tens). Every indicator is in
    /// `ListIndicators` and may be in one `ComputeIndicators`, answered whole: with the bounds on
    /// its texts below, 500 of them stay well inside one answer.
    public static let maximumInPlan = 500

    public func validate() throws(DXError) {
        try DXError.required(code, "code")
        guard code.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw .invalid("code", "letters, digits, '.', '_' and '-' only")
        }
        guard code.utf8.count <= 64 else { throw .invalid("code", "at most 64 bytes") }
        try DXError.required(name, "name")
        guard name.count <= 500 else { throw .invalid("name", "at most 500 characters") }
        guard unit.count <= 50 else { throw .invalid("unit", "at most 50 characters") }
        if case .external(let service, let code) = computation {
            try DXError.required(service, "external_service")
            try DXError.required(code, "external_code")
        }
        guard (0...3).contains(decimals) else { throw .invalid("decimals", "0 to 3") }
        for (year, target) in targets {
            guard target.text.count <= 64 else { throw .invalid("targets.text", "at most 64 characters") }
            guard target.decision.count <= 500 else {
                throw .invalid("targets.decision", "at most 500 characters")
            }
            guard (2000...2100).contains(year) else { throw .invalid("targets.year", "\(year) is not a plan year") }
            guard target.value.isFinite else { throw .invalid("targets.value", "must be a number") }
            guard target.value.magnitude <= KPIMeasurement.largestFigure else {
                throw .invalid("targets.value", "at most 10^15 either way")
            }
            if direction == .rank, target.value < 1 { throw .invalid("targets.value", "a rank is 1 or more") }
        }
    }
}
