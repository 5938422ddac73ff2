import AdminUnits
import CalendarDates
import CommonAPI
import LicensingDomain
import SQLKit
import ServiceStorage

/// Dossiers and their steps. The head row keeps what lists filter on (status, dates); the steps
/// are the history, replayed through ``Dossier/move(to:on:note:resultLicence:)`` on reading, so a
/// stored dossier always passed the same checks a new one does.
///
/// An open dossier's row also keeps its due date (`due_on`), worked out by ``DossierClock`` when
/// the dossier is written and again when the holidays change, so that the overdue ones are found
/// and paged by the database: lateness stays derived (due before the day asked about), only the
/// date it is derived from is kept. NULL while the clock is stopped and once the dossier is closed.
public struct DossierStore: Sendable {
    public struct Filter: Sendable, Hashable {
        public var query = ""
        public var status: DossierStatus?
        public var procedureCode = ""
        public var channel: Dossier.Channel?
        public var receivedFrom: CalendarDate?
        public var receivedThrough: CalendarDate?
        /// Only the dossiers whose stored due date is before this day (the overdue list).
        var dueBefore: CalendarDate?

        public init() {}
    }

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Records a dossier received by the one-stop office, with the procedure's time as it is today.
    public func receive(
        requestID: String, procedureCode: String, _ make: (Procedure) throws(LicensingError) -> Dossier
    ) async throws -> Dossier {
        guard let procedure = try await ProcedureStore(database: database).procedure(procedureCode) else {
            throw LicensingError.invalid("procedure_code", "no procedure '\(procedureCode)'")
        }
        let dossier = try make(procedure)
        let made = try await database.idempotentWrite(requestID: requestID, method: "ReceiveDossier") { sql in
            let calendar = try await ProcedureStore.calendar(from: sql)
            guard try await OrganisationStore.exists(dossier.applicantID, in: sql) else {
                throw LicensingError.invalid("applicant_id", "no organisation '\(dossier.applicantID)'")
            }
            if try await Self.load(dossier.code, from: sql) != nil {
                throw LicensingError.notAllowed("code", "dossier \(dossier.code) is already recorded")
            }
            AuditLog.touch("dossier:\(dossier.code)")
            let p = dossier.procedure
            try await sql.insert(into: "dossiers")
                .columns(
                    "code", "procedure_code", "procedure_name", "kind", "action", "processing_days", "day_count",
                    "applicant_id", "channel", "online_type", "received_on", "fee_vnd", "paid_online", "status",
                    "decided_on", "result_licence", "search_key", "due_on"
                )
                .values(
                    SQLBind(dossier.code), SQLBind(p.code), SQLBind(p.name), SQLBind(p.kind.rawValue),
                    SQLBind(p.action.rawValue), SQLBind(p.processingDays), SQLBind(p.dayCount.rawValue),
                    SQLBind(dossier.applicantID), SQLBind(dossier.channel.rawValue),
                    SQLBind(dossier.onlineType.rawValue), SQLBind(dossier.receivedOn.description),
                    SQLBind(dossier.feeVND), SQLBind(dossier.paidOnline ? 1 : 0), SQLBind(dossier.status.rawValue),
                    SQLBind(String?.none), SQLBind(String?.none), SQLBind(SearchText.key(dossier.code)),
                    SQLBind(Self.dueOn(dossier, calendar))
                ).run()
            try await Self.insertSteps(dossier.steps[...], from: 0, of: dossier.code, into: sql)
            return dossier.code
        }
        return try await stored(made)
    }

    /// Moves a dossier on under the rules of ``DossierStatus``; once per request id.
    public func move(
        _ code: String, to status: DossierStatus, on date: CalendarDate, note: String, resultLicence: String?,
        requestID: String
    ) async throws -> Dossier {
        let moved = try await database.idempotentWrite(requestID: requestID, method: "MoveDossier") { sql in
            guard var dossier = try await Self.load(code, from: sql) else {
                throw LicensingError.invalid("code", "no dossier '\(code)'")
            }
            let known = dossier.steps.count
            try dossier.move(to: status, on: date, note: note, resultLicence: resultLicence)
            AuditLog.touch("dossier:\(code)")
            try await Self.insertSteps(dossier.steps[known...], from: known, of: code, into: sql)
            try await sql.update("dossiers")
                .set("status", to: dossier.status.rawValue)
                .set(SQLIdentifier("decided_on"), to: SQLBind(dossier.decidedOn?.description))
                .set(SQLIdentifier("result_licence"), to: SQLBind(dossier.resultLicence))
                .set(
                    SQLIdentifier("due_on"),
                    to: SQLBind(Self.dueOn(dossier, try await ProcedureStore.calendar(from: sql)))
                )
                .where("code", .equal, code).run()
            return code
        }
        return try await stored(moved)
    }

