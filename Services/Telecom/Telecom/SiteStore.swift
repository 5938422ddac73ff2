import AdminUnits
import CalendarDates
import Foundation
import Geo
import SQLKit
import ServiceStorage
import TelecomDomain

/// Sites and the plan in the service's database. Changes load the site inside the write
/// transaction and pass it through the domain rules before saving it whole.
public struct SiteStore: Sendable {
    public struct Filter: Sendable, Hashable {
        public var query = ""
        public var operatorCode = ""
        /// The unit and every unit inside it.
        public var unitCodes: [String] = []
        public var status: BTSSite.Status?
        public var technology: Technology?

        public init() {}
    }

    let database: Database
    public let operators: Operators
    let planLimits: InfrastructurePlan.Limits

    public init(database: Database, operators: Operators, planLimits: InfrastructurePlan.Limits = .init()) {
        self.database = database
        self.operators = operators
        self.planLimits = planLimits
    }

    /// The operators table, read at start-up (an administrator's additions included).
    public static func operators(in database: Database) async throws -> Operators {
        try await database.read { sql in
            var names: [String: String] = [:]
            for row in try await sql.raw("SELECT code, name FROM operators").all() {
                names[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
            return Operators(names: names)
        }
    }

    /// Adds a site, or replaces the description of the one with its operator and code (keeping its
    /// status and plan check: those change only through their own calls).
    public func save(_ site: BTSSite) async throws -> BTSSite {
        var site = site
        site.operatorCode = try operators.check(site.operatorCode, field: "operator")
        site.tenants = try site.tenants.map { code throws(TelecomError) in try operators.check(code, field: "tenants") }
        try site.validate(operators: operators)
        return try await database.write { sql in
            if let existing = try await Self.load(site.operatorCode, site.code, from: sql) {
                site.status = existing.status
                site.planCheck = existing.planCheck
                site.decommissionedOn = existing.decommissionedOn
            }
            try await Self.upsert(site, into: sql)
            return site
        }
    }

    public func get(_ operatorCode: String, _ code: String) async throws -> BTSSite? {
        try await database.read { sql in try await Self.load(operatorCode.lowercased(), code, from: sql) }
    }

    public func list(_ filter: Filter, limit: Int, offset: Int) async throws -> ([BTSSite], total: Int) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !filter.query.isEmpty {
                conditions.append("search_key LIKE \(bind: SearchText.containsPattern(filter.query)) ESCAPE '\\'")
            }
            if !filter.operatorCode.isEmpty {
                conditions.append("operator = \(bind: filter.operatorCode.lowercased())")
            }
            if !filter.unitCodes.isEmpty {
                conditions.append("unit_code IN \(SQLBind.group(filter.unitCodes))")
            }
            if let status = filter.status { conditions.append("status = \(bind: status.rawValue)") }
            if let technology = filter.technology {
                // The JSON object's key, quoted: "4G":
                conditions.append("technologies_json LIKE \(bind: "%\"\(technology.rawValue)\"%")")
            }
            let (rows, total) = try await sql.page(
                select: "*", from: "sites", filter: .whereClause(conditions), order: "operator, code", limit: limit,
                offset: offset)
            return (try rows.map(Self.site), total)
        }
    }

    /// Moves a site on, on `day`, under the rules of ``BTSSite/move(to:on:)``.
    public func move(
        _ operatorCode: String, _ code: String, to status: BTSSite.Status, on day: CalendarDate
    ) async throws -> BTSSite {
        try await database.write { sql in
            guard var site = try await Self.load(operatorCode.lowercased(), code, from: sql) else {
                throw TelecomError.invalid("code", "no \(operatorCode) site '\(code)'")
            }
            try site.move(to: status, on: day)
            try await Self.upsert(site, into: sql)
            return site
        }
    }

    /// Checks a site against the plan and records the finding with who checked and when.
    public func check(
        _ operatorCode: String, _ code: String, by principal: String, at milliseconds: Int64
    ) async throws -> BTSSite {
        try await database.write { sql in
            guard var site = try await Self.load(operatorCode.lowercased(), code, from: sql) else {
                throw TelecomError.invalid("code", "no \(operatorCode) site '\(code)'")
            }
            let plan = try await Self.plan(from: sql)
            guard !plan.sites.isEmpty || !plan.zones.isEmpty else {
                throw TelecomError.notAllowed("plan", "no planned sites or zones are recorded yet")
            }
            site.planCheck = PlanCheck(
                finding: plan.check(site), checkedBy: principal, checkedAtMilliseconds: milliseconds)
            try await Self.upsert(site, into: sql)
            return site
        }
    }

