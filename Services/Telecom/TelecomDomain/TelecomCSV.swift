import AdminUnits
import CSV
import CalendarDates
import Geo

/// The telecom import formats (see imports.proto): each reads one row into a domain value,
/// checked, or a problem naming the line and the column.
public enum TelecomCSV {
    public typealias Problem = CSVHeader.Problem

    public static let siteColumns = [
        "operator", "code", "unit_code", "address", "latitude", "longitude", "technologies", "mast_class",
        "mast_height_m", "tenants", "status", "decommissioned_on",
    ]
    public static let villageColumns = [
        "code", "commune_code", "name", "latitude", "longitude", "population", "households", "terrain", "town_centre",
        "fibre_operators",
    ]
    public static let declarationColumns = ["village_code", "operator", "technology", "covered", "as_of"]

    static func position(_ row: CSVRow) throws(Problem) -> GeoPoint {
        let latitude = try row.double("latitude")
        let longitude = try row.double("longitude")
        guard let point = GeoPoint(latitude: latitude, longitude: longitude), GeoBoundingBox.vietnam.contains(point)
        else {
            throw Problem(
                line: row.line, field: "latitude",
                reason: "\(latitude),\(longitude) is outside Vietnam (latitude 7.5 to 23.5, longitude 102 to 118)")
        }
        return point
    }

    static func date(_ row: CSVRow, _ column: String, _ text: String) throws(Problem) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else {
            throw Problem(line: row.line, field: column, reason: "'\(text)' is not a date (YYYY-MM-DD)")
        }
        return date
    }

    /// The domain's refusal, placed at the row's line.
    static func checked(_ row: CSVRow, _ body: () throws(TelecomError) -> Void) throws(Problem) {
        do {
            try body()
        } catch {
            throw Problem(line: row.line, field: error.field, reason: error.rule)
        }
    }

    public static func site(_ row: CSVRow, operators: Operators) throws(Problem) -> BTSSite {
        // "4G", "4G:2019-03-01" (switched on), "3G:2012-05-01:2024-06-30" (and off).
        var technologies: [Technology: CalendarDate?] = [:]
        var switchedOff: [Technology: CalendarDate] = [:]
        for item in row.list("technologies") {
            let parts = item.split(separator: ":", maxSplits: 2).map(String.init)
            guard let name = parts.first, let technology = Technology(text: name) else {
                throw Problem(
                    line: row.line, field: "technologies", reason: "'\(item)' is not 2G, 3G, 4G or 5G[:on[:off]]")
            }
            technologies[technology] = parts.count > 1 ? try date(row, "technologies", parts[1]) : .some(nil)
            if parts.count > 2 { switchedOff[technology] = try date(row, "technologies", parts[2]) }
        }
        let mastText = row.text("mast_class")
        guard let mast = BTSSite.MastClass.allCases.first(where: { $0.rawValue.lowercased() == mastText.lowercased() })
        else {
            throw Problem(line: row.line, field: "mast_class", reason: "'\(mastText)' is not A1a, A1b, A2a or A2b")
        }
        let statusText = row.text("status")
        var status = BTSSite.Status.proposed
        if !statusText.isEmpty {
            let wanted = statusText.lowercased().replacingOccurrences(of: "_", with: "")
            guard let match = BTSSite.Status.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else {
                throw Problem(
                    line: row.line, field: "status",
                    reason: "'\(statusText)' is not proposed, location_checked, built, on_air or decommissioned")
            }
            status = match
        }
        var site = BTSSite(
            code: try row.required("code"), operatorCode: row.text("operator"), unitCode: row.text("unit_code"),
            address: row.text("address"), position: try position(row), technologies: technologies, mastClass: mast,
            mastHeightMetres: try row.double("mast_height_m"), tenants: row.list("tenants"), status: status)
        site.switchedOff = switchedOff
        let decommissioned = row.text("decommissioned_on")
        if !decommissioned.isEmpty {
            guard status == .decommissioned else {
                throw Problem(
                    line: row.line, field: "decommissioned_on", reason: "only a decommissioned site has this day")
            }
            site.decommissionedOn = try date(row, "decommissioned_on", decommissioned)
        }
        try checked(row) { () throws(TelecomError) in
            site.operatorCode = try operators.check(site.operatorCode, field: "operator")
            site.tenants = try site.tenants.map { code throws(TelecomError) in
                try operators.check(code, field: "tenants")
            }
            try site.validate(operators: operators)
        }
        return site
    }

    public static func village(_ row: CSVRow, operators: Operators) throws(Problem) -> Village {
        let terrainText = row.text("terrain").lowercased()
        guard let terrain = terrainText.isEmpty ? .rural : Village.Terrain(rawValue: terrainText) else {
            throw Problem(
                line: row.line, field: "terrain", reason: "'\(terrainText)' is not urban, rural or mountainous")
        }
        var village = Village(
            code: try row.required("code"), communeCode: row.text("commune_code"), name: row.text("name"),
            position: try position(row), population: try row.integer("population", empty: 0),
            households: try row.integer("households", empty: 0), terrain: terrain,
            isTownCentre: try row.flag("town_centre"), fibreOperators: row.list("fibre_operators"))
        try checked(row) { () throws(TelecomError) in
            village.fibreOperators = try village.fibreOperators.map { code throws(TelecomError) in
                try operators.check(code, field: "fibre_operators")
            }
            try village.validate(operators: operators)
        }
        return village
    }

    public static func declaration(_ row: CSVRow, operators: Operators) throws(Problem) -> CoverageRecord {
        let technologyText = row.text("technology")
        guard let technology = Technology(text: technologyText) else {
            throw Problem(line: row.line, field: "technology", reason: "'\(technologyText)' is not 2G, 3G, 4G or 5G")
        }
        var operatorCode = row.text("operator")
        try checked(row) { () throws(TelecomError) in
            operatorCode = try operators.check(operatorCode, field: "operator")
        }
        return CoverageRecord(
            villageCode: try row.required("village_code"), operatorCode: operatorCode, technology: technology,
            covered: try row.flag("covered"), source: .declared,
            asOf: try date(row, "as_of", try row.required("as_of")))
    }

    /// A site as a row of the sites format, which reads back as the same site.
    public static func row(_ site: BTSSite) -> [String] {
        let technologies = site.technologies.sorted { $0.key < $1.key }.map { technology, since in
            let on = since.map { "\(technology.rawValue):\($0)" } ?? technology.rawValue
            return site.switchedOff[technology].map { "\(on):\($0)" } ?? on
        }
        let status: String =
            switch site.status {
            case .proposed: "proposed"
            case .locationChecked: "location_checked"
            case .built: "built"
            case .onAir: "on_air"
            case .decommissioned: "decommissioned"
            }
        return [
            site.operatorCode, site.code, site.unitCode, site.address, String(site.position.latitude),
            String(site.position.longitude), technologies.joined(separator: ";"), site.mastClass.rawValue,
            String(site.mastHeightMetres), site.tenants.joined(separator: ";"), status,
            site.decommissionedOn?.description ?? "",
        ]
    }
}

extension TelecomCSV {
    /// A village as a row of the villages format, which reads back as the same village.
    public static func row(_ village: Village) -> [String] {
        [
            village.code, village.communeCode, village.name, String(village.position.latitude),
            String(village.position.longitude), String(village.population), String(village.households),
            village.terrain.rawValue, village.isTownCentre ? "yes" : "no",
            village.fibreOperators.joined(separator: ";"),
        ]
    }
}