    public func get(_ code: String) async throws -> Dossier? {
        try await database.read { sql in try await Self.load(code, from: sql) }
    }

    private func stored(_ code: String) async throws -> Dossier {
        guard let dossier = try await get(code) else { throw StoredDataError("dossier \(code) vanished") }
        return dossier
    }

    /// One page of the dossiers matching `filter`, newest first.
    public func list(_ filter: Filter, window: PageWindow) async throws -> ([Dossier], total: Int) {
        try await database.read { sql in
            let (rows, total) = try await sql.page(
                select: "d.code AS code, d.received_on AS received_on",
                from: "dossiers d JOIN organisations o ON o.id = d.applicant_id",
                filter: Self.whereClause(filter), order: "received_on DESC, code", limit: window.limit,
                offset: window.offset)
            let codes = try rows.map { try $0.decode(column: "code", as: String.self) }
            return (try await Self.loadMany(codes, from: sql), total)
        }
    }

    /// One page of the open dossiers `filter` matches that were due before `today`, the most
    /// overdue first (then by code), how many there are, and the calendar they were judged by.
    /// Only the page's dossiers are read.
    public func overdue(
        matching filter: Filter, today: CalendarDate, window: PageWindow
    ) async throws -> ([Dossier], total: Int, WorkingCalendar) {
        var conditions = filter
        conditions.dueBefore = today
        return try await database.read { sql in
            let (rows, total) = try await sql.page(
                select: "d.code AS code, d.due_on AS due_on",
                from: "dossiers d JOIN organisations o ON o.id = d.applicant_id",
                filter: Self.whereClause(conditions, openOnly: true), order: "due_on, code", limit: window.limit,
                offset: window.offset)
            let codes = try rows.map { try $0.decode(column: "code", as: String.self) }
            return (try await Self.loadMany(codes, from: sql), total, try await ProcedureStore.calendar(from: sql))
        }
    }

    /// The dossiers a period's figures need: received by its end, and not closed before its start.
    public func forPeriod(
        from start: CalendarDate, through end: CalendarDate
    ) async throws -> ([Dossier], WorkingCalendar) {
        try await database.read { sql in
            let codes = try await sql.raw(
                """
                SELECT code FROM dossiers WHERE received_on <= \(bind: end.description)
                    AND (received_on >= \(bind: start.description) OR decided_on IS NULL
                        OR decided_on >= \(bind: start.description))
                """
            ).all().map { try $0.decode(column: "code", as: String.self) }
            return (try await Self.loadMany(codes, from: sql), try await ProcedureStore.calendar(from: sql))
        }
    }

    public func calendar() async throws -> WorkingCalendar {
        try await ProcedureStore(database: database).calendar()
    }

    // MARK: SQL

