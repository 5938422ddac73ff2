import AdminUnits
import CalendarDates
import LicensingDomain
import SQLKit
import ServiceStorage

/// Holders' obligations: derived from the licences in force (see ``Obligation/owed(by:id:year:rules:)``),
/// with the fulfilments officers record.
public struct ObligationStore: Sendable {
    let database: Database
    let rules: LicenceRules

    public init(database: Database, rules: LicenceRules) {
        self.database = database
        self.rules = rules
    }

    /// How many licences one read brings in when the obligations of a year are worked out.
    static let licencesPerRead = 512

    /// Every obligation for `year`, in due-date then licence-number order.
    public func obligations(for year: Int) async throws -> [Obligation] {
        guard (1990...9998).contains(year) else { throw LicensingError.invalid("year", "1990 to 9998") }
        return try await database.read { sql in
            let heads = try await sql.raw(
                """
                SELECT id, kind, number, holder_id FROM licences
                WHERE kind = 'website' AND issued_on <= \(bind: "\(year)-12-31")
                ORDER BY number, id
                """
            ).all()
            var fulfilled: [String: CalendarDate] = [:]
            for row in try await sql.raw(
                "SELECT licence_id, kind, fulfilled_on FROM obligation_fulfilments WHERE year = \(bind: year)"
            ).all() {
                let key =
                    try row.decode(column: "licence_id", as: String.self) + "|"
                    + (try row.decode(column: "kind", as: String.self))
                fulfilled[key] = CalendarDate(iso: try row.decode(column: "fulfilled_on", as: String.self))
            }
            // A few hundred licences a read, and of each version only what the rule reads: a read
            // per licence, then whole licences with their content, cost a register of 20,000
            // websites 1,050 and then 300 ms of CPU a call.
            var result: [Obligation] = []
            for chunk in heads.chunked(Self.licencesPerRead) {
                for (id, subject) in try await Self.subjects(of: Array(chunk), from: sql) {
                    for var obligation in Obligation.owed(by: subject, id: id, year: year, rules: rules) {
                        obligation.fulfilledOn = fulfilled[id + "|" + obligation.kind.rawValue]
                        result.append(obligation)
                    }
                }
            }
            return result
        }
    }

    /// Licence `licenceID`'s obligation of `kind` for `year`, with its fulfilment; nil when the
    /// licence does not owe it (or is not kept).
    public func obligation(licenceID: String, kind: Obligation.Kind, year: Int) async throws -> Obligation? {
        guard (1990...9998).contains(year) else { throw LicensingError.invalid("year", "1990 to 9998") }
        return try await database.read { sql in
            guard let subject = try await Self.subject(of: licenceID, from: sql),
                var obligation = Obligation.owed(by: subject, id: licenceID, year: year, rules: rules)
                    .first(where: { $0.kind == kind })
            else { return nil }
            if let row = try await sql.raw(
                """
                SELECT fulfilled_on FROM obligation_fulfilments
                WHERE licence_id = \(bind: licenceID) AND kind = \(bind: kind.rawValue) AND year = \(bind: year)
                """
            ).first() {
                obligation.fulfilledOn = CalendarDate(iso: try row.decode(column: "fulfilled_on", as: String.self))
            }
            return obligation
        }
    }

    /// Licence `id` as the obligations rule reads it, or nil when it is not kept.
    static func subject(of id: String, from sql: any SQLDatabase) async throws -> Obligation.Subject? {
        try await subjects(
            of: sql.raw("SELECT id, kind, number, holder_id FROM licences WHERE id = \(bind: id)").all(), from: sql
        ).first?.subject
    }

