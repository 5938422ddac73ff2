import AdminUnits
import CalendarDates
import CommonAPI
import Foundation
import LicensingDomain
import SQLKit
import ServiceStorage

/// Inspections and sanction decisions. A sanction that suspends a licence is recorded in the same
/// transaction as the licence's suspension event: both, or neither.
public struct EnforcementStore: Sendable {
    public struct Filter: Sendable, Hashable {
        public var query = ""
        public var subjectID = ""
        public var licenceID = ""
        public var payment: Sanction.Payment?
        public var from: CalendarDate?
        public var through: CalendarDate?

        public init() {}
    }

    let database: Database
    let rules: LicenceRules

    public init(database: Database, rules: LicenceRules) {
        self.database = database
        self.rules = rules
    }

    /// One kind of licence's inspections and sanctions in a period (kind nil: no licence concerned).
    public struct Tally: Sendable, Hashable {
        public var kind: LicenceKind?
        public var inspections = 0
        public var sanctions = 0
        public var finesVND: Int64 = 0
        public var suspensions = 0
    }

    /// Inspections by inspection date and sanctions by decision date, both ends included, by the kind
    /// of the licence concerned.
    public func tallies(from: CalendarDate, through: CalendarDate) async throws -> [Tally] {
        try await database.read { sql in
            var byKind: [String: Tally] = [:]
            for row in try await sql.raw(
                """
                SELECT COALESCE(l.kind, '') AS kind, COUNT(*) AS n FROM inspections i
                LEFT JOIN licences l ON l.id = i.licence_id
                WHERE i.inspected_on >= \(bind: from.description) AND i.inspected_on <= \(bind: through.description)
                GROUP BY COALESCE(l.kind, '')
                """
            ).all() {
                let kind = try row.decode(column: "kind", as: String.self)
                byKind[kind, default: Tally(kind: LicenceKind(rawValue: kind))].inspections =
                    try row.decode(column: "n", as: Int.self)
            }
            for row in try await sql.raw(
                """
                SELECT COALESCE(l.kind, '') AS kind, COUNT(*) AS n, CAST(COALESCE(SUM(s.fine_vnd), 0) AS BIGINT) AS fines,
                    CAST(COALESCE(SUM(s.suspends_licence), 0) AS BIGINT) AS suspensions
                FROM sanctions s LEFT JOIN licences l ON l.id = s.licence_id
                WHERE s.decided_on >= \(bind: from.description) AND s.decided_on <= \(bind: through.description)
                GROUP BY COALESCE(l.kind, '')
                """
            ).all() {
                let kind = try row.decode(column: "kind", as: String.self)
                var tally = byKind[kind] ?? Tally(kind: LicenceKind(rawValue: kind))
                tally.sanctions = try row.decode(column: "n", as: Int.self)
                tally.finesVND = try row.decode(column: "fines", as: Int64.self)
                tally.suspensions = try row.decode(column: "suspensions", as: Int.self)
                byKind[kind] = tally
            }
            return byKind.sorted { $0.key < $1.key }.map(\.value)
        }
    }

    // MARK: Inspections

    public func record(_ inspection: Inspection, requestID: String) async throws -> (id: String, Inspection) {
        try inspection.validate()
        let id = LicensingID.make("ins")
        let made = try await database.idempotentWrite(requestID: requestID, method: "RecordInspection") { sql in
            try await Self.checkReferences(subject: inspection.subjectID, licence: inspection.licenceID, in: sql)
            AuditLog.touch("inspection:\(id)")
            let i = inspection
            try await sql.insert(into: "inspections")
                .columns(
                    "id", "plan", "decision_number", "team", "subject_id", "licence_id", "inspected_on", "findings",
                    "search_key"
                )
                .values(
                    SQLBind(id), SQLBind(i.plan), SQLBind(i.decisionNumber), SQLBind(i.team), SQLBind(i.subjectID),
                    SQLBind(i.licenceID), SQLBind(i.inspectedOn.description), SQLBind(i.findings),
                    SQLBind(SearchText.key([i.plan, i.decisionNumber, i.team, i.findings].joined(separator: " ")))
                ).run()
            return id
        }
        guard let stored = try await self.inspection(made) else {
            throw StoredDataError("inspection \(made)")
        }
        return (made, stored)
    }

