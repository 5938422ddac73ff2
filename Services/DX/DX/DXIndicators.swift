import AdminUnits
import DXDomain
import Indicators

/// The DX service's own figures for the common Indicators interface: every indicator of the
/// plan measured here (rolled up from its measurements), and the share of information systems
/// whose security-level dossier is approved.
public struct DXIndicators: IndicatorSource {
    let kpis: KPIStore
    let measurements: MeasurementStore
    let records: RecordStore
    let community: CommunityStore
    let registry: @Sendable () -> AdminUnitRegistry

    public init(
        kpis: KPIStore, measurements: MeasurementStore, records: RecordStore, community: CommunityStore,
        registry: @escaping @Sendable () -> AdminUnitRegistry
    ) {
        self.kpis = kpis
        self.measurements = measurements
        self.records = records
        self.community = community
        self.registry = registry
    }

    static let approvedDossiers = Indicator(
        code: "dx.approved_security_dossier_rate",
        name: "Tỷ lệ hệ thống thông tin được phê duyệt hồ sơ đề xuất cấp độ", unit: "%",
        formula:
            "information systems whose security-level dossier was approved by the period's last day / information "
            + "systems recorded")

    static let ownersApproved = Indicator(
        code: "dx.units_with_approved_security_dossier_rate",
        name: "Tỷ lệ cơ quan, đơn vị có hồ sơ đề xuất cấp độ được phê duyệt", unit: "%",
        formula:
            "owners whose every information system's dossier was approved by the period's last day / owners of the "
            + "information systems recorded")

    static let villageTeams = Indicator(
        code: "dx.village_digital_team_rate", name: "Tỷ lệ thôn, bản, tổ dân phố có Tổ công nghệ số cộng đồng",
        unit: "%",
        formula:
            "villages in force on the period's last day with a community digital team founded by then / villages in "
            + "force then, in the unit",
        finestLevel: .commune)

    static let marketQR = Indicator(
        code: "dx.cashless_market_qr_rate", name: "Tỷ lệ tiểu thương tại chợ thí điểm chấp nhận thanh toán QR",
        unit: "%", formula: "traders accepting QR payment / traders, in the pilot markets", finestLevel: .commune)

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
        return list + [Self.approvedDossiers, Self.ownersApproved, Self.villageTeams, Self.marketQR]
    }

    public func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws -> IndicatorMeasurement {
        // Approved by the period's last day: the decision's date says when (a system approved
        // later was not approved then). Systems carry no registration date: all recorded count.
        if indicator.code == Self.approvedDossiers.code {
            let counts = try await records.approvals(by: period.end)
            return IndicatorMeasurement(
                numerator: Double(counts.approved), denominator: Double(counts.systems),
                note: "hệ thống đã ghi nhận; phê duyệt tính đến \(period.end)")
        }
        if indicator.code == Self.ownersApproved.code {
            let counts = try await records.approvals(by: period.end)
            return IndicatorMeasurement(
                numerator: Double(counts.ownersApproved), denominator: Double(counts.owners),
                note: "hệ thống đã ghi nhận; phê duyệt tính đến \(period.end)")
        }
        if indicator.code == Self.villageTeams.code || indicator.code == Self.marketQR.code {
            let units = registry()
            let scope = unitCode.isEmpty ? nil : Set(units.codes(within: unitCode, on: period.end))
            if indicator.code == Self.marketQR.code {
                let markets = try await community.markets().filter { scope?.contains($0.unitCode) ?? true }
                return IndicatorMeasurement(
                    numerator: Double(markets.map(\.tradersAcceptingQR).reduce(0, +)),
                    denominator: Double(markets.map(\.traders).reduce(0, +)), note: "số liệu mới nhất của các chợ")
            }
            let villages = units.units.values.filter {
                $0.level == .village && $0.isInForce(on: period.end) && (scope?.contains($0.code) ?? true)
            }
            let teams = Set(
                try await community.teams().filter { $0.foundedOn.map { $0 <= period.end } ?? true }.map(\.unitCode))
            return IndicatorMeasurement(
                numerator: Double(villages.filter { teams.contains($0.code) }.count),
                denominator: Double(villages.count))
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
