import AdminUnits
import CalendarDates
import CommonAPI
import Geo
import SQLKit
import ServiceStorage
import TelecomDomain

/// Public Wi-Fi leases and hotspots with their monthly reports, frequency-licence references and
/// universal-service support.
public struct ProgrammeStore: Sendable {
    let database: Database
    let operators: Operators

    public init(database: Database, operators: Operators) {
        self.database = database
        self.operators = operators
    }

    // MARK: Wi-Fi

    /// Adds a lease or replaces the one with its contract number; refuses one that would serve a
    /// place another lease serves over an overlapping term.
    public func save(_ lease: WifiLease) async throws -> WifiLease {
        var lease = lease
        lease.provider = try operators.check(lease.provider, field: "provider")
        try lease.validate(operators: operators)
        try await database.write { [lease] sql in
            for other in try await Self.leases(from: sql) where other.contractNumber != lease.contractNumber {
                if let place = lease.overlap(with: other) {
                    throw TelecomError.invalid(
                        "start",
                        "the term \(lease.start) to \(lease.end) overlaps lease \(other.contractNumber) "
                            + "(\(other.start) to \(other.end)) for \(place)")
                }
            }
            if let hotspot = try await sql.raw(
                """
                SELECT code, started_on FROM hotspots WHERE lease_contract = \(bind: lease.contractNumber)
                    AND (started_on < \(bind: lease.start.description) OR started_on > \(bind: lease.end.description))
                """
            ).first() {
                throw TelecomError.notAllowed(
                    "start",
                    "hotspot \(try hotspot.decode(column: "code", as: String.self)) started outside the new term")
            }
            AuditLog.touch("wifi-lease:\(lease.contractNumber)")
            // Replaced in place: the lease's hotspots refer to its row, which may not be deleted.
            let columns = [
                "contract_number", "provider", "start_on", "end_on", "monthly_fee_vnd", "minimum_uptime",
                "minimum_bandwidth", "tiers_json", "bandwidth_deduct", "units_json",
            ]
            try await sql.insert(into: "wifi_leases")
                .columns(columns)
                .values(
                    SQLBind(lease.contractNumber), SQLBind(lease.provider), SQLBind(lease.start.description),
                    SQLBind(lease.end.description), SQLBind(lease.monthlyFeePerHotspotVND),
                    SQLBind(lease.minimumUptimePercent), SQLBind(lease.minimumBandwidthMbps),
                    SQLBind(try SortedJSON.text(lease.uptimeTiers.map { [$0.belowPercent, $0.deductPercent] })),
                    SQLBind(lease.bandwidthDeductPercent), SQLBind(try SortedJSON.text(lease.unitCodes))
                )
                .onConflict(with: "contract_number") { Self.setting(columns.dropFirst(), on: $0) }
                .run()
        }
        return lease
    }

    /// An upsert's update: every column but the key takes the inserted row's value.
    static func setting(_ columns: ArraySlice<String>, on update: SQLConflictUpdateBuilder) -> SQLConflictUpdateBuilder
    {
        columns.reduce(update) { $0.set(excludedValueOf: $1) }
    }