    public func inspection(_ id: String) async throws -> Inspection? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM inspections WHERE id = \(bind: id)").first().map(Self.inspection)
        }
    }

    public func inspections(_ filter: Filter, window: PageWindow) async throws -> ([(String, Inspection)], Int) {
        try await database.read { sql in
            let (rows, total) = try await sql.page(
                select: "*", from: "inspections", filter: Self.whereClause(filter, date: "inspected_on"),
                order: "inspected_on DESC, id", limit: window.limit, offset: window.offset)
            return (try rows.map { (try $0.decode(column: "id", as: String.self), try Self.inspection($0)) }, total)
        }
    }

    // MARK: Sanctions

    public func record(_ sanction: Sanction, requestID: String) async throws -> (id: String, Sanction) {
        try sanction.validate(rules: rules)
        let id = LicensingID.make("san")
        let made = try await database.idempotentWrite(requestID: requestID, method: "RecordSanction") { sql in
            try await Self.checkReferences(subject: sanction.subjectID, licence: sanction.licenceID, in: sql)
            if !sanction.inspectionID.isEmpty,
                try await sql.raw("SELECT id FROM inspections WHERE id = \(bind: sanction.inspectionID)").first()
                    == nil
            {
                throw LicensingError.invalid("inspection_id", "no inspection '\(sanction.inspectionID)'")
            }
            if sanction.suspendsLicence {
                try await suspend(sanction, in: sql)
            }
            AuditLog.touch("sanction:\(id)")
            try await Self.insert(sanction, id: id, into: sql)
            return id
        }
        guard let stored = try await self.sanction(made) else { throw StoredDataError("sanction \(made)") }
        return (made, stored)
    }

    /// The licence's suspension event, under the licence rules (a second suspension revokes).
    private func suspend(_ sanction: Sanction, in sql: any SQLDatabase) async throws {
        guard var licence = try await LicenceStore.load(sanction.licenceID, from: sql) else {
            throw LicensingError.invalid("licence_id", "no licence '\(sanction.licenceID)'")
        }
        guard licence.holderID == sanction.subjectID else {
            throw LicensingError.invalid(
                "licence_id", "licence \(licence.number) is held by \(licence.holderID), not \(sanction.subjectID)")
        }
        let known = licence.versions.count
        licence.catchUp(to: sanction.decidedOn, rules: rules)
        do {
            try licence.apply(
                LicenceChange(
                    .suspend, on: sanction.decidedOn, decision: sanction.decisionNumber,
                    reason: "sanction: \(sanction.violatedProvision)"),
                rules: rules)
        } catch {
            // The sanction's fields, not the licence change's, are what the caller sent.
            throw LicensingError(kind: error.kind, field: "suspends_licence", rule: error.rule)
        }
        AuditLog.touch("licence:\(sanction.licenceID)")
        try await LicenceStore.save(licence, id: sanction.licenceID, newVersionsFrom: known, into: sql)
    }

    /// Records a fine paid or exempted, once per request id (a retry reads the sanction back).
    public func settle(
        _ id: String, _ payment: Sanction.Payment, on date: CalendarDate, requestID: String
    ) async throws -> Sanction {
        _ = try await database.idempotentWrite(requestID: requestID, method: "SettleSanction") { sql in
            guard
                var sanction = try await sql.raw("SELECT * FROM sanctions WHERE id = \(bind: id)").first().map(
                    Self.sanction)
            else { throw LicensingError.invalid("sanction_id", "no sanction '\(id)'") }
            try sanction.settle(payment, on: date)
            AuditLog.touch("sanction:\(id)")
            try await sql.update("sanctions").set("payment", to: payment.rawValue)
                .set("settled_on", to: date.description).where("id", .equal, id).run()
            return id
        }
        guard let sanction = try await self.sanction(id) else { throw StoredDataError("sanction \(id) vanished") }
        return sanction
    }

    public func sanction(_ id: String) async throws -> Sanction? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM sanctions WHERE id = \(bind: id)").first().map(Self.sanction)
        }
    }

    public func sanctions(_ filter: Filter, window: PageWindow) async throws -> ([(String, Sanction)], Int) {
        try await database.read { sql in
            let (rows, total) = try await sql.page(
                select: "*", from: "sanctions", filter: Self.whereClause(filter, date: "decided_on"),
                order: "decided_on DESC, id", limit: window.limit, offset: window.offset)
            return (try rows.map { (try $0.decode(column: "id", as: String.self), try Self.sanction($0)) }, total)
        }
    }

    // MARK: SQL

    static func checkReferences(subject: String, licence: String, in sql: any SQLDatabase) async throws {
        guard try await OrganisationStore.exists(subject, in: sql) else {
            throw LicensingError.invalid("subject_id", "no organisation '\(subject)'")
        }
        if !licence.isEmpty, try await sql.raw("SELECT id FROM licences WHERE id = \(bind: licence)").first() == nil {
            throw LicensingError.invalid("licence_id", "no licence '\(licence)'")
        }
    }

    static func whereClause(_ filter: Filter, date column: String) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if !filter.query.isEmpty {
            conditions.append("search_key LIKE \(bind: SearchText.containsPattern(filter.query)) ESCAPE '\\'")
        }
        if !filter.subjectID.isEmpty { conditions.append("subject_id = \(bind: filter.subjectID)") }
        if !filter.licenceID.isEmpty { conditions.append("licence_id = \(bind: filter.licenceID)") }
        if let payment = filter.payment { conditions.append("payment = \(bind: payment.rawValue)") }
        if let from = filter.from { conditions.append("\(ident: column) >= \(bind: from.description)") }
        if let through = filter.through { conditions.append("\(ident: column) <= \(bind: through.description)") }
        return .whereClause(conditions)
    }

    static func insert(_ s: Sanction, id: String, into sql: any SQLDatabase) async throws {
        func json(_ list: [String]) throws -> String {
            try SortedJSON.text(list)
        }
        let searchText = [s.decisionNumber, s.violatedProvision] + s.extraPenalties + s.remedialMeasures
        try await sql.insert(into: "sanctions")
            .columns(
                "id", "decision_number", "decided_on", "subject_id", "licence_id", "inspection_id",
                "violated_provision", "fine_vnd", "extra_penalties_json", "suspends_licence", "remedial_measures_json",
                "payment", "settled_on", "search_key"
            )
            .values(
                SQLBind(id), SQLBind(s.decisionNumber), SQLBind(s.decidedOn.description), SQLBind(s.subjectID),
                SQLBind(s.licenceID), SQLBind(s.inspectionID), SQLBind(s.violatedProvision), SQLBind(s.fineVND),
                SQLBind(try json(s.extraPenalties)), SQLBind(s.suspendsLicence ? 1 : 0),
                SQLBind(try json(s.remedialMeasures)), SQLBind(s.payment.rawValue),
                SQLBind(s.settledOn?.description), SQLBind(SearchText.key(searchText.joined(separator: " ")))
            ).run()
    }

    static func date(_ row: any SQLRow, _ column: String) throws -> CalendarDate? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        guard let date = CalendarDate(iso: text) else { throw StoredDataError("\(column) '\(text)'") }
        return date
    }

    static func inspection(_ row: any SQLRow) throws -> Inspection {
        guard let on = try date(row, "inspected_on") else { throw StoredDataError("inspection without a date") }
        return Inspection(
            plan: try row.decode(column: "plan", as: String.self),
            decisionNumber: try row.decode(column: "decision_number", as: String.self),
            team: try row.decode(column: "team", as: String.self),
            subjectID: try row.decode(column: "subject_id", as: String.self),
            licenceID: try row.decode(column: "licence_id", as: String.self), inspectedOn: on,
            findings: try row.decode(column: "findings", as: String.self))
    }

    static func sanction(_ row: any SQLRow) throws -> Sanction {
        func list(_ column: String) throws -> [String] {
            try SortedJSON.decode([String].self, try row.decode(column: column, as: String.self))
        }
        guard let decidedOn = try date(row, "decided_on"),
            let payment = Sanction.Payment(rawValue: try row.decode(column: "payment", as: String.self))
        else { throw StoredDataError("a sanction does not read") }
        var sanction = Sanction(
            decisionNumber: try row.decode(column: "decision_number", as: String.self), decidedOn: decidedOn,
            subjectID: try row.decode(column: "subject_id", as: String.self),
            licenceID: try row.decode(column: "licence_id", as: String.self),
            inspectionID: try row.decode(column: "inspection_id", as: String.self),
            violatedProvision: try row.decode(column: "violated_provision", as: String.self),
            fineVND: try row.decode(column: "fine_vnd", as: Int64.self),
            extraPenalties: try list("extra_penalties_json"),
            suspendsLicence: try row.decode(column: "suspends_licence", as: Int.self) != 0,
            remedialMeasures: try list("remedial_measures_json"))
        sanction.restore(payment: payment, settledOn: try date(row, "settled_on"))
        return sanction
    }
}