    /// The licences of `rows` (`id`, `kind`, `number`, `holder_id` of `licences`) as the
    /// obligations rule reads them, in the rows' order: their versions' terms in one statement.
    static func subjects(
        of rows: [any SQLRow], from sql: any SQLDatabase
    ) async throws -> [(id: String, subject: Obligation.Subject)] {
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        let terms = ids.isEmpty ? [:] : try await Self.terms(of: ids, from: sql)
        return try zip(ids, rows).map { id, row in
            guard let kind = LicenceKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
                throw StoredDataError("licence \(id) does not read")
            }
            let subject = Obligation.Subject(
                kind: kind, number: try row.decode(column: "number", as: String.self),
                holderID: try row.decode(column: "holder_id", as: String.self), terms: terms[id] ?? [])
            return (id, subject)
        }
    }

    /// The date, status and term of each version of the licences `ids`, in version order.
    static func terms(
        of ids: [String], from sql: any SQLDatabase
    ) async throws -> [String: [Obligation.Subject.Term]] {
        var terms: [String: [Obligation.Subject.Term]] = [:]
        for row in try await sql.select().columns("licence_id", "effective_on", "status", "valid_until")
            .from("licence_versions").where("licence_id", .in, BindList.padded(ids))
            .orderBy("licence_id").orderBy("number").all()
        {
            let id = try row.decode(column: "licence_id", as: String.self)
            let validUntil = try row.decode(column: "valid_until", as: String?.self)
            guard
                let effectiveOn = CalendarDate(iso: try row.decode(column: "effective_on", as: String.self)),
                let status = LicenceStatus(rawValue: try row.decode(column: "status", as: String.self))
            else { throw StoredDataError("licence \(id) has a version that does not read") }
            let term = Obligation.Subject.Term(
                effectiveOn: effectiveOn, status: status,
                validUntil: try validUntil.map { text in
                    guard let day = CalendarDate(iso: text) else { throw StoredDataError("valid_until '\(text)'") }
                    return day
                })
            terms[id, default: []].append(term)
        }
        return terms
    }

    /// Records an obligation met, once per request id (a retry reads it back); refuses one the
    /// licence does not owe, or one already met under another request.
    public func fulfil(
        licenceID: String, kind: Obligation.Kind, year: Int, on date: CalendarDate, requestID: String
    ) async throws -> Obligation {
        _ = try await database.idempotentWrite(requestID: requestID, method: "FulfilObligation") { sql in
            guard let subject = try await Self.subject(of: licenceID, from: sql) else {
                throw LicensingError.invalid("licence_id", "no licence '\(licenceID)'")
            }
            guard
                var obligation = Obligation.owed(by: subject, id: licenceID, year: year, rules: rules)
                    .first(where: { $0.kind == kind })
            else {
                throw LicensingError.notAllowed(
                    "kind", "licence \(subject.number) owes no \(kind.rawValue) for \(year)")
            }
            if let row = try await sql.raw(
                """
                SELECT fulfilled_on FROM obligation_fulfilments
                WHERE licence_id = \(bind: licenceID) AND kind = \(bind: kind.rawValue) AND year = \(bind: year)
                """
            ).first() {
                throw LicensingError.notAllowed(
                    "kind", "already fulfilled on \(try row.decode(column: "fulfilled_on", as: String.self))")
            }
            guard let yearEnd = CalendarDate(year: year, month: 12, day: 31), date > yearEnd else {
                throw LicensingError.invalid("fulfilled_on", "a report on \(year) comes after the year ends")
            }
            AuditLog.touch("licence:\(licenceID)")
            try await sql.insert(into: "obligation_fulfilments").columns("licence_id", "kind", "year", "fulfilled_on")
                .values(SQLBind(licenceID), SQLBind(kind.rawValue), SQLBind(year), SQLBind(date.description)).run()
            obligation.fulfilledOn = date
            return licenceID
        }
        // Read back on its own: a retry's answer is the obligation as it stands, and working out
        // the whole year's to find one cost a register of 20,000 websites 300 ms a fulfilment.
        guard let obligation = try await obligation(licenceID: licenceID, kind: kind, year: year) else {
            throw StoredDataError("obligation of licence \(licenceID) vanished")
        }
        return obligation
    }
}
