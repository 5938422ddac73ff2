import AdminUnits
import CommonAPI
import Indicators

/// An indicator's value for a unit and a period, from the measurements of every unit inside it:
/// numerators are added, denominators are added, and only then divided, never percentages
/// averaged (a commune of 10 dossiers does not weigh what a city of 1,000 does). Units are those
/// in force on the period's last day: a measurement entered against a unit the 2025 reform
/// abolished counts in the unit that took it over, through the registry's lineage.
public struct RollUp: Sendable {
    public struct Result: Sendable, Hashable {
        public var numerator: Double
        /// nil for a count.
        public var denominator: Double?
        /// How many measured units went in.
        public var units: Int

        /// numerator / denominator (x 100 for a percentage), the numerator for a count, nil when
        /// nothing was measured or the denominator is zero.
        public func value(percentage: Bool) -> Double? {
            guard units > 0 else { return nil }
            guard let denominator else { return numerator }
            guard denominator > 0 else { return nil }
            return numerator / denominator * (percentage ? 100 : 1)
        }
    }

    let registry: AdminUnitRegistry

    public init(registry: AdminUnitRegistry) {
        self.registry = registry
    }

    /// Rolls `measurements` (current revisions of one indicator) up to `unitCode` (empty: every
    /// unit) for `period`.
    public func value(
        of kpi: KPI, _ measurements: [Measurement], unitCode: String, period: ReportingPeriod
    ) -> Result {
        let date = period.end
        let target = unitCode.isEmpty ? nil : registry.unit(unitCode)
        var inside: [String: Bool] = [:]
        func counts(_ code: String) -> Bool {
            if let known = inside[code] { return known }
            let answer: Bool
            if let target {
                answer =
                    code == target.code
                    || registry.ancestors(of: code, at: target.level, on: date).contains { $0.code == target.code }
            } else {
                answer = true
            }
            inside[code] = answer
            return answer
        }
        // Per unit: the figure for the whole period when entered as such, else its parts.
        var byUnit: [String: [Measurement]] = [:]
        for measurement in measurements where period.contains(measurement.period) && counts(measurement.unitCode) {
            byUnit[measurement.unitCode, default: []].append(measurement)
        }
        var result = Result(numerator: 0, denominator: nil, units: 0)
        for (_, entries) in byUnit {
            let whole = entries.filter { $0.period == period }
            let used = whole.isEmpty ? entries : whole
            let chosen: [Measurement]
            switch kpi.overTime {
            case .sum: chosen = used
            case .latest:
                let last = used.map(\.period.end).max()
                chosen = used.filter { $0.period.end == last }
            }
            for entry in chosen {
                result.numerator += entry.numerator
                if let denominator = entry.denominator { result.denominator = (result.denominator ?? 0) + denominator }
            }
            result.units += 1
        }
        return result
    }
}

extension ReportingPeriod {
    /// Whether `other` lies inside this period (a month in its quarter, or the period itself).
    public func contains(_ other: ReportingPeriod) -> Bool {
        start <= other.start && other.end <= end
    }
}