    /// A page of the leases, by contract number, and how many there are.
    public func leases(limit: Int, offset: Int) async throws -> ([WifiLease], total: Int) {
        try await database.read { sql in
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "*", from: "wifi_leases", filter: "", order: "contract_number", limit: limit, offset: offset)
            return (try rows.map(Self.lease), total)
        }
    }

    public func lease(_ contract: String) async throws -> WifiLease? {
        try await database.read { sql in try await Self.lease(contract, from: sql) }
    }

    public func save(_ hotspot: Hotspot) async throws -> Hotspot {
        try await database.write { sql in
            guard let lease = try await Self.lease(hotspot.leaseContract, from: sql) else {
                throw TelecomError.invalid("lease_contract", "no lease '\(hotspot.leaseContract)'")
            }
            try hotspot.validate(lease: lease)
            // Its reported months were accepted under its lease: moved to another, they would be
            // paid again under that one's terms. As for a delete, a hotspot with months stays put.
            if let row = try await sql.raw(
                """
                SELECT h.lease_contract FROM hotspots h WHERE h.code = \(bind: hotspot.code)
                    AND h.lease_contract <> \(bind: hotspot.leaseContract)
                    AND EXISTS (SELECT 1 FROM hotspot_reports r WHERE r.hotspot_code = h.code)
                """
            ).first() {
                throw TelecomError.notAllowed(
                    "lease_contract",
                    "hotspot \(hotspot.code) has monthly reports under lease "
                        + "\(try row.decode(column: "lease_contract", as: String.self)); it cannot move to another")
            }
            AuditLog.touch("hotspot:\(hotspot.code)")
            // Replaced in place: the hotspot's monthly reports refer to its row.
            let columns = [
                "code", "lease_contract", "name", "latitude", "longitude", "unit_code", "access_points", "started_on",
            ]
            try await sql.insert(into: "hotspots")
                .columns(columns)
                .values(
                    SQLBind(hotspot.code), SQLBind(hotspot.leaseContract), SQLBind(hotspot.name),
                    SQLBind(hotspot.position.latitude), SQLBind(hotspot.position.longitude), SQLBind(hotspot.unitCode),
                    SQLBind(hotspot.accessPoints), SQLBind(hotspot.startedOn.description)
                )
                .onConflict(with: "code") { Self.setting(columns.dropFirst(), on: $0) }
                .run()
            return hotspot
        }
    }

    /// A page of the hotspots that match, by code, and how many match in all.
    public func hotspots(
        leaseContract: String = "", unitCodes: [String] = [], limit: Int, offset: Int
    ) async throws -> ([Hotspot], total: Int) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !leaseContract.isEmpty { conditions.append("lease_contract = \(bind: leaseContract)") }
            if !unitCodes.isEmpty { conditions.append("unit_code IN \(SQLBind.group(unitCodes))") }
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "*", from: "hotspots", filter: .whereClause(conditions), order: "code", limit: limit,
                offset: offset)
            return (try rows.map(Self.hotspot), total)
        }
    }

    /// Every hotspot of a lease, by code: its month's acceptance has a line for each.
    public func hotspots(ofLease contract: String) async throws -> [Hotspot] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM hotspots WHERE lease_contract = \(bind: contract) ORDER BY code").all()
                .map(Self.hotspot)
        }
    }

    /// Records (or replaces) a hotspot's report for a month of its lease that has begun.
    public func report(
        _ report: Hotspot.MonthlyReport, hotspot code: String, month: YearMonth, today: CalendarDate
    ) async throws {
        try report.validate()
        guard month.first <= today else { throw TelecomError.invalid("month", "\(month) has not begun") }
        try await database.write { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT h.started_on AS started_on, l.start_on AS start_on, l.end_on AS end_on
                    FROM hotspots h JOIN wifi_leases l ON l.contract_number = h.lease_contract WHERE h.code = \(bind: code)
                    """
                ).first()
            else { throw TelecomError.invalid("hotspot_code", "no hotspot '\(code)'") }
            let started = try row.decode(column: "started_on", as: String.self)
            let end = try row.decode(column: "end_on", as: String.self)
            guard month.last.description >= started, month.first.description <= end else {
                throw TelecomError.invalid(
                    "month", "\(month) is outside the hotspot's service (from \(started) to \(end))")
            }
            AuditLog.touch("hotspot:\(code)")
            try await sql.raw(
                "DELETE FROM hotspot_reports WHERE hotspot_code = \(bind: code) AND month = \(bind: month.description)"
            ).run()
            try await sql.insert(into: "hotspot_reports")
                .columns("hotspot_code", "month", "uptime_percent", "sessions", "bandwidth_mbps")
                .values(
                    SQLBind(code), SQLBind(month.description), SQLBind(report.uptimePercent), SQLBind(report.sessions),
                    SQLBind(report.averageBandwidthMbps)
                ).run()
        }
    }

    /// The month's reports of a lease's hotspots, by hotspot code.
    public func reports(for month: YearMonth, leaseContract: String) async throws -> [String: Hotspot.MonthlyReport] {
        try await database.read { sql in
            var reports: [String: Hotspot.MonthlyReport] = [:]
            for row in try await sql.raw(
                """
                SELECT r.* FROM hotspot_reports r JOIN hotspots h ON h.code = r.hotspot_code
                WHERE r.month = \(bind: month.description) AND h.lease_contract = \(bind: leaseContract)
                """
            ).all() {
                reports[try row.decode(column: "hotspot_code", as: String.self)] = Hotspot.MonthlyReport(
                    uptimePercent: try row.decode(column: "uptime_percent", as: Double.self),
                    sessions: try row.decode(column: "sessions", as: Int.self),
                    averageBandwidthMbps: try row.decode(column: "bandwidth_mbps", as: Double.self))
            }
            return reports
        }
    }

    static func leases(from sql: any SQLDatabase) async throws -> [WifiLease] {
        try await sql.raw("SELECT * FROM wifi_leases ORDER BY contract_number").all().map(lease)
    }

    static func lease(_ contract: String, from sql: any SQLDatabase) async throws -> WifiLease? {
        try await sql.raw("SELECT * FROM wifi_leases WHERE contract_number = \(bind: contract)").first().map(lease)
    }

    static func hotspot(_ row: any SQLRow) throws -> Hotspot {
        let code = try row.decode(column: "code", as: String.self)
        guard
            let position = try row.position(),
            let started = CalendarDate(iso: try row.decode(column: "started_on", as: String.self))
        else { throw StoredDataError("hotspot \(code)") }
        return Hotspot(
            code: code, leaseContract: try row.decode(column: "lease_contract", as: String.self),
            name: try row.decode(column: "name", as: String.self), position: position,
            unitCode: try row.decode(column: "unit_code", as: String.self),
            accessPoints: try row.decode(column: "access_points", as: Int.self), startedOn: started)
    }

    static func lease(_ row: any SQLRow) throws -> WifiLease {
        let contract = try row.decode(column: "contract_number", as: String.self)
        guard let start = CalendarDate(iso: try row.decode(column: "start_on", as: String.self)),
            let end = CalendarDate(iso: try row.decode(column: "end_on", as: String.self))
        else { throw StoredDataError("lease \(contract)") }
        return WifiLease(
            contractNumber: contract, provider: try row.decode(column: "provider", as: String.self), start: start,
            end: end, monthlyFeePerHotspotVND: try row.decode(column: "monthly_fee_vnd", as: Int64.self),
            minimumUptimePercent: try row.decode(column: "minimum_uptime", as: Double.self),
            minimumBandwidthMbps: try row.decode(column: "minimum_bandwidth", as: Double.self),
            uptimeTiers: try SortedJSON.decode(
                [[Double]].self, try row.decode(column: "tiers_json", as: String.self)
            )
            .compactMap { $0.count == 2 ? .init(belowPercent: $0[0], deductPercent: $0[1]) : nil },
            bandwidthDeductPercent: try row.decode(column: "bandwidth_deduct", as: Double.self),
            unitCodes: try SortedJSON.decode([String].self, try row.decode(column: "units_json", as: String.self)))
    }

    // MARK: Frequency licences

    public func save(_ licence: FrequencyLicenceReference) async throws {
        try licence.validate()
        try await database.write { sql in
            AuditLog.touch("frequency-licence:\(licence.number)")
            try await sql.raw("DELETE FROM frequency_licences WHERE number = \(bind: licence.number)").run()
            try await sql.insert(into: "frequency_licences")
                .columns("number", "holder", "frequency_mhz", "station", "valid_until")
                .values(
                    SQLBind(licence.number), SQLBind(licence.holder), SQLBind(licence.frequencyMHz),
                    SQLBind(licence.station), SQLBind(licence.validUntil.description)
                ).run()
        }
    }

    /// A page of the references, the soonest to expire first, and how many there are; with
    /// `validUntilBy`, only those that expire by that day.
    public func frequencyLicences(
        validUntilBy: CalendarDate? = nil, limit: Int, offset: Int
    ) async throws -> ([FrequencyLicenceReference], total: Int) {
        try await database.read { sql in
            let filter: SQLQueryString = validUntilBy.map { "WHERE valid_until <= \(bind: $0.description)" } ?? ""
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "*", from: "frequency_licences", filter: filter, order: "valid_until, number", limit: limit,
                offset: offset)
            return (
                try rows.map { row in
                    let number = try row.decode(column: "number", as: String.self)
                    guard let until = CalendarDate(iso: try row.decode(column: "valid_until", as: String.self)) else {
                        throw StoredDataError("frequency licence \(number)")
                    }
                    return FrequencyLicenceReference(
                        number: number, holder: try row.decode(column: "holder", as: String.self),
                        frequencyMHz: try row.decode(column: "frequency_mhz", as: Double.self),
                        station: try row.decode(column: "station", as: String.self), validUntil: until)
                }, total
            )
        }
    }

    // MARK: Universal service

    public func record(_ support: UniversalServiceSupport) async throws -> UniversalServiceSupport {
        var support = support
        support.provider = try operators.check(support.provider, field: "provider")
        try support.validate(operators: operators)
        try await database.write { [support] sql in
            AuditLog.touch("universal-support:\(support.household)")
            try await sql.raw(
                """
                DELETE FROM universal_support WHERE household = \(bind: support.household)
                    AND list_year = \(bind: support.listYear) AND support_type = \(bind: support.supportType.rawValue)
                """
            ).run()
            try await sql.insert(into: "universal_support")
                .columns(
                    "household", "list_year", "support_type", "poverty_status", "unit_code", "provider", "delivered_on"
                )
                .values(
                    SQLBind(support.household), SQLBind(support.listYear), SQLBind(support.supportType.rawValue),
                    SQLBind(support.povertyStatus.rawValue), SQLBind(support.unitCode), SQLBind(support.provider),
                    SQLBind(support.deliveredOn?.description)
                ).run()
        }
        return support
    }

    /// A page of the support records that match, by unit, household, list year and type, and
    /// how many match in all and were delivered: one snapshot. A province's poverty lists name
    /// tens of thousands of households a year; an answer of them all grew past the 4 MB limit.
    public func supports(
        unitCodes: [String] = [], listYear: Int = 0, provider: String = "", window: PageWindow
    ) async throws
        -> (page: [UniversalServiceSupport], total: Int, delivered: Int)
    {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !unitCodes.isEmpty { conditions.append("unit_code IN \(SQLBind.group(unitCodes))") }
            if listYear != 0 { conditions.append("list_year = \(bind: listYear)") }
            if !provider.isEmpty { conditions.append("provider = \(bind: provider.lowercased())") }
            let filter = SQLQueryString.whereClause(conditions)
            let counts = try await sql.raw(
                "SELECT COUNT(*) AS total, COUNT(delivered_on) AS delivered FROM universal_support \(filter)"
            ).first()
            let page = try await sql.raw(
                """
                SELECT * FROM universal_support \(filter) ORDER BY unit_code, household, list_year, support_type
                LIMIT \(bind: window.limit) OFFSET \(bind: window.offset)
                """
            ).all().map { row in
                let household = try row.decode(column: "household", as: String.self)
                guard
                    let status = UniversalServiceSupport.PovertyStatus(
                        rawValue: try row.decode(column: "poverty_status", as: String.self)),
                    let type = UniversalServiceSupport.SupportType(
                        rawValue: try row.decode(column: "support_type", as: String.self))
                else { throw StoredDataError("universal support of \(household)") }
                return UniversalServiceSupport(
                    household: household, povertyStatus: status,
                    listYear: try row.decode(column: "list_year", as: Int.self),
                    unitCode: try row.decode(column: "unit_code", as: String.self), supportType: type,
                    provider: try row.decode(column: "provider", as: String.self),
                    deliveredOn: try row.decode(column: "delivered_on", as: String?.self).flatMap(
                        CalendarDate.init(iso:)))
            }
            return (
                page, try counts?.decode(column: "total", as: Int.self) ?? 0,
                try counts?.decode(column: "delivered", as: Int.self) ?? 0
            )
        }
    }
}

extension ProgrammeStore {
    /// Removes a hotspot entered by mistake; refuses one with monthly reports (it has been paid for).
    public func deleteHotspot(_ code: String) async throws -> Bool {
        try await database.write { sql in
            guard try await sql.raw("SELECT code FROM hotspots WHERE code = \(bind: code)").first() != nil else {
                return false
            }
            if let row = try await sql.raw(
                "SELECT COUNT(*) AS n FROM hotspot_reports WHERE hotspot_code = \(bind: code)"
            ).first(), try row.decode(column: "n", as: Int.self) > 0 {
                throw TelecomError.notAllowed("code", "hotspot \(code) has monthly reports; it cannot be deleted")
            }
            AuditLog.touch("hotspot:\(code)")
            try await sql.raw("DELETE FROM hotspots WHERE code = \(bind: code)").run()
            return true
        }
    }
}
