import AdminUnits
import CalendarDates
import DXDomain
import Foundation
import SQLKit
import ServiceStorage

/// Tasks, information systems and recommendations: small registers, each change in one write.
public struct RecordStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Tasks

    public func save(_ task: DXTask) async throws {
        try task.validate()
        try await database.write { sql in
            AuditLog.touch("task:\(task.code)")
            try await sql.raw("DELETE FROM tasks WHERE code = \(bind: task.code)").run()
            try await Self.insert(task, into: sql)
        }
    }

    static func insert(_ task: DXTask, into sql: any SQLDatabase) async throws {
        try await sql.insert(into: "tasks")
            .columns("code", "title", "source_document", "lead_unit", "deadline", "completed_on", "plan_year")
            .values(
                SQLBind(task.code), SQLBind(task.title), SQLBind(task.sourceDocument), SQLBind(task.leadUnit),
                SQLBind(task.deadline.description), SQLBind(task.completedOn?.description), SQLBind(task.planYear)
            ).run()
    }

    /// Which tasks a list reads.
    public struct TaskFilter: Sendable, Hashable {
        /// The plan's year; 0: every year's.
        public var year = 0
        /// The status the tasks had on `day` (``DXTask/status(on:)``); nil: any.
        public var status: DXTask.Status?
        public var day: CalendarDate
        /// A ``SearchText`` key the title, the source document or the lead unit contains; empty: any.
        public var key = ""

        public init(day: CalendarDate) { self.day = day }

        /// The year and the status in SQL, as ``DXTask/status(on:)`` says them (dates are ISO
        /// text, which orders as the dates do).
        var conditions: [SQLQueryString] {
            var conditions: [SQLQueryString] = []
            if year != 0 { conditions.append("plan_year = \(bind: year)") }
            let day = self.day.description
            switch status {
            case nil: break
            case .doneOnTime?: conditions.append("completed_on <= \(bind: day) AND completed_on <= deadline")
            case .doneLate?: conditions.append("completed_on <= \(bind: day) AND completed_on > deadline")
            case .inProgress?:
                conditions.append("(completed_on IS NULL OR completed_on > \(bind: day)) AND deadline >= \(bind: day)")
            case .overdue?:
                conditions.append("(completed_on IS NULL OR completed_on > \(bind: day)) AND deadline < \(bind: day)")
            }
            return conditions
        }
    }

    /// A page of the tasks `filter` keeps, by deadline, and how many it keeps in all: cut in SQL,
    /// or with words (folded as SQL cannot) read a batch at a time, so a list never holds the
    /// register.
    public func tasks(_ filter: TaskFilter, limit: Int, offset: Int) async throws -> (page: [DXTask], total: Int) {
        try await database.read { sql in
            guard !filter.key.isEmpty else {
                let (rows, total) = try await sql.page(
                    select: "*", from: "tasks", filter: .whereClause(filter.conditions), order: "deadline, code",
                    limit: limit, offset: offset)
                return (try rows.map(Self.task), total)
            }
            return try await sql.scanPage(
                from: "tasks", where: filter.conditions, keys: ["deadline", "code"], limit: limit, offset: offset,
                decode: Self.task
            ) { SearchText.key("\($0.title) \($0.sourceDocument) \($0.leadUnit)").contains(filter.key) }
        }
    }

    static func task(_ row: any SQLRow) throws -> DXTask {
        let code = try row.decode(column: "code", as: String.self)
        guard let deadline = CalendarDate(iso: try row.decode(column: "deadline", as: String.self)) else {
            throw StoredDataError("task \(code)")
        }
        return DXTask(
            code: code, title: try row.decode(column: "title", as: String.self),
            sourceDocument: try row.decode(column: "source_document", as: String.self),
            leadUnit: try row.decode(column: "lead_unit", as: String.self), deadline: deadline,
            completedOn: try row.decode(column: "completed_on", as: String?.self).flatMap(CalendarDate.init(iso:)),
            planYear: try row.decode(column: "plan_year", as: Int.self))
    }

    // MARK: Information systems

    /// Adds a system or replaces its description, keeping its dossier's status and decision.
    public func save(_ system: InformationSystem) async throws -> InformationSystem {
        try system.validate()
        return try await database.write { sql in
            var saved = system
            if let existing = try await Self.system(system.code, from: sql) {
                saved = InformationSystem(
                    code: system.code, name: system.name, owner: system.owner, operatorName: system.operatorName,
                    proposedLevel: system.proposedLevel, status: existing.status,
                    decisionNumber: existing.decisionNumber, decidedOn: existing.decidedOn)
            }
            try await Self.upsert(saved, into: sql)
            return saved
        }
    }

    public func move(
        _ code: String, to status: InformationSystem.DossierStatus, decision: String, on date: CalendarDate?
    ) async throws -> InformationSystem {
        try await database.write { sql in
            guard var system = try await Self.system(code, from: sql) else {
                throw DXError.invalid("code", "no information system '\(code)'")
            }
            try system.move(to: status, decision: decision, on: date)
            try await Self.upsert(system, into: sql)
            return system
        }
    }

    /// Which information systems a list reads.
    public struct SystemFilter: Sendable, Hashable {
        /// Empty: every owner's.
        public var owner = ""
        /// A ``SearchText`` key the code, name, owner or operator contains; empty: any.
        public var key = ""

        public init() {}

        var conditions: [SQLQueryString] { owner.isEmpty ? [] : ["owner = \(bind: owner)"] }
    }

    /// A page of the systems `filter` keeps, by code, and how many it keeps in all (as ``tasks(_:limit:offset:)``).
    public func systems(
        _ filter: SystemFilter, limit: Int, offset: Int
    ) async throws -> (page: [InformationSystem], total: Int) {
        try await database.read { sql in
            guard !filter.key.isEmpty else {
                let (rows, total) = try await sql.page(
                    select: "*", from: "information_systems", filter: .whereClause(filter.conditions), order: "code",
                    limit: limit, offset: offset)
                return (try rows.map(Self.system), total)
            }
            return try await sql.scanPage(
                from: "information_systems", where: filter.conditions, keys: ["code"], limit: limit, offset: offset,
                decode: Self.system
            ) { SearchText.key("\($0.code) \($0.name) \($0.owner) \($0.operatorName)").contains(filter.key) }
        }
    }

    /// How many systems are recorded and how many of them were approved by `day` (the decision's
    /// date says when); how many owners they have and how many of those had every system
    /// approved by then. Counted in SQL, for the indicators.
    public func approvals(
        by day: CalendarDate
    ) async throws -> (systems: Int, approved: Int, owners: Int, ownersApproved: Int) {
        try await database.read { sql in
            let row = try await sql.raw(
                """
                SELECT COUNT(*) AS owners, CAST(COALESCE(SUM(systems), 0) AS BIGINT) AS systems,
                    CAST(COALESCE(SUM(approved), 0) AS BIGINT) AS approved,
                    CAST(COALESCE(SUM(CASE WHEN approved = systems THEN 1 ELSE 0 END), 0) AS BIGINT) AS owners_approved
                FROM (
                    SELECT owner, COUNT(*) AS systems,
                        SUM(CASE WHEN status = \(bind: InformationSystem.DossierStatus.approved.rawValue)
                            AND decided_on <= \(bind: day.description) THEN 1 ELSE 0 END) AS approved
                    FROM information_systems GROUP BY owner
                ) AS by_owner
                """
            ).first()
            guard let row else { return (0, 0, 0, 0) }
            return (
                try row.decode(column: "systems", as: Int.self), try row.decode(column: "approved", as: Int.self),
                try row.decode(column: "owners", as: Int.self), try row.decode(column: "owners_approved", as: Int.self)
            )
        }
    }

    static func system(_ code: String, from sql: any SQLDatabase) async throws -> InformationSystem? {
        try await sql.raw("SELECT * FROM information_systems WHERE code = \(bind: code)").first().map(system)
    }

    static func system(_ row: any SQLRow) throws -> InformationSystem {
        let code = try row.decode(column: "code", as: String.self)
        guard
            let status = InformationSystem.DossierStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoredDataError("information system \(code)") }
        return InformationSystem(
            code: code, name: try row.decode(column: "name", as: String.self),
            owner: try row.decode(column: "owner", as: String.self),
            operatorName: try row.decode(column: "operator", as: String.self),
            proposedLevel: try row.decode(column: "proposed_level", as: Int.self), status: status,
            decisionNumber: try row.decode(column: "decision_number", as: String.self),
            decidedOn: try row.decode(column: "decided_on", as: String?.self).flatMap(CalendarDate.init(iso:)))
    }

    static func upsert(_ system: InformationSystem, into sql: any SQLDatabase) async throws {
        AuditLog.touch("information-system:\(system.code)")
        try await sql.raw("DELETE FROM information_systems WHERE code = \(bind: system.code)").run()
        try await sql.insert(into: "information_systems")
            .columns("code", "name", "owner", "operator", "proposed_level", "status", "decision_number", "decided_on")
            .values(
                SQLBind(system.code), SQLBind(system.name), SQLBind(system.owner), SQLBind(system.operatorName),
                SQLBind(system.proposedLevel), SQLBind(system.status.rawValue), SQLBind(system.decisionNumber),
                SQLBind(system.decidedOn?.description)
            ).run()
    }

    // MARK: Recommendations

    /// Records a recommendation once per request id (a retry reads back the first one's id).
    public func record(_ recommendation: Recommendation, requestID: String) async throws -> (String, Recommendation) {
        try recommendation.validate()
        let id = "rec-" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
        let made = try await database.idempotentWrite(requestID: requestID, method: "RecordRecommendation") { sql in
            AuditLog.touch("recommendation:\(id)")
            try await Self.insert(recommendation, id: id, into: sql)
            return id
        }
        guard
            let stored = try await database.read({ sql in
                try await sql.raw("SELECT * FROM recommendations WHERE id = \(bind: made)").first().map(
                    Self.recommendation)
            })
        else { throw StoredDataError("recommendation \(made) vanished") }
        return (made, stored)
    }

    public func answer(_ id: String, with text: String, on date: CalendarDate) async throws -> Recommendation {
        try await database.write { sql in
            guard
                var recommendation = try await sql.raw("SELECT * FROM recommendations WHERE id = \(bind: id)")
                    .first().map(Self.recommendation)
            else { throw DXError.invalid("id", "no recommendation '\(id)'") }
            try recommendation.answer(text, on: date)
            AuditLog.touch("recommendation:\(id)")
            try await sql.raw("DELETE FROM recommendations WHERE id = \(bind: id)").run()
            try await Self.insert(recommendation, id: id, into: sql)
            return recommendation
        }
    }

    /// Which recommendations a list or a count reads.
    public struct RecommendationFilter: Sendable, Hashable {
        public var from: CalendarDate
        public var through: CalendarDate
        /// Empty: every category.
        public var category = ""
        public var unansweredOnly = false
        /// A ``SearchText`` key the content or the answer contains; empty: any.
        public var key = ""

        public init(from: CalendarDate, through: CalendarDate) {
            self.from = from
            self.through = through
        }

        var conditions: [SQLQueryString] {
            var conditions: [SQLQueryString] = [
                "received_on >= \(bind: from.description)", "received_on <= \(bind: through.description)",
            ]
            if !category.isEmpty { conditions.append("category = \(bind: category)") }
            if unansweredOnly { conditions.append("answered_on IS NULL") }
            return conditions
        }
    }

    /// How many rows a search reads at a time: a recommendation carries up to 48 KiB of text.
    static let searchBatch = 200

    /// A page of the recommendations `filter` keeps, in the order received, with their ids, and
    /// how many it keeps in all. A period may hold any number, each with texts of 16 KiB: without
    /// words the page is cut in SQL and only its rows read; with words (folded as SQL cannot),
    /// rows are read a batch at a time and only the page's kept, so a list never holds the period.
    public func recommendations(
        _ filter: RecommendationFilter, limit: Int, offset: Int
    ) async throws -> (page: [(String, Recommendation)], total: Int) {
        try await database.read { sql in
            guard !filter.key.isEmpty else {
                let (rows, total) = try await sql.page(
                    select: "id, received_on", from: "recommendations", filter: .whereClause(filter.conditions),
                    order: "received_on, id", limit: limit, offset: offset)
                let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
                guard !ids.isEmpty else { return ([], total) }
                let found = try await sql.select().column("*").from("recommendations")
                    .where("id", .in, BindList.padded(ids)).all()
                var byID: [String: Recommendation] = [:]
                for row in found { byID[try row.decode(column: "id", as: String.self)] = try Self.recommendation(row) }
                return (ids.compactMap { id in byID[id].map { (id, $0) } }, total)
            }
            return try await sql.scanPage(
                from: "recommendations", where: filter.conditions, keys: ["received_on", "id"], limit: limit,
                offset: offset, batch: Self.searchBatch,
                decode: { (try $0.decode(column: "id", as: String.self), try Self.recommendation($0)) }
            ) { SearchText.key("\($0.1.content) \($0.1.answer)").contains(filter.key) }
        }
    }

    /// Recommendations received in the period by category, and how many of each were answered by
    /// its end, counted in SQL.
    public func recommendationCounts(
        from start: CalendarDate, through end: CalendarDate
    ) async throws -> [(category: String, received: Int, answered: Int)] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT category, COUNT(*) AS received,
                    SUM(CASE WHEN answered_on IS NOT NULL AND answered_on <= \(bind: end.description) THEN 1 ELSE 0 END)
                        AS answered
                FROM recommendations
                WHERE received_on >= \(bind: start.description) AND received_on <= \(bind: end.description)
                GROUP BY category
                """
            ).all().map {
                (
                    try $0.decode(column: "category", as: String.self), try $0.decode(column: "received", as: Int.self),
                    try $0.decode(column: "answered", as: Int.self)
                )
            }
        }
    }

    static func insert(_ r: Recommendation, id: String, into sql: any SQLDatabase) async throws {
        try await sql.insert(into: "recommendations")
            .columns("id", "received_on", "unit_code", "category", "content", "answer", "answered_on")
            .values(
                SQLBind(id), SQLBind(r.receivedOn.description), SQLBind(r.unitCode), SQLBind(r.category),
                SQLBind(r.content), SQLBind(r.answer), SQLBind(r.answeredOn?.description)
            ).run()
    }

    static func recommendation(_ row: any SQLRow) throws -> Recommendation {
        guard let received = CalendarDate(iso: try row.decode(column: "received_on", as: String.self)) else {
            throw StoredDataError("a recommendation")
        }
        return Recommendation(
            receivedOn: received, unitCode: try row.decode(column: "unit_code", as: String.self),
            category: try row.decode(column: "category", as: String.self),
            content: try row.decode(column: "content", as: String.self),
            answer: try row.decode(column: "answer", as: String.self),
            answeredOn: try row.decode(column: "answered_on", as: String?.self).flatMap(CalendarDate.init(iso:)))
    }
}
