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

    /// Which obligations a list reads.
    public struct Filter: Sendable, Hashable {
        public var year: Int
        /// Only those not yet fulfilled.
        public var outstandingOnly = false

        public init(year: Int) { self.year = year }
    }

    /// A page of the obligations of a year, in licence-number order, and how many there are.
    ///
    /// Which licences owe is asked of SQL in the words of ``Obligation/owed(by:id:year:rules:)``
    /// (a website licence issued by the year's last day whose version standing on that day, the
    /// last to take effect by then, is not final and runs to it), so only the page's licences
    /// are read and judged by the rule itself. Worked out whole for every page instead, a
    /// register of 20,000 websites cost 150-250 ms of CPU a page. Tests hold the two to the same
    /// answer, year by year; the SQL says the rule of the one kind of obligation there is.
    public func obligations(
        _ filter: Filter, limit: Int, offset: Int
    ) async throws -> (page: [Obligation], total: Int) {
        let year = filter.year
        guard (1990...9998).contains(year), let yearEnd = CalendarDate(year: year, month: 12, day: 31) else {
            throw LicensingError.invalid("year", "1990 to 9998")
        }
        let end = yearEnd.description
        let kind = Obligation.Kind.websiteAnnualReport.rawValue
        let final: [any Encodable & Sendable] = LicenceStatus.allCases.filter(\.isFinal).map(\.rawValue)
        var conditions: [SQLQueryString] = [
            // `issued_on` is the first version's date (`Licence.issuedOn`), kept as it was issued.
            "l.kind = \(bind: LicenceKind.website.rawValue)", "l.issued_on <= \(bind: end)",
            // The version standing on the year's last day, read alone: walked from the newest,
            // the first to take effect by then (a MAX of the numbers, then that version looked
            // up, read each licence's versions twice: 96 against 61 ms for 20,000 websites).
            """
            (SELECT standing.status NOT IN (\(binds: final))
                    AND (standing.valid_until IS NULL OR standing.valid_until >= \(bind: end))
                FROM licence_versions standing
                WHERE standing.licence_id = l.id AND standing.effective_on <= \(bind: end)
                ORDER BY standing.number DESC LIMIT 1)
            """,
        ]
        if filter.outstandingOnly {
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM obligation_fulfilments f
                    WHERE f.licence_id = l.id AND f.kind = \(bind: kind) AND f.year = \(bind: year))
                """)
        }
        return try await database.read { sql in
            let (rows, total) = try await sql.page(
                select: "l.id AS id, l.kind AS kind, l.number AS number, l.holder_id AS holder_id", from: "licences l",
                filter: .whereClause(conditions), order: "number, id", limit: limit, offset: offset)
            let ids: [any Encodable & Sendable] = BindList.padded(
                try rows.map { try $0.decode(column: "id", as: String.self) })
            var fulfilled: [String: CalendarDate] = [:]
            if !ids.isEmpty {
                for row in try await sql.raw(
                    """
                    SELECT licence_id, fulfilled_on FROM obligation_fulfilments
                    WHERE year = \(bind: year) AND kind = \(bind: kind) AND licence_id IN (\(binds: ids))
                    """
                ).all() {
                    fulfilled[try row.decode(column: "licence_id", as: String.self)] = CalendarDate(
                        iso: try row.decode(column: "fulfilled_on", as: String.self))
                }
            }
            var page: [Obligation] = []
            for (id, subject) in try await Self.subjects(of: rows, from: sql) {
                for var obligation in Obligation.owed(by: subject, id: id, year: year, rules: rules) {
                    obligation.fulfilledOn = fulfilled[id]
                    page.append(obligation)
                }
            }
            return (page, total)
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
