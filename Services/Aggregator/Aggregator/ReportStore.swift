import Foundation
import ProtoWire
import Report
import SQLKit
import ServiceStorage

/// The aggregator's own small store: every report it generated, with the data snapshot time and
/// the service versions it used, and the paragraphs people wrote per quarter and section.
public struct ReportStore: Sendable {
    /// One generated report as stored.
    public struct Stored: Sendable, Hashable {
        public var id: String
        public var year: Int
        public var quarter: Int
        public var snapshotAtMs: Int64
        public var generatedAtMs: Int64
        public var generatedBy: String
        public var report: QuarterlyReport
        /// Set once final: the report is then frozen, and its quarter takes nothing new.
        public var finalisedAtMs: Int64? = nil
        public var finalisedBy = ""
    }

    /// The paragraphs of one section of one quarter.
    public struct Narrative: Sendable, Hashable {
        public var year: Int
        public var quarter: Int
        public var section: String
        public var paragraphs: [String]
        public var updatedAtMs: Int64
        public var updatedBy: String
    }

    public static let migrations: [Migration] = [
        Migration(
            1, "reports and narratives",
            sql: [
                """
                CREATE TABLE reports (
                    id TEXT PRIMARY KEY, year INTEGER NOT NULL, quarter INTEGER NOT NULL,
                    snapshot_at_ms INTEGER NOT NULL, generated_at_ms INTEGER NOT NULL, generated_by TEXT NOT NULL,
                    model TEXT NOT NULL)
                """,
                "CREATE INDEX reports_by_quarter ON reports (year, quarter, generated_at_ms)",
                """
                CREATE TABLE narratives (
                    year INTEGER NOT NULL, quarter INTEGER NOT NULL, section TEXT NOT NULL,
                    paragraphs TEXT NOT NULL, updated_at_ms INTEGER NOT NULL, updated_by TEXT NOT NULL,
                    PRIMARY KEY (year, quarter, section))
                """,
            ]),
        Migration(
            2, "the office's registers and final reports",
            sql: [
                """
                CREATE TABLE office_documents (
                    id TEXT PRIMARY KEY, number TEXT NOT NULL, issued_on TEXT NOT NULL, issuer TEXT NOT NULL,
                    kind TEXT NOT NULL, summary TEXT NOT NULL, section TEXT NOT NULL)
                """,
                "CREATE INDEX office_documents_by_date ON office_documents (issued_on, section)",
                """
                CREATE TABLE district_entries (
                    id TEXT PRIMARY KEY, year INTEGER NOT NULL, quarter INTEGER NOT NULL, unit_code TEXT NOT NULL,
                    kind TEXT NOT NULL, field TEXT NOT NULL, content TEXT NOT NULL, seq BIGINT NOT NULL)
                """,
                "CREATE INDEX district_entries_by_quarter ON district_entries (year, quarter, seq)",
                "ALTER TABLE reports ADD COLUMN finalised_at_ms BIGINT",
                "ALTER TABLE reports ADD COLUMN finalised_by TEXT NOT NULL DEFAULT ''",
            ]),
    ]

    let database: Database

    public init(database: Database) { self.database = database }

