import CalendarDates
import Foundation
import Report
import SQLKit
import ServiceStorage

/// The office's registers that feed the report: the department's documents and activities, and
/// what the districts reported each quarter.
public struct OfficeRegisterStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static func newID(_ prefix: String) -> String {
        prefix + "-" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
    }

    // MARK: Documents

    /// Adds an entry, or replaces the one with its id; answers the id. A retry with the same
    /// request id gets the first answer.
    public func save(_ document: DocumentEntry, requestID: String) async throws -> String {
        try document.validate()
        let id = document.id.isEmpty ? Self.newID("doc") : document.id
        return try await database.idempotentWrite(requestID: requestID, method: "SaveDocument") { sql in
            if !document.id.isEmpty {
                let found =
                    try await sql.raw("SELECT COUNT(*) AS n FROM office_documents WHERE id = \(bind: id)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                guard found > 0 else { throw RegisterMissing(id: id) }
                try await sql.raw("DELETE FROM office_documents WHERE id = \(bind: id)").run()
            }
            var entry = document
            entry.id = id
            try await Self.insert(entry, into: sql)
            return id
        }
    }

    static func insert(_ entry: DocumentEntry, into sql: any SQLDatabase) async throws {
        AuditLog.touch("document:\(entry.id)")
        try await sql.insert(into: "office_documents")
            .columns("id", "number", "issued_on", "issuer", "kind", "summary", "section")
            .values(
                SQLBind(entry.id), SQLBind(entry.number), SQLBind(entry.issuedOn.description), SQLBind(entry.issuer),
                SQLBind(entry.kind), SQLBind(entry.summary), SQLBind(entry.section)
            ).run()
    }

    /// Adds the entries not registered yet, all in one transaction; answers how many were added.
    public func importDocuments(_ entries: [DocumentEntry]) async throws -> Int {
        try await database.write { sql in
            var added = 0
            for var entry in entries {
                let same: SQLQueryString =
                    entry.number.isEmpty
                    ? "number = '' AND summary = \(bind: entry.summary)" : "number = \(bind: entry.number)"
                let found =
                    try await sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM office_documents
                        WHERE \(same) AND issued_on = \(bind: entry.issuedOn.description) AND section = \(bind: entry.section)
                        """
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                guard found == 0 else { continue }
                entry.id = Self.newID("doc")
                try await Self.insert(entry, into: sql)
                added += 1
            }
            return added
        }
    }

    public func document(_ id: String) async throws -> DocumentEntry? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM office_documents WHERE id = \(bind: id)").first().map(Self.document)
        }
    }

    /// Entries dated within the range (both ends included), in date order; `section` empty: all.
    public func documents(
        from: CalendarDate?, through: CalendarDate?, section: String = "", limit: Int = 10_000, offset: Int = 0
    ) async throws -> (documents: [DocumentEntry], total: Int) {
        var conditions: [SQLQueryString] = []
        if let from { conditions.append("issued_on >= \(bind: from.description)") }
        if let through { conditions.append("issued_on <= \(bind: through.description)") }
        if !section.isEmpty { conditions.append("section = \(bind: section)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await database.read { sql in
            let (rows, total) = try await sql.page(
                select: "*", from: "office_documents", filter: filter, order: "issued_on, number, id", limit: limit,
                offset: offset)
            return (try rows.map(Self.document), total)
        }
    }

    public func deleteDocument(_ id: String) async throws -> Bool {
        try await delete(id, from: "office_documents", audit: "document")
    }

    static func document(_ row: any SQLRow) throws -> DocumentEntry {
        let id = try row.decode(column: "id", as: String.self)
        let date = try row.decode(column: "issued_on", as: String.self)
        guard let issuedOn = CalendarDate(iso: date) else { throw StoredDataError("document \(id) date '\(date)'") }
        return DocumentEntry(
            id: id, number: try row.decode(column: "number", as: String.self), issuedOn: issuedOn,
            issuer: try row.decode(column: "issuer", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            summary: try row.decode(column: "summary", as: String.self),
            section: try row.decode(column: "section", as: String.self))
    }

    // MARK: Districts' intake

    public func save(_ entry: DistrictEntry, requestID: String) async throws -> String {
        try entry.validate()
        let id = entry.id.isEmpty ? Self.newID("dist") : entry.id
        return try await database.idempotentWrite(requestID: requestID, method: "SaveDistrictEntry") { sql in
            if !entry.id.isEmpty {
                let found =
                    try await sql.raw("SELECT COUNT(*) AS n FROM district_entries WHERE id = \(bind: id)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                guard found > 0 else { throw RegisterMissing(id: id) }
                try await sql.raw("DELETE FROM district_entries WHERE id = \(bind: id)").run()
            }
            AuditLog.touch("district-entry:\(id)")
            try await sql.insert(into: "district_entries")
                .columns("id", "year", "quarter", "unit_code", "kind", "field", "content", "seq")
                .values(
                    SQLBind(id), SQLBind(entry.year), SQLBind(entry.quarter), SQLBind(entry.unitCode),
                    SQLBind(entry.kind.rawValue), SQLBind(entry.field), SQLBind(entry.content),
                    SQLBind(Int64(Date().timeIntervalSince1970 * 1_000_000))
                ).run()
            return id
        }
    }

    public func districtEntry(_ id: String) async throws -> DistrictEntry? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM district_entries WHERE id = \(bind: id)").first().map(Self.districtEntry)
        }
    }

    /// A quarter's entries in the order they were registered; `kind` nil: both kinds.
    public func districtEntries(
        year: Int, quarter: Int, kind: DistrictEntry.Kind? = nil
    ) async throws
        -> [DistrictEntry]
    {
        try await database.read { sql in
            let kindFilter: SQLQueryString = kind.map { "AND kind = \(bind: $0.rawValue)" } ?? ""
            return try await sql.raw(
                """
                SELECT * FROM district_entries WHERE year = \(bind: year) AND quarter = \(bind: quarter) \(kindFilter)
                ORDER BY seq, id
                """
            ).all().map(Self.districtEntry)
        }
    }

    public func deleteDistrictEntry(_ id: String) async throws -> Bool {
        try await delete(id, from: "district_entries", audit: "district-entry")
    }

    static func districtEntry(_ row: any SQLRow) throws -> DistrictEntry {
        let id = try row.decode(column: "id", as: String.self)
        let kindText = try row.decode(column: "kind", as: String.self)
        guard let kind = DistrictEntry.Kind(rawValue: kindText) else {
            throw StoredDataError("district entry \(id) kind '\(kindText)'")
        }
        return DistrictEntry(
            id: id, year: try row.decode(column: "year", as: Int.self),
            quarter: try row.decode(column: "quarter", as: Int.self),
            unitCode: try row.decode(column: "unit_code", as: String.self), kind: kind,
            field: try row.decode(column: "field", as: String.self),
            content: try row.decode(column: "content", as: String.self))
    }

    func delete(_ id: String, from table: String, audit: String) async throws -> Bool {
        try await database.write { sql in
            let found =
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            guard found > 0 else { return false }
            AuditLog.touch("\(audit):\(id)")
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE id = \(bind: id)").run()
            return true
        }
    }
}

/// An edit names an entry the register does not hold.
public struct RegisterMissing: Error, Sendable, Hashable {
    public var id: String
}
