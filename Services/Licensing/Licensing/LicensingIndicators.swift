import AdminUnits
import CalendarDates
import CommonAPI
import Indicators
import LicensingDomain
import SQLKit
import ServiceStorage

/// The licensing figures the aggregator pulls through the common Indicators interface: the
/// department's own dossiers (received, online, on time) and the licences it issued. For a unit,
/// dossiers and licences count when the applicant's or holder's address lies within it.
public struct LicensingIndicators: IndicatorSource {
    public func indicators() async throws -> [Indicator] { list }

    let list = [
        Indicator(
            code: "licensing.dossiers_received", name: "Số hồ sơ thủ tục hành chính tiếp nhận", unit: "hồ sơ",
            formula: "dossiers received from the period's first day to its last, by applicants in the unit",
            finestLevel: .commune),
        Indicator(
            code: "licensing.online_dossier_rate", name: "Tỷ lệ hồ sơ tiếp nhận trực tuyến", unit: "%",
            formula: "dossiers received online in the period / dossiers received in the period", finestLevel: .commune),
        Indicator(
            code: "licensing.full_process_online_rate", name: "Tỷ lệ hồ sơ trực tuyến toàn trình", unit: "%",
            formula: "full-process online dossiers received in the period / dossiers received in the period",
            finestLevel: .commune),
        Indicator(
            code: "licensing.on_time_rate", name: "Tỷ lệ hồ sơ giải quyết đúng và trước hạn", unit: "%",
            formula:
                "dossiers decided in the period by their due date (working or calendar days as the procedure counts; "
                + "a calendar-day period ending on a day off ends on the next working day; supplement waits left out) "
                + "/ dossiers decided in the period",
            finestLevel: .commune),
        Indicator(
            code: "licensing.online_payment_rate", name: "Tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến", unit: "%",
            formula: "dossiers received in the period with the fee paid online / those received with a fee",
            finestLevel: .commune),
        Indicator(
            code: "licensing.licences_issued", name: "Số giấy phép cấp mới", unit: "giấy phép",
            formula: "licences issued in the period (issue events) to holders in the unit", finestLevel: .commune),
    ]

    let database: Database
    /// Whether unit `code` lies within unit `target` on a date (the registry the service hosts).
    let within: @Sendable (_ code: String, _ target: String, _ date: CalendarDate) -> Bool

    public init(
        database: Database,
        within: @escaping @Sendable (String, String, CalendarDate) -> Bool = { code, target, _ in code == target }
    ) {
        self.database = database
        self.within = within
    }

    public func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws -> IndicatorMeasurement {
        let units = try await database.read { sql in
            var units: [String: String] = [:]
            for row in try await sql.raw("SELECT id, unit_code FROM organisations").all() {
                units[try row.decode(column: "id", as: String.self)] = try row.decode(
                    column: "unit_code", as: String.self)
            }
            return units
        }
        func counts(_ organisation: String) -> Bool {
            unitCode.isEmpty || units[organisation].map { within($0, unitCode, period.end) } == true
        }
        if indicator.code == "licensing.licences_issued" {
            let holders = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT l.holder_id AS holder FROM licence_versions v JOIN licences l ON l.id = v.licence_id
                    WHERE v.action = 'issue' AND v.effective_on >= \(bind: period.start.description)
                        AND v.effective_on <= \(bind: period.end.description)
                    """
                ).all().map { try $0.decode(column: "holder", as: String.self) }
            }
            return IndicatorMeasurement(numerator: Double(holders.filter(counts).count))
        }
        let (all, calendar) = try await DossierStore(database: database).forPeriod(
            from: period.start, through: period.end)
        let dossiers = all.filter { counts($0.applicantID) }
        let received = dossiers.filter { (period.start...period.end).contains($0.receivedOn) }
        switch indicator.code {
        case "licensing.dossiers_received":
            return IndicatorMeasurement(numerator: Double(received.count))
        case "licensing.online_dossier_rate":
            return IndicatorMeasurement(
                numerator: Double(received.filter { $0.channel == .online }.count), denominator: Double(received.count))
        case "licensing.full_process_online_rate":
            return IndicatorMeasurement(
                numerator: Double(received.filter { $0.onlineType == .fullProcess }.count),
                denominator: Double(received.count))
        case "licensing.online_payment_rate":
            let withFee = received.filter { $0.feeVND > 0 }
            return IndicatorMeasurement(
                numerator: Double(withFee.filter(\.paidOnline).count), denominator: Double(withFee.count))
        case "licensing.on_time_rate":
            let statistics = LicensingStatistics(
                actions: [:], dossiers: dossiers, from: period.start, through: period.end, calendar: calendar)
            let decided = statistics.decided.values.reduce(0, +)
            let inTime = (statistics.decided[.early] ?? 0) + (statistics.decided[.onTime] ?? 0)
            return IndicatorMeasurement(numerator: Double(inTime), denominator: Double(decided))
        default:
            throw IndicatorError.invalid("codes", "no measurement for '\(indicator.code)'")
        }
    }
}
