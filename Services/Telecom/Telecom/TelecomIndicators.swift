import AdminUnits
import CalendarDates
import Indicators
import TelecomDomain

/// The post and telecom figures of the quarterly report's KPI table, each from its numerator and
/// denominator, for a period (the state as of its last day) and a unit.
public struct TelecomIndicators: IndicatorSource {
    public func indicators() async throws -> [Indicator] { list }

    let list: [Indicator]

    let sites: SiteStore
    let coverage: CoverageStore
    let infrastructure: InfrastructureStore
    /// The unit and every unit inside it, on a date (the registry the service hosts); empty for
    /// the whole province.
    let unitsWithin: @Sendable (String, CalendarDate) -> [String]
    /// The communes in force on a date within a unit (all of them for an empty code).
    let communesWithin: @Sendable (String, CalendarDate) -> [String]

    static let mobileOperators = ["viettel", "vnpt", "mobifone", "vietnamobile", "gmobile"]

    public init(
        sites: SiteStore, coverage: CoverageStore, infrastructure: InfrastructureStore,
        unitsWithin: @escaping @Sendable (String, CalendarDate) -> [String],
        communesWithin: @escaping @Sendable (String, CalendarDate) -> [String]
    ) {
        self.sites = sites
        self.coverage = coverage
        self.infrastructure = infrastructure
        self.unitsWithin = unitsWithin
        self.communesWithin = communesWithin
        var list = [
            Indicator(
                code: "telecom.communes_with_operating_radio",
                name: "Số xã, phường có trạm truyền thanh cơ sở hoạt động",
                unit: "xã, phường",
                formula:
                    "communes in force on the period's last day with a station in force then whose last state "
                    + "reported by that day is operating (well or not)",
                finestLevel: .district),
            Indicator(
                code: "telecom.radio_operating_well_rate",
                name: "Tỷ lệ xã, phường có trạm truyền thanh cơ sở hoạt động tốt", unit: "%",
                formula:
                    "communes with a station in force whose last state reported by the period's last day is "
                    + "operating well / all communes in force that day",
                finestLevel: .district),
            Indicator(
                code: "telecom.radio_it_telecom_rate",
                name: "Tỷ lệ xã, phường, thị trấn có đài truyền thanh ứng dụng công nghệ thông tin và viễn thông",
                unit: "%",
                formula:
                    "communes with an IT-telecom station in force on the period's last day / all communes in force that day",
                finestLevel: .district),
            Indicator(
                code: "telecom.village_broadband_coverage",
                name: "Tỷ lệ phủ sóng thông tin di động 3G, 4G tại thôn, bản, tổ dân phố", unit: "%",
                formula:
                    "villages with 3G or 4G on the period's last day (an operator's latest declaration by then, else "
                    + "the latest estimate by then) / villages",
                finestLevel: .commune),
            Indicator(
                code: "telecom.town_centre_5g_coverage",
                name: "Tỷ lệ phủ sóng thông tin di động 5G tại các trung tâm thị trấn, thành phố", unit: "%",
                formula: "town-centre villages with 5G on the period's last day (same rule) / town-centre villages",
                finestLevel: .commune),
            Indicator(
                code: "telecom.village_fibre_coverage",
                name: "Tỷ lệ thôn, bản, tổ dân phố có hạ tầng cáp quang băng rộng cố định", unit: "%",
                formula: "villages with fibre access as entered (not kept by date) / villages", finestLevel: .commune),
            Indicator(
                code: "telecom.urban_underground_ratio", name: "Tỷ lệ ngầm hóa mạng cáp viễn thông tại các khu đô thị",
                unit: "%",
                formula:
                    "km of urban cable in service on the period's last day that is underground / km of urban "
                    + "cable in service that day",
                finestLevel: .commune),
            Indicator(
                code: "telecom.staffed_postal_point_rate", name: "Tỷ lệ các điểm bưu chính có người phục vụ", unit: "%",
                formula: "staffed postal points open on the period's last day / postal points open that day",
                finestLevel: .commune),
            Indicator(
                code: "telecom.sites_on_air", name: "Số trạm BTS đang phát sóng", unit: "trạm",
                formula:
                    "sites broadcasting on the period's last day (a technology switched on by then and not off, "
                    + "the site not yet decommissioned)",
                finestLevel: .commune),
        ]
        for operatorCode in Self.mobileOperators {
            for technology in Technology.allCases {
                list.append(
                    Indicator(
                        code: "telecom.sites_on_air.\(operatorCode).\(technology.rawValue.lowercased())",
                        name: "Số trạm BTS \(technology.rawValue) đang phát sóng của \(operatorCode)", unit: "trạm",
                        formula: "sites broadcasting \(technology.rawValue) on the period's last day",
                        finestLevel: .commune))
            }
        }
        self.list = list
    }

