import AdminUnits
import CalendarDates
import CommonAPI
import Geo
import SQLKit
import ServiceStorage
import TelecomDomain

/// Villages and their coverage records.
public struct CoverageStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func villages(communeCodes: [String] = []) async throws -> [Village] {
        try await database.read { sql in
            let filter: SQLQueryString =
                communeCodes.isEmpty ? "" : "WHERE commune_code IN \(SQLBind.group(communeCodes))"
            return try await sql.raw("SELECT * FROM villages \(filter) ORDER BY code").all().map(Self.village)
        }
    }

    /// Up to `limit` villages after the one coded `code`, in code order: an export reads the
    /// register a page at a time instead of holding it whole.
    public func villages(after code: String?, limit: Int) async throws -> [Village] {
        try await database.read { sql in
            let after: SQLQueryString = code.map { "WHERE code > \(bind: $0)" } ?? ""
            return try await sql.raw("SELECT * FROM villages \(after) ORDER BY code LIMIT \(bind: limit)").all()
                .map(Self.village)
        }
    }

    public func listVillages(
        query: String, communeCode: String, limit: Int, offset: Int
    ) async throws -> ([Village], total: Int) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !query.isEmpty {
                conditions.append("search_key LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\'")
            }
            if !communeCode.isEmpty { conditions.append("commune_code = \(bind: communeCode)") }
            let (rows, total) = try await sql.page(
                select: "*", from: "villages", filter: .whereClause(conditions), order: "code", limit: limit,
                offset: offset)
            return (try rows.map(Self.village), total)
        }
    }

    public struct BatchOutcome: Sendable, Hashable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
    }

    /// Stores imported villages: new ones added, changed ones replaced, identical ones left.
    public func importVillages(_ villages: [Village], dryRun: Bool) async throws -> BatchOutcome {
        let body: (any SQLDatabase) async throws -> BatchOutcome = { sql in
            var outcome = BatchOutcome()
            for village in villages {
                if let existing = try await sql.raw("SELECT * FROM villages WHERE code = \(bind: village.code)").first()
                    .map(Self.village)
                {
                    if existing == village {
                        outcome.unchanged += 1
                        continue
                    }
                    outcome.updated += 1
                } else {
                    outcome.added += 1
                }
                guard !dryRun else { continue }
                AuditLog.touch("village:\(village.code)")
                try await sql.raw("DELETE FROM villages WHERE code = \(bind: village.code)").run()
                try await sql.insert(into: "villages")
                    .columns(
                        "code", "commune_code", "name", "latitude", "longitude", "population", "households", "terrain",
                        "town_centre", "fibre_json", "search_key"
                    )
                    .values(
                        SQLBind(village.code), SQLBind(village.communeCode), SQLBind(village.name),
                        SQLBind(village.position.latitude), SQLBind(village.position.longitude),
                        SQLBind(village.population), SQLBind(village.households), SQLBind(village.terrain.rawValue),
                        SQLBind(village.isTownCentre ? 1 : 0), SQLBind(try SortedJSON.text(village.fibreOperators)),
                        SQLBind(SearchText.key(village.code + " " + village.name))
                    ).run()
            }
            return outcome
        }
        return dryRun ? try await database.read(body) : try await database.write(body)
    }

    /// Stores operators' declarations as a dated series: each (village, operator, technology) keeps
    /// every declaration by its date, so a past quarter reads the one that stood then. A declaration
    /// of a day already recorded replaces that day's; an identical one changes nothing.
    public func importDeclarations(_ records: [CoverageRecord], dryRun: Bool) async throws -> BatchOutcome {
        let body: (any SQLDatabase) async throws -> BatchOutcome = { sql in
            var outcome = BatchOutcome()
            for record in records {
                let existing = try await sql.raw(
                    """
                    SELECT * FROM coverage WHERE village_code = \(bind: record.villageCode)
                        AND operator = \(bind: record.operatorCode) AND technology = \(bind: record.technology.rawValue)
                        AND source = 'declared' AND as_of = \(bind: record.asOf.description)
                    """
                ).first().map(Self.record)
                if let existing {
                    if existing == record {
                        outcome.unchanged += 1
                        continue
                    }
                    outcome.updated += 1
                } else {
                    outcome.added += 1
                }
                if !dryRun { try await Self.upsert(record, into: sql) }
            }
            return outcome
        }
        return dryRun ? try await database.read(body) : try await database.write(body)
    }

    /// Replaces the estimate made as of `day` with `records` in one transaction (readers see the old
    /// estimate or the new one, never half of each); estimates of other days stay, so a past
    /// quarter keeps the estimate made for it.
    public func replaceEstimates(_ records: [CoverageRecord], asOf day: CalendarDate) async throws {
        try await database.write { sql in
            AuditLog.touch("coverage-estimate:\(day)")
            try await sql.raw(
                "DELETE FROM coverage WHERE source = 'estimated' AND as_of = \(bind: day.description)"
            ).run()
            for chunk in stride(from: 0, to: records.count, by: 100) {
                let insert = sql.insert(into: "coverage")
                    .columns(
                        "village_code", "operator", "technology", "source", "covered", "as_of", "site_code",
                        "distance_m")
                for record in records[chunk..<min(chunk + 100, records.count)] { insert.values(Self.row(record)) }
                try await insert.run()
            }
        }
    }

    /// The latest record of every series (village, operator, technology, source) made on or before
    /// `asOf` (any day when nil): all that ``CoverageRecord/effective(_:)`` needs to pick the
    /// record that stands. Found from the key, which ends in the day, rather than by reading every
    /// record kept: each estimate adds a dated series point for every village, operator and
    /// technology, so reading them all grew with every estimate ever made (the demo's 100 villages
    /// kept 34,920 records after 60 monthly estimates; 1,400 villages, some 490,000).
    public func latest(villageCode: String = "", asOf: CalendarDate? = nil) async throws -> [CoverageRecord] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !villageCode.isEmpty { conditions.append("village_code = \(bind: villageCode)") }
            if let asOf { conditions.append("as_of <= \(bind: asOf.description)") }
            let until = SQLQueryString.whereClause(conditions)
            return try await sql.raw(
                """
                SELECT c.village_code AS village_code, c.operator AS operator, c.technology AS technology,
                    c.source AS source, c.covered AS covered, c.as_of AS as_of, c.site_code AS site_code,
                    c.distance_m AS distance_m
                FROM coverage c JOIN (
                    SELECT village_code, operator, technology, source, MAX(as_of) AS as_of FROM coverage \(until)
                    GROUP BY village_code, operator, technology, source
                ) latest ON latest.village_code = c.village_code AND latest.operator = c.operator
                    AND latest.technology = c.technology AND latest.source = c.source AND latest.as_of = c.as_of
                ORDER BY c.village_code, c.operator, c.technology, c.source
                """
            ).all().map(Self.record)
        }
    }

    /// A page of the records of a village (or of all), every one of each series, in key order, and
    /// how many there are: the whole history of a province's estimates is more than one answer holds.
    public func page(villageCode: String, window: PageWindow) async throws -> ([CoverageRecord], total: Int) {
        try await database.read { sql in
            let filter: SQLQueryString = villageCode.isEmpty ? "" : "WHERE village_code = \(bind: villageCode)"
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "*", from: "coverage", filter: filter,
                order: "village_code, operator, technology, source, as_of", limit: window.limit,
                offset: window.offset)
            return (try rows.map(Self.record), total)
        }
    }

    // MARK: SQL

    static func upsert(_ record: CoverageRecord, into sql: any SQLDatabase) async throws {
        AuditLog.touch("coverage:\(record.villageCode)")
        try await sql.raw(
            """
            DELETE FROM coverage WHERE village_code = \(bind: record.villageCode) AND operator = \(bind: record.operatorCode)
                AND technology = \(bind: record.technology.rawValue) AND source = \(bind: record.source.rawValue)
                AND as_of = \(bind: record.asOf.description)
            """
        ).run()
        try await sql.insert(into: "coverage")
            .columns("village_code", "operator", "technology", "source", "covered", "as_of", "site_code", "distance_m")
            .values(row(record)).run()
    }

    static func row(_ record: CoverageRecord) -> [any SQLExpression] {
        [
            SQLBind(record.villageCode), SQLBind(record.operatorCode), SQLBind(record.technology.rawValue),
            SQLBind(record.source.rawValue), SQLBind(record.covered ? 1 : 0), SQLBind(record.asOf.description),
            SQLBind(record.siteCode), SQLBind(record.distanceMetres),
        ]
    }

    static func record(_ row: any SQLRow) throws -> CoverageRecord {
        guard let technology = Technology(rawValue: try row.decode(column: "technology", as: String.self)),
            let source = CoverageRecord.Source(rawValue: try row.decode(column: "source", as: String.self)),
            let asOf = CalendarDate(iso: try row.decode(column: "as_of", as: String.self))
        else { throw StoredDataError("a coverage record") }
        return CoverageRecord(
            villageCode: try row.decode(column: "village_code", as: String.self),
            operatorCode: try row.decode(column: "operator", as: String.self), technology: technology,
            covered: try row.decode(column: "covered", as: Int.self) != 0, source: source, asOf: asOf,
            siteCode: try row.decode(column: "site_code", as: String.self),
            distanceMetres: try row.decode(column: "distance_m", as: Double?.self))
    }

    static func village(_ row: any SQLRow) throws -> Village {
        let code = try row.decode(column: "code", as: String.self)
        guard
            let position = try row.position(),
            let terrain = Village.Terrain(rawValue: try row.decode(column: "terrain", as: String.self))
        else { throw StoredDataError("village \(code)") }
        return Village(
            code: code, communeCode: try row.decode(column: "commune_code", as: String.self),
            name: try row.decode(column: "name", as: String.self), position: position,
            population: try row.decode(column: "population", as: Int.self),
            households: try row.decode(column: "households", as: Int.self), terrain: terrain,
            isTownCentre: try row.decode(column: "town_centre", as: Int.self) != 0,
            fibreOperators: try SortedJSON.decode([String].self, try row.decode(column: "fibre_json", as: String.self)))
    }
}
