import AdminUnits
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

    /// One unit's figures for the period, already combined over time.
    public struct UnitTotal: Sendable, Hashable {
        public var unitCode: String
        public var numerator: Double
        public var denominator: Double?

        public init(unitCode: String, numerator: Double, denominator: Double?) {
            self.unitCode = unitCode
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    /// Rolls `measurements` (current revisions of one indicator) up to `unitCode` (empty: every
    /// unit) for `period`.
    public func value(
        of kpi: KPI, _ measurements: [KPIMeasurement], unitCode: String, period: ReportingPeriod
    ) -> Result {
        value(totals: Self.unitTotals(of: kpi, measurements, period: period), unitCode: unitCode, period: period)
    }

    /// Each unit's figures for `period`: the figure entered for the whole period when there is
    /// one, else its parts, added (a flow) or the last of them (a stock). The store computes the
    /// same in SQL for large registers.
    public static func unitTotals(of kpi: KPI, _ measurements: [KPIMeasurement], period: ReportingPeriod) -> [UnitTotal]
    {
        var byUnit: [String: [KPIMeasurement]] = [:]
        for measurement in measurements where period.contains(measurement.period) {
            byUnit[measurement.unitCode, default: []].append(measurement)
        }
        return byUnit.map { unit, entries in
            let whole = entries.filter { $0.period == period }
            let used = whole.isEmpty ? entries : whole
            let chosen: [KPIMeasurement]
            switch kpi.overTime {
            case .sum: chosen = used
            case .latest:
                let last = used.map(\.period.end).max()
                chosen = used.filter { $0.period.end == last }
            }
            var total = UnitTotal(unitCode: unit, numerator: 0, denominator: nil)
            for entry in chosen {
                total.numerator += entry.numerator
                if let denominator = entry.denominator { total.denominator = (total.denominator ?? 0) + denominator }
            }
            return total
        }
    }

    /// Adds the totals of the units inside `unitCode` (empty: all) on the period's last day.
    public func value(totals: [UnitTotal], unitCode: String, period: ReportingPeriod) -> Result {
        let date = period.end
        let target = unitCode.isEmpty ? nil : registry.unit(unitCode)
        var result = Result(numerator: 0, denominator: nil, units: 0)
        for total in totals {
            if let target {
                guard
                    total.unitCode == target.code
                        || registry.ancestors(of: total.unitCode, at: target.level, on: date).contains(where: {
                            $0.code == target.code
                        })
                else { continue }
            }
            result.numerator += total.numerator
            if let denominator = total.denominator { result.denominator = (result.denominator ?? 0) + denominator }
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