    /// Every site (for estimation and export), in operator and code order.
    public func all() async throws -> [BTSSite] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM sites ORDER BY operator, code").all().map(Self.site)
        }
    }

    /// Up to `limit` sites after the one at `position` (operator, code), in that order: an export
    /// reads the register a page at a time instead of holding it whole.
    public func sites(after position: (operator: String, code: String)?, limit: Int) async throws -> [BTSSite] {
        try await database.read { sql in
            let after: SQLQueryString =
                position.map { "WHERE (operator, code) > (\(bind: $0.operator), \(bind: $0.code))" } ?? ""
            return try await sql.raw("SELECT * FROM sites \(after) ORDER BY operator, code LIMIT \(bind: limit)").all()
                .map(Self.site)
        }
    }

    // MARK: The plan

    public func plan() async throws -> InfrastructurePlan {
        try await database.read { sql in try await Self.plan(from: sql) }
    }

    /// Saves a planned site under the plan's rules, read in the same transaction so that two
    /// admins saving at once cannot pass a bound together.
    public func save(_ planned: InfrastructurePlan.PlannedSite) async throws {
        try await database.write { sql in
            var plan = try await Self.plan(from: sql)
            try plan.save(planned, within: planLimits)
            AuditLog.touch("planned-site:\(planned.code)")
            try await sql.raw("DELETE FROM planned_sites WHERE code = \(bind: planned.code)").run()
            try await sql.insert(into: "planned_sites")
                .columns("code", "latitude", "longitude", "radius_m", "allowed_json")
                .values(
                    SQLBind(planned.code), SQLBind(planned.position.latitude), SQLBind(planned.position.longitude),
                    SQLBind(planned.radiusMetres),
                    SQLBind(try SortedJSON.text(planned.allowedMastClasses.map(\.rawValue).sorted()))
                ).run()
        }
    }

    public func save(_ zone: InfrastructurePlan.Zone) async throws {
        try await database.write { sql in
            var plan = try await Self.plan(from: sql)
            try plan.save(zone, within: planLimits)
            AuditLog.touch("plan-zone:\(zone.code)")
            try await sql.raw("DELETE FROM plan_zones WHERE code = \(bind: zone.code)").run()
            try await sql.insert(into: "plan_zones").columns("code", "vertices_json", "allowed_json")
                .values(
                    SQLBind(zone.code),
                    SQLBind(try SortedJSON.text(zone.area.vertices.map { [$0.latitude, $0.longitude] })),
                    SQLBind(try SortedJSON.text(zone.allowedMastClasses.map(\.rawValue).sorted()))
                ).run()
        }
    }

    // MARK: Import

    /// What storing a batch of imported sites did.
    public struct BatchOutcome: Sendable, Hashable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
    }

    /// Stores imported sites in one transaction: new ones added, changed ones replaced (an
    /// operator's list is its current word), identical ones left alone, so a re-run adds nothing.
    public func importBatch(_ sites: [BTSSite], dryRun: Bool) async throws -> BatchOutcome {
        let body: (any SQLDatabase) async throws -> BatchOutcome = { sql in
            var outcome = BatchOutcome()
            for site in sites {
                var incoming = site
                if let existing = try await Self.load(site.operatorCode, site.code, from: sql) {
                    incoming.planCheck = existing.planCheck
                    if existing == incoming {
                        outcome.unchanged += 1
                        continue
                    }
                    outcome.updated += 1
                } else {
                    outcome.added += 1
                }
                if !dryRun { try await Self.upsert(incoming, into: sql) }
            }
            return outcome
        }
        return dryRun ? try await database.read(body) : try await database.write(body)
    }

    // MARK: SQL

    static func upsert(_ site: BTSSite, into sql: any SQLDatabase) async throws {
        AuditLog.touch("site:\(site.operatorCode)/\(site.code)")
        try await sql.raw("DELETE FROM sites WHERE operator = \(bind: site.operatorCode) AND code = \(bind: site.code)")
            .run()
        let technologies = Dictionary(
            uniqueKeysWithValues: site.technologies.map { ($0.key.rawValue, $0.value?.description ?? "") })
        try await sql.insert(into: "sites")
            .columns(
                "operator", "code", "unit_code", "address", "latitude", "longitude", "technologies_json", "mast_class",
                "mast_height_m", "tenants_json", "status", "plan_check_json", "search_key", "switched_off_json",
                "decommissioned_on"
            )
            .values(
                SQLBind(site.operatorCode), SQLBind(site.code), SQLBind(site.unitCode), SQLBind(site.address),
                SQLBind(site.position.latitude), SQLBind(site.position.longitude),
                SQLBind(try SortedJSON.text(technologies)),
                SQLBind(site.mastClass.rawValue), SQLBind(site.mastHeightMetres),
                SQLBind(try SortedJSON.text(site.tenants)),
                SQLBind(site.status.rawValue),
                SQLBind(try site.planCheck.map { try SortedJSON.text(StoredPlanCheck($0)) }),
                SQLBind(SearchText.key(site.code + " " + site.address)),
                SQLBind(
                    try SortedJSON.text(
                        Dictionary(
                            uniqueKeysWithValues: site.switchedOff.map { ($0.key.rawValue, $0.value.description) }))),
                SQLBind(site.decommissionedOn?.description)
            ).run()
    }

    static func load(_ operatorCode: String, _ code: String, from sql: any SQLDatabase) async throws -> BTSSite? {
        try await sql.raw("SELECT * FROM sites WHERE operator = \(bind: operatorCode) AND code = \(bind: code)")
            .first().map(site)
    }

    static func site(_ row: any SQLRow) throws -> BTSSite {
        let code = try row.decode(column: "code", as: String.self)
        let technologies = try SortedJSON.decode(
            [String: String].self, try row.decode(column: "technologies_json", as: String.self))
        var decoded: [Technology: CalendarDate?] = [:]
        for (name, date) in technologies {
            guard let technology = Technology(rawValue: name) else {
                throw StoredDataError("site \(code) technology \(name)")
            }
            decoded[technology] = date.isEmpty ? .some(nil) : .some(CalendarDate(iso: date))
        }
        guard
            let position = try row.position(),
            let mast = BTSSite.MastClass(rawValue: try row.decode(column: "mast_class", as: String.self)),
            let status = BTSSite.Status(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoredDataError("site \(code)") }
        var site = BTSSite(
            code: code, operatorCode: try row.decode(column: "operator", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: String.self),
            address: try row.decode(column: "address", as: String.self), position: position, technologies: decoded,
            mastClass: mast, mastHeightMetres: try row.decode(column: "mast_height_m", as: Double.self),
            tenants: try SortedJSON.decode([String].self, try row.decode(column: "tenants_json", as: String.self)),
            status: status)
        if let check = try row.decode(column: "plan_check_json", as: String?.self) {
            site.planCheck = try SortedJSON.decode(StoredPlanCheck.self, check).planCheck
        }
        for (name, date) in try SortedJSON.decode(
            [String: String].self, try row.decode(column: "switched_off_json", as: String.self))
        {
            guard let technology = Technology(rawValue: name), let day = CalendarDate(iso: date) else {
                throw StoredDataError("site \(code) switched off \(name)")
            }
            site.switchedOff[technology] = day
        }
        if let text = try row.decode(column: "decommissioned_on", as: String?.self) {
            guard let day = CalendarDate(iso: text) else { throw StoredDataError("site \(code) decommissioned_on") }
            site.decommissionedOn = day
        }
        return site
    }

    static func plan(from sql: any SQLDatabase) async throws -> InfrastructurePlan {
        func classes(_ text: String) throws -> Set<BTSSite.MastClass> {
            Set(try SortedJSON.decode([String].self, text).compactMap(BTSSite.MastClass.init(rawValue:)))
        }
        var plan = InfrastructurePlan()
        for row in try await sql.raw("SELECT * FROM planned_sites ORDER BY code").all() {
            let code = try row.decode(column: "code", as: String.self)
            guard
                let position = try row.position()
            else { throw StoredDataError("planned site \(code)") }
            plan.sites.append(
                .init(
                    code: code, position: position, radiusMetres: try row.decode(column: "radius_m", as: Double.self),
                    allowedMastClasses: try classes(try row.decode(column: "allowed_json", as: String.self))))
        }
        for row in try await sql.raw("SELECT * FROM plan_zones ORDER BY code").all() {
            let code = try row.decode(column: "code", as: String.self)
            guard let vertices = StoredOutline.vertices(try row.decode(column: "vertices_json", as: String.self)),
                let area = GeoPolygon(vertices)
            else { throw StoredDataError("plan zone \(code)") }
            plan.zones.append(
                .init(
                    code: code, area: area,
                    allowedMastClasses: try classes(try row.decode(column: "allowed_json", as: String.self))))
        }
        return plan
    }
}

/// A plan check as its row keeps it.
struct StoredPlanCheck: Codable {
    var outcome: String
    var matchedPlanCode: String
    var nearestPlannedSite: String
    var nearestDistanceMetres: Double?
    var checkedBy: String
    var checkedAtMilliseconds: Int64

    init(_ check: PlanCheck) {
        outcome = check.finding.outcome.rawValue
        matchedPlanCode = check.finding.matchedPlanCode
        nearestPlannedSite = check.finding.nearestPlannedSite
        nearestDistanceMetres = check.finding.nearestDistanceMetres
        checkedBy = check.checkedBy
        checkedAtMilliseconds = check.checkedAtMilliseconds
    }

    var planCheck: PlanCheck? {
        guard let outcome = PlanCheck.Outcome(rawValue: outcome) else { return nil }
        return PlanCheck(
            finding: .init(
                outcome: outcome, matchedPlanCode: matchedPlanCode, nearestPlannedSite: nearestPlannedSite,
                nearestDistanceMetres: nearestDistanceMetres),
            checkedBy: checkedBy, checkedAtMilliseconds: checkedAtMilliseconds)
    }
}
