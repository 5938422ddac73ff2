import AdminUnits
import Indicators

/// The DX service's own figures for the common Indicators interface: every indicator of the
/// plan measured here (rolled up from its measurements), and the share of information systems
/// whose security-level dossier is approved.
public struct DXIndicators: IndicatorSource {
    let kpis: KPIStore
    let measurements: MeasurementStore
    let records: RecordStore
    let registry: @Sendable () -> AdminUnitRegistry

    public init(
        kpis: KPIStore, measurements: MeasurementStore, records: RecordStore,
        registry: @escaping @Sendable () -> AdminUnitRegistry
    ) {
        self.kpis = kpis
        self.measurements = measurements
        self.records = records
        self.registry = registry
    }

    static let approvedDossiers = Indicator(
        code: "dx.approved_security_dossier_rate",
        name: "Tỷ lệ hệ thống thông tin được phê duyệt hồ sơ đề xuất cấp độ", unit: "%",
        formula: "information systems with an approved security-level dossier / information systems")

    public func indicators() async throws -> [Indicator] {
        var list: [Indicator] = []
        for kpi in try await kpis.all() {
            guard case .measured(let hasDenominator, let percentage) = kpi.computation else { continue }
            list.append(
                Indicator(
                    code: kpi.code, name: kpi.name, unit: percentage ? "%" : kpi.unit,
                    formula: hasDenominator
                        ? "sum of units' numerators / sum of their denominators" : "sum of units' figures",
                    finestLevel: .commune))
        }
        return list + [Self.approvedDossiers]
    }

    public func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws -> IndicatorMeasurement {
        if indicator.code == Self.approvedDossiers.code {
            let systems = try await records.systems()
            return IndicatorMeasurement(
                numerator: Double(systems.filter { $0.status == .approved }.count), denominator: Double(systems.count),
                note: "hiện trạng hồ sơ, không theo kỳ")
        }
        guard let kpi = try await kpis.get(indicator.code) else {
            throw IndicatorError.invalid("codes", "no indicator '\(indicator.code)' in the plan")
        }
        let totals = try await measurements.unitTotals(of: kpi, period: period)
        let result = RollUp(registry: registry()).value(totals: totals, unitCode: unitCode, period: period)
        let note = result.units == 0 ? "chưa có số liệu báo cáo cho kỳ này" : ""
        return IndicatorMeasurement(
            numerator: result.numerator, denominator: result.denominator ?? 0, note: note, hasData: result.units > 0)
    }
}