    public func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws -> IndicatorMeasurement {
        let end = period.end
        let units = unitCode.isEmpty ? [] : unitsWithin(unitCode, end)
        switch indicator.code {
        case "telecom.communes_with_operating_radio", "telecom.radio_operating_well_rate",
            "telecom.radio_it_telecom_rate":
            // Per commune, over every commune in force: a commune with two stations counts once,
            // one with none counts in the denominator.
            let communes = communesWithin(unitCode, end)
            // (An empty list asks the store for every station: no communes means none.)
            let stations =
                communes.isEmpty
                ? [] : try await infrastructure.stations(communeCodes: communes, inForceOn: end).rows.map(\.station)
            let unreported = stations.filter { $0.state(on: end) == nil }.count
            let note = unreported > 0 ? "\(unreported) trạm chưa có báo cáo tình trạng đến \(end)" : ""
            func communesWith(_ test: (RadioStation) -> Bool) -> Double {
                Double(Set(stations.filter(test).map(\.communeCode)).count)
            }
            switch indicator.code {
            case "telecom.communes_with_operating_radio":
                return IndicatorMeasurement(
                    numerator: communesWith { $0.state(on: end)?.isOperating == true }, note: note)
            case "telecom.radio_operating_well_rate":
                return IndicatorMeasurement(
                    numerator: communesWith { $0.state(on: end) == .operatingWell },
                    denominator: Double(communes.count),
                    note: note)
            default:
                return IndicatorMeasurement(
                    numerator: communesWith { $0.kind == .itTelecom }, denominator: Double(communes.count))
            }
        case "telecom.village_broadband_coverage", "telecom.town_centre_5g_coverage":
            var villages = try await coverage.villages(communeCodes: units)
            let fiveG = indicator.code == "telecom.town_centre_5g_coverage"
            if fiveG { villages = villages.filter(\.isTownCentre) }
            let wanted: Set<Technology> = fiveG ? [.g5] : [.g3, .g4]
            let effective = CoverageRecord.effective(try await coverage.latest(asOf: end))
            let served = Set(effective.filter { $0.covered && wanted.contains($0.technology) }.map(\.villageCode))
            return IndicatorMeasurement(
                numerator: Double(villages.filter { served.contains($0.code) }.count),
                denominator: Double(villages.count))
        case "telecom.village_fibre_coverage":
            let villages = try await coverage.villages(communeCodes: units)
            return IndicatorMeasurement(
                numerator: Double(villages.filter { !$0.fibreOperators.isEmpty }.count),
                denominator: Double(villages.count), note: "hiện trạng đã nhập, không theo kỳ")
        case "telecom.urban_underground_ratio":
            let urban = try await infrastructure.cableSegments(unitCodes: units, asOf: end).filter(\.urban)
            return IndicatorMeasurement(
                numerator: urban.filter(\.underground).map(\.lengthKm).reduce(0, +),
                denominator: urban.map(\.lengthKm).reduce(0, +))
        case "telecom.staffed_postal_point_rate":
            let points = try await infrastructure.postalPoints(unitCodes: units, asOf: end).0
            return IndicatorMeasurement(
                numerator: Double(points.filter(\.staffed).count), denominator: Double(points.count))
        default:
            // telecom.sites_on_air[.operator.technology]
            let parts = indicator.code.split(separator: ".").map(String.init)
            // Sites broadcasting on the period's last day, as they were then.
            var onAir = try await sites.all().filter { !$0.broadcasts(on: end).isEmpty }
            if !units.isEmpty { onAir = onAir.filter { units.contains($0.unitCode) } }
            if parts.count == 4, let technology = Technology(text: parts[3]) {
                onAir = onAir.filter { $0.operatorCode == parts[2] && $0.broadcasts(on: end).contains(technology) }
            }
            return IndicatorMeasurement(numerator: Double(onAir.count))
        }
    }
}