    /// Stores a report under a new id, "2023-Q1-3" for the third of that quarter. With a request
    /// id, once: the id's first report is the answer, and one built again for it is not kept.
    public func add(
        _ report: QuarterlyReport, year: Int, quarter: Int, snapshotAtMs: Int64, generatedAtMs: Int64,
        generatedBy: String, requestID: String = ""
    ) async throws -> Stored {
        let model = try JSONRenderer.render(report)
        func insert(on database: any SQLDatabase) async throws -> Stored {
            let count =
                try await database.raw(
                    "SELECT COUNT(*) AS n FROM reports WHERE year = \(bind: year) AND quarter = \(bind: quarter)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let id = "\(year)-Q\(quarter)-\(count + 1)"
            try await database.insert(into: "reports")
                .columns(
                    "id", "year", "quarter", "snapshot_at_ms", "generated_at_ms", "generated_by", "model"
                )
                .values(
                    SQLBind(id), SQLBind(year), SQLBind(quarter), SQLBind(snapshotAtMs), SQLBind(generatedAtMs),
                    SQLBind(generatedBy), SQLBind(model)
                )
                .run()
            AuditLog.touch("report/\(id)")
            return Stored(
                id: id, year: year, quarter: quarter, snapshotAtMs: snapshotAtMs, generatedAtMs: generatedAtMs,
                generatedBy: generatedBy, report: report)
        }
        guard !requestID.isEmpty else { return try await database.write(insert) }
        let id = try await database.idempotentWrite(requestID: requestID, method: Self.generateMethod) {
            try await insert(on: $0).id
        }
        guard let stored = try await get(id: id) else {
            throw StorageError(.failed, "report \(id), kept for request_id '\(requestID)', is not in the store")
        }
        return stored
    }

    /// The report a request id already kept, if any (nil also when the id is empty).
    public func kept(forRequestID requestID: String) async throws -> Stored? {
        guard !requestID.isEmpty,
            let id = try await database.recordedKey(requestID: requestID, method: Self.generateMethod)
        else { return nil }
        return try await get(id: id)
    }

    static let generateMethod = "GenerateQuarterlyReport"

    /// Reports, newest first; 0 for year or quarter means any.
    public func list(year: Int, quarter: Int, limit: Int, offset: Int) async throws -> (reports: [Stored], total: Int) {
        var conditions: [SQLQueryString] = []
        if year != 0 { conditions.append("year = \(bind: year)") }
        if quarter != 0 { conditions.append("quarter = \(bind: quarter)") }
        let filter: SQLQueryString =
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await database.read { database in
            let (rows, total) = try await database.page(
                select: "*", from: "reports", filter: filter, order: "generated_at_ms DESC, id DESC",
                limit: limit, offset: offset)
            return (try rows.map(Self.stored), total)
        }
    }

    public func get(id: String) async throws -> Stored? {
        try await database.read { database in
            try await database.raw("SELECT * FROM reports WHERE id = \(bind: id)").first().map(Self.stored)
        }
    }

    /// Marks a report final, once: a second call answers the report as first finalised. Refused
    /// when another report of its quarter is final already.
    public func finalise(id: String, by principal: String, atMs: Int64) async throws -> Stored? {
        try await database.write { database in
            guard let found = try await database.raw("SELECT * FROM reports WHERE id = \(bind: id)").first() else {
                return nil
            }
            var stored = try Self.stored(found)
            guard stored.finalisedAtMs == nil else { return stored }
            if let other = try await Self.finalReportID(year: stored.year, quarter: stored.quarter, in: database) {
                throw QuarterFinal(year: stored.year, quarter: stored.quarter, reportID: other)
            }
            try await database.raw(
                """
                UPDATE reports SET finalised_at_ms = \(bind: atMs), finalised_by = \(bind: principal)
                WHERE id = \(bind: id)
                """
            ).run()
            AuditLog.touch("report/\(id)")
            stored.finalisedAtMs = atMs
            stored.finalisedBy = principal
            return stored
        }
    }

    /// The final report of a quarter, if one is.
    public func finalReportID(year: Int, quarter: Int) async throws -> String? {
        try await database.read { database in try await Self.finalReportID(year: year, quarter: quarter, in: database) }
    }

    static func finalReportID(year: Int, quarter: Int, in database: any SQLDatabase) async throws -> String? {
        try await database.raw(
            """
            SELECT id FROM reports WHERE year = \(bind: year) AND quarter = \(bind: quarter)
            AND finalised_at_ms IS NOT NULL
            """
        ).first()?.decode(column: "id", as: String.self)
    }

    static func stored(_ row: any SQLRow) throws -> Stored {
        let model = try row.decode(column: "model", as: String.self)
        let id = try row.decode(column: "id", as: String.self)
        do {
            return Stored(
                id: id, year: try row.decode(column: "year", as: Int.self),
                quarter: try row.decode(column: "quarter", as: Int.self),
                snapshotAtMs: try row.decode(column: "snapshot_at_ms", as: Int64.self),
                generatedAtMs: try row.decode(column: "generated_at_ms", as: Int64.self),
                generatedBy: try row.decode(column: "generated_by", as: String.self),
                report: try JSONRenderer.read(model),
                finalisedAtMs: try row.decode(column: "finalised_at_ms", as: Int64?.self),
                finalisedBy: try row.decode(column: "finalised_by", as: String.self))
        } catch {
            throw StoredDataError("report \(id) cannot be read back: \(error)")
        }
    }

    // MARK: Narratives

    /// Sets one section's paragraphs for a quarter; no paragraphs removes them. A retry with the
    /// same request id gets the first answer and changes nothing.
    public func save<Response: ProtoMessage>(
        _ narrative: Narrative, requestID: String, answer: @Sendable (Narrative) -> Response
    ) async throws -> Response {
        try await database.idempotentWrite(requestID: requestID, method: "SaveNarrative") { database in
            if narrative.paragraphs.isEmpty {
                try await database.raw(
                    """
                    DELETE FROM narratives WHERE year = \(bind: narrative.year) AND quarter = \(bind: narrative.quarter)
                    AND section = \(bind: narrative.section)
                    """
                ).run()
            } else {
                let paragraphs = try String(decoding: JSONEncoder().encode(narrative.paragraphs), as: UTF8.self)
                try await database.raw(
                    """
                    INSERT INTO narratives (year, quarter, section, paragraphs, updated_at_ms, updated_by)
                    VALUES (\(bind: narrative.year), \(bind: narrative.quarter), \(bind: narrative.section),
                    \(bind: paragraphs), \(bind: narrative.updatedAtMs), \(bind: narrative.updatedBy))
                    ON CONFLICT (year, quarter, section) DO UPDATE SET paragraphs = excluded.paragraphs,
                    updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by
                    """
                ).run()
            }
            AuditLog.touch("narrative/\(narrative.year)-Q\(narrative.quarter)/\(narrative.section)")
            return answer(narrative)
        }
    }

    public func narratives(year: Int, quarter: Int) async throws -> [Narrative] {
        try await database.read { database in
            try await database.raw(
                """
                SELECT * FROM narratives WHERE year = \(bind: year) AND quarter = \(bind: quarter)
                ORDER BY section
                """
            ).all().map { row in
                let text = try row.decode(column: "paragraphs", as: String.self)
                let section = try row.decode(column: "section", as: String.self)
                let paragraphs: [String]
                do {
                    paragraphs = try JSONDecoder().decode([String].self, from: Data(text.utf8))
                } catch {
                    throw StoredDataError("narrative \(year)-Q\(quarter) \(section) cannot be read back: \(error)")
                }
                return Narrative(
                    year: year, quarter: quarter, section: section, paragraphs: paragraphs,
                    updatedAtMs: try row.decode(column: "updated_at_ms", as: Int64.self),
                    updatedBy: try row.decode(column: "updated_by", as: String.self))
            }
        }
    }
}

/// A quarter whose report is final takes no new report and no new paragraph.
public struct QuarterFinal: Error, Sendable, Hashable {
    public var year: Int
    public var quarter: Int
    public var reportID: String
}