    static func whereClause(_ filter: Filter, openOnly: Bool = false) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if openOnly {
            conditions.append("d.status IN (\(binds: Self.openStatuses.map(\.rawValue)))")
        }
        if let before = filter.dueBefore {
            conditions.append("d.due_on IS NOT NULL AND d.due_on < \(bind: before.description)")
        }
        if !filter.query.isEmpty {
            let pattern = SearchText.containsPattern(filter.query)
            conditions.append(
                "(d.search_key LIKE \(bind: pattern) ESCAPE '\\' OR o.search_key LIKE \(bind: pattern) ESCAPE '\\')")
        }
        if let status = filter.status { conditions.append("d.status = \(bind: status.rawValue)") }
        if !filter.procedureCode.isEmpty { conditions.append("d.procedure_code = \(bind: filter.procedureCode)") }
        if let channel = filter.channel { conditions.append("d.channel = \(bind: channel.rawValue)") }
        if let from = filter.receivedFrom { conditions.append("d.received_on >= \(bind: from.description)") }
        if let through = filter.receivedThrough {
            conditions.append("d.received_on <= \(bind: through.description)")
        }
        return .whereClause(conditions)
    }

    /// The statuses in which a dossier waits for the department, and so can be overdue.
    static let openStatuses: [DossierStatus] = [.received, .inProcess, .supplementRequested]

    /// The due date a dossier's row keeps: the clock's, while the dossier is open and its clock runs.
    static func dueOn(_ dossier: Dossier, _ calendar: WorkingCalendar) -> String? {
        guard openStatuses.contains(dossier.status) else { return nil }
        return dossier.clock().dueDate(calendar)?.description
    }

    /// Works out again the due date of every open dossier, by the calendar as it is now in this
    /// transaction: for a change of the holidays (and the migration that added the column). Open
    /// dossiers are a department's current work, hundreds; read 1,000 at a time.
    static func refreshDueDates(in sql: any SQLDatabase) async throws {
        let calendar = try await ProcedureStore.calendar(from: sql)
        let codes = try await sql.raw(
            "SELECT code FROM dossiers WHERE status IN (\(binds: openStatuses.map(\.rawValue))) ORDER BY code"
        ).all().map { try $0.decode(column: "code", as: String.self) }
        for chunk in codes.chunked(1_000) {
            for dossier in try await loadMany(Array(chunk), from: sql) {
                try await sql.update("dossiers")
                    .set(SQLIdentifier("due_on"), to: SQLBind(dueOn(dossier, calendar)))
                    .where("code", .equal, dossier.code).run()
            }
        }
    }

    static func insertSteps(
        _ steps: ArraySlice<Dossier.Step>, from first: Int, of code: String, into sql: any SQLDatabase
    ) async throws {
        guard !steps.isEmpty else { return }
        let insert = sql.insert(into: "dossier_steps").columns("dossier_code", "seq", "on_date", "status", "note")
        for (offset, step) in steps.enumerated() {
            insert.values(
                SQLBind(code), SQLBind(first + offset), SQLBind(step.on.description), SQLBind(step.status.rawValue),
                SQLBind(step.note))
        }
        try await insert.run()
    }

    static func load(_ code: String, from sql: any SQLDatabase) async throws -> Dossier? {
        try await loadMany([code], from: sql).first
    }

    /// Dossiers by code, in the order given, in two queries however many: a quarter's figures read
    /// hundreds at once.
    static func loadMany(_ codes: [String], from sql: any SQLDatabase) async throws -> [Dossier] {
        guard codes.count <= 5_000 else {
            // Bound parameters per statement are limited (32,766 in SQLite); a year's dossiers may be more.
            var all: [Dossier] = []
            for chunk in codes.chunked(5_000) { all += try await loadMany(Array(chunk), from: sql) }
            return all
        }
        guard !codes.isEmpty else { return [] }
        var steps: [String: [(DossierStatus, CalendarDate, String)]] = [:]
        for row in try await sql.select().columns("dossier_code", "on_date", "status", "note").from("dossier_steps")
            .where("dossier_code", .in, BindList.padded(codes)).where("seq", .greaterThan, 0)
            .orderBy("dossier_code").orderBy("seq").all()
        {
            let code = try row.decode(column: "dossier_code", as: String.self)
            guard let status = DossierStatus(rawValue: try row.decode(column: "status", as: String.self)),
                let on = CalendarDate(iso: try row.decode(column: "on_date", as: String.self))
            else { throw StoredDataError("a step of dossier \(code)") }
            steps[code, default: []].append((status, on, try row.decode(column: "note", as: String.self)))
        }
        var byCode: [String: Dossier] = [:]
        for head in try await sql.select().column("*").from("dossiers").where("code", .in, BindList.padded(codes)).all()
        {
            func text(_ column: String) throws -> String { try head.decode(column: column, as: String.self) }
            let code = try text("code")
            guard let kind = LicenceKind(rawValue: try text("kind")),
                let action = LicenceAction(rawValue: try text("action")),
                let dayCount = Procedure.DayCount(rawValue: try text("day_count")),
                let channel = Dossier.Channel(rawValue: try text("channel")),
                let onlineType = Dossier.OnlineType(rawValue: try text("online_type")),
                let receivedOn = CalendarDate(iso: try text("received_on"))
            else { throw StoredDataError("dossier \(code)") }
            let procedure = Procedure(
                code: try text("procedure_code"), name: try text("procedure_name"), kind: kind, action: action,
                processingDays: try head.decode(column: "processing_days", as: Int.self), dayCount: dayCount)
            var dossier = try Dossier(
                code: code, procedure: procedure, applicantID: try text("applicant_id"), channel: channel,
                onlineType: onlineType, receivedOn: receivedOn,
                feeVND: try head.decode(column: "fee_vnd", as: Int64.self),
                paidOnline: try head.decode(column: "paid_online", as: Int.self) != 0)
            let result = try head.decode(column: "result_licence", as: String?.self)
            // Replayed through the rules, so a stored dossier passed the same checks a new one does.
            for (status, on, note) in steps[code] ?? [] {
                try dossier.replay(to: status, on: on, note: note, resultLicence: status == .resolved ? result : nil)
            }
            byCode[code] = dossier
        }
        return codes.compactMap { byCode[$0] }
    }
}
