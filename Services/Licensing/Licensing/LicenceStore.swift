import AdminUnits
import CalendarDates
import CommonAPI
import Foundation
import LicensingDomain
import SQLKit
import ServiceStorage

/// Licences and their versions in the service's database. Every change loads the licence inside
/// the write transaction, applies the rules there, and appends the version: two officers acting
/// on one licence at once cannot both pass a check only one of them should.
public struct LicenceStore: Sendable {
    public static let migrations = LicensingSchema.migrations

    public struct Stored: Sendable, Hashable {
        public var id: String
        public var licence: Licence
        /// The holder's name as the organisations register has it (empty when it holds none).
        public var holderName: String
        /// Whether every version's content was read. When not, only the current version's is,
        /// and the earlier versions carry it as a stand-in: what a list needs, never a history.
        public internal(set) var historyRead = true

        public init(id: String, licence: Licence, holderName: String = "") {
            self.id = id
            self.licence = licence
            self.holderName = holderName
        }
    }

    /// Which versions' content a read decodes. A licence keeps up to 64 KiB of content in each of
    /// its versions (up to some hundred): a read without history needs the current one's only,
    /// and reading all would let one editor's long histories make every such read megabytes.
    enum VersionContents: Sendable {
        case every, currentOnly
    }

    let database: Database
    public let rules: LicenceRules

    public init(database: Database, rules: LicenceRules) {
        self.database = database
        self.rules = rules
    }

    /// Issues a licence once per request id: a retry gets the licence the first call made. `id` is
    /// one the caller has just made (``LicensingID``): the write does not look it up first; the
    /// table's key refuses a clash, the whole write with it, and only then is the id looked up, to
    /// name it.
    public func issue(
        id: String, requestID: String, _ make: (LicenceRules) throws(LicensingError) -> Licence
    ) async throws -> Stored {
        let licence = try make(rules)
        var written: Stored?
        let made: String
        do {
            made = try await database.idempotentWrite(requestID: requestID, method: "IssueLicence") { [rules] sql in
                let (holderName, numberTaken) = try await Self.holderAndNumber(of: licence, rules: rules, in: sql)
                guard let holderName else {
                    throw LicensingError.invalid("holder_id", "no organisation '\(licence.holderID)'")
                }
                if numberTaken { throw Self.numberTaken(licence, rules: rules) }
                let stored = Stored(id: id, licence: licence, holderName: holderName)
                try await Self.insertNew([stored], rules: rules, into: sql, idsAreNew: true, numbersAreChecked: true)
                written = stored
                return id  // what a retry reads back
            }
        } catch let error as LicensingError {
            throw error
        } catch {
            // Only a clash is named; any other failure (or a failed look-up) is the write's own.
            if (try? await get(id)) != nil {
                throw LicensingError.notAllowed("id", "licence \(id) is already recorded")
            }
            throw error
        }
        // The write answers with what it wrote (a read would give the same: tested), not with a
        // second trip to the database; only a retry, which wrote nothing, reads.
        if let written { return written }
        return try await stored(made)
    }

    /// Adds licences already built and checked through the rules (an existing register being
    /// brought in), all in one transaction: all of them or none. Refuses ids or numbers already
    /// present, naming the first.
    public func insertMany(_ licences: [Stored]) async throws {
        var ids: Set<String> = []
        var numbers: Set<String> = []
        for stored in licences {
            guard ids.insert(stored.id).inserted else {
                throw LicensingError.invalid("id", "\(stored.id) appears twice")
            }
            let licence = stored.licence
            guard numbers.insert(rules.numberKey(licence)).inserted else {
                let name = rules.numberName(kind: licence.kind, number: licence.number, issuedOn: licence.numberGivenOn)
                throw LicensingError.invalid("number", "\(name) appears twice")
            }
        }
        try await database.write { [rules] sql in
            // Statements carry many rows each: per-statement overhead, not SQLite, is what a
            // one-row-at-a-time import pays for.
            for chunk in licences.chunked(200) { try await Self.insertNew(chunk, rules: rules, into: sql) }
        }
    }

    /// Inserts licences not yet stored, with all their versions, refusing (by name) an id or a
    /// number already present (under the rules' numbering). The caller holds the write transaction.
    /// `idsAreNew` skips asking for the ids: for ids this service has just made (48 random bits a
    /// millisecond), where the question is a statement in every write and the primary key still
    /// refuses the clash it would have named. `numbersAreChecked` skips asking for the numbers,
    /// which the caller has asked for in this transaction.
    static func insertNew(
        _ chunk: ArraySlice<Stored>, rules: LicenceRules, into sql: any SQLDatabase, idsAreNew: Bool = false,
        numbersAreChecked: Bool = false
    ) async throws {
        if !idsAreNew {
            let ids: [any Encodable & Sendable] = chunk.map(\.id)
            if let row = try await sql.raw("SELECT id FROM licences WHERE id IN (\(binds: ids)) LIMIT 1").first() {
                let id = try row.decode(column: "id", as: String.self)
                throw LicensingError.notAllowed("id", "licence \(id) is already recorded")
            }
        }
        if !numbersAreChecked {
            let recorded = try await recordedNumbers(of: chunk.map(\.licence), rules: rules, in: sql)
            if let clash = chunk.first(where: { recorded.contains(rules.numberKey($0.licence)) })?.licence {
                throw Self.numberTaken(clash, rules: rules)
            }
        }
        for stored in chunk { AuditLog.touch("licence:\(stored.id)") }
        let licenceRows = chunk.map { stored -> [any Encodable & Sendable] in
            let licence = stored.licence
            return [
                stored.id, licence.kind.rawValue, licence.number, licence.holderID, licence.status.rawValue,
                licence.issuedOn.description, licence.validUntil?.description, licence.current.number,
                searchKey(licence), licence.numberGivenOn.year,
            ]
        }
        var insertLicences = PlainInsert(
            into: "licences",
            columns: [
                "id", "kind", "number", "holder_id", "status", "issued_on", "valid_until", "current_version",
                "search_key", "issued_year",
            ])
        for row in licenceRows { insertLicences.values(row) }
        try await insertLicences.run(on: sql)
        try await insertVersions(
            chunk.flatMap { stored in stored.licence.versions.map { (stored.id, stored.licence.kind, $0) } }, into: sql)
    }

    /// Adds versions; the database counts each in its day's action counts as it is added
    /// (``actionCounts(from:through:)``, migration 15).
    static func insertVersions(
        _ versions: [(id: String, kind: LicenceKind, version: LicenceVersion)], into sql: any SQLDatabase
    ) async throws {
        for part in versions.chunked(100) {
            var insert = PlainInsert(into: "licence_versions", columns: versionColumns)
            for (id, kind, version) in part { insert.values(try row(version, of: id, kind: kind)) }
            try await insert.run(on: sql)
        }
    }

    /// Applies `change` to licence `id` under the rules, after the events due by its date; once
    /// per request id (a retry does not amend twice, it reads the licence back).
    public func apply(_ change: LicenceChange, to id: String, requestID: String) async throws -> Stored {
        var written: Stored?
        let applied = try await database.idempotentWrite(requestID: requestID, method: "ApplyLicenceAction") { sql in
            AuditLog.touch("licence:\(id)")
            guard var licence = try await Self.load(id, from: sql) else {
                throw LicensingError.invalid("id", "no licence '\(id)'")
            }
            let known = licence.versions.count
            let numberBefore = rules.numberKey(licence)
            licence.catchUp(to: change.effectiveOn, rules: rules)
            try licence.apply(change, rules: rules)
            if rules.numberKey(licence) != numberBefore,
                try await Self.recordedNumbers(of: [licence], rules: rules, in: sql).contains(rules.numberKey(licence))
            {
                throw Self.numberTaken(licence, rules: rules, field: "new_number")
            }
            try await Self.save(licence, id: id, newVersionsFrom: known, into: sql)
            let names = try await Self.holderNames([licence.holderID], from: sql)
            written = Stored(id: id, licence: licence, holderName: names[licence.holderID] ?? "")
            return id
        }
        if let written { return written }
        return try await stored(applied)
    }

    private func stored(_ id: String) async throws -> Stored {
        guard let stored = try await get(id) else { throw StoredDataError("licence \(id) vanished after writing") }
        return stored
    }

    /// Records, for every licence, what has happened by itself by `date` (expiry, suspensions
    /// ending). Run at start-up and daily; returns how many licences changed.
    public func catchUp(to date: CalendarDate) async throws -> Int {
        let candidates = try await database.read { sql in
            try await sql.raw(
                """
                SELECT id FROM licences WHERE status IN ('active', 'suspended')
                    AND (status = 'suspended' OR (valid_until IS NOT NULL AND valid_until < \(bind: date.description)))
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
        var changed = 0
        for id in candidates {
            changed += try await database.write { sql in
                guard var licence = try await Self.load(id, from: sql) else { return 0 }
                let known = licence.versions.count
                licence.catchUp(to: date, rules: rules)
                guard licence.versions.count > known else { return 0 }
                AuditLog.touch("licence:\(id)")
                try await Self.save(licence, id: id, newVersionsFrom: known, into: sql)
                return 1
            }
        }
        return changed
    }

    /// One licence with its holder's name, in one statement: a read by id is the register's most
    /// frequent call, and each statement costs a trip to the database's thread and a parse.
    public func get(_ id: String, history: Bool = true) async throws -> Stored? {
        try await database.read { sql in
            let rows = try await sql.raw(
                """
                SELECT l.kind AS kind, l.number AS head_number, l.holder_id AS holder_id,
                    COALESCE(o.name, '') AS holder_name, v.licence_id AS licence_id, v.number AS number,
                    v.action AS action, v.effective_on AS effective_on, v.status AS status,
                    v.valid_until AS valid_until, \(Self.contentColumn(history ? .every : .currentOnly)),
                    v.decision_number AS decision_number, v.reason AS reason, v.requested_on AS requested_on,
                    v.licence_number AS licence_number
                FROM licences l JOIN licence_versions v ON v.licence_id = l.id
                    LEFT JOIN organisations o ON o.id = l.holder_id
                WHERE l.id = \(bind: id) ORDER BY v.number
                """
            ).all()
            guard let head = rows.first else { return nil }
            let licence = try Self.licence(
                id, head: head, numberColumn: "head_number",
                versions: try Self.versions(from: rows).first?.versions ?? [])
            var stored = Stored(
                id: id, licence: licence, holderName: try head.decode(column: "holder_name", as: String.self))
            stored.historyRead = history
            return stored
        }
    }

    /// A licence's versions, newest first, and how many it has; nil when there is no such licence.
    public func versions(
        of id: String, limit: Int, offset: Int
    ) async throws -> (versions: [LicenceVersion], total: Int)? {
        try await database.read { sql in
            guard try await sql.raw("SELECT 1 AS found FROM licences WHERE id = \(bind: id)").first() != nil else {
                return nil
            }
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "*", from: "licence_versions", filter: "WHERE licence_id = \(bind: id)",
                order: "number DESC", limit: min(limit, 1_000_000), offset: offset)
            return (try rows.map { try Self.version(from: $0).version }, total)
        }
    }

    /// A page of the licences in force whose term ends within `days` of `today`, soonest first
    /// (then by id), and how many there are in all; read in one snapshot, the page's licences
    /// in one statement rather than a read for each.
    public func expiring(
        within days: Int, of today: CalendarDate, window: PageWindow
    ) async throws -> ([Listed], total: Int) {
        guard days >= 0, let end = today.adding(days: days) else {
            throw LicensingError.invalid("within_days", "must be 0 or more")
        }
        return try await database.read { sql in
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "id, valid_until", from: "licences",
                filter: """
                    WHERE status IN ('active', 'suspended') AND valid_until IS NOT NULL
                        AND valid_until >= \(bind: today.description) AND valid_until <= \(bind: end.description)
                    """,
                order: "valid_until, id", limit: window.limit, offset: window.offset)
            return (try await Self.listed(rows.map { try $0.decode(column: "id", as: String.self) }, from: sql), total)
        }
    }

    /// Events by licence type and action with effective dates in the period, counted in SQL from
    /// one index range (`licence_versions_period`), so that a large register answers quickly.
    public func actionCounts(
        from start: CalendarDate, through end: CalendarDate
    ) async throws
        -> [LicensingStatistics.ActionKey: Int]
    {
        try await database.read { sql in
            var counts: [LicensingStatistics.ActionKey: Int] = [:]
            // A row per day and pair, summed here: no sort, and the same on both backends.
            for row in try await sql.raw(
                """
                SELECT kind, action, n FROM licence_action_days
                WHERE effective_on >= \(bind: start.description) AND effective_on <= \(bind: end.description)
                """
            ).all() {
                guard let kind = LicenceKind(rawValue: try row.decode(column: "kind", as: String.self)),
                    let action = LicenceAction(rawValue: try row.decode(column: "action", as: String.self))
                else { continue }
                counts[.init(kind: kind, action: action), default: 0] += try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    public struct Filter: Sendable, Hashable {
        public var query = ""
        public var kind: LicenceKind?
        public var status: LicenceStatus?
        public var holderID = ""

        public init() {}
    }

    /// One page of the licences matching `filter`, by kind and number.
    public func list(_ filter: Filter, window: PageWindow) async throws -> ([Listed], total: Int) {
        try await database.read { sql in
            // The page's holders are named afterwards: joined here, every licence that matched
            // (hundreds, for the total) looked its holder up, half of a search's time.
            // Without words to search, the unique (kind, number, issued_year) index gives the order.
            let page = filter.query.isEmpty ? sql.pageInIndexOrder : sql.page
            let (rows, total) = try await page(
                "l.id AS id, l.kind AS kind, l.number AS number, l.issued_year AS issued_year", "licences l",
                Self.whereClause(filter, on: sql), "kind, number, issued_year", window.limit, window.offset)
            return (try await Self.listed(rows.map { try $0.decode(column: "id", as: String.self) }, from: sql), total)
        }
    }

    /// The conditions of `filter` on `licences l`.
    static func whereClause(_ filter: Filter, on sql: any SQLDatabase) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if !filter.query.isEmpty {
            // The holders that match are found once, from the index alone, not joined and
            // tested for every licence: the register's page then scans licences alone.
            let licences = LicensingSchema.licenceSearch.contains(
                filter.query, id: "l.id", key: "l.search_key", on: sql)
            let holders = LicensingSchema.organisationSearch.ids(matching: filter.query, on: sql)
            conditions.append("(\(licences) OR l.holder_id IN (\(holders)))")
        }
        if let kind = filter.kind { conditions.append("l.kind = \(bind: kind.rawValue)") }
        if let status = filter.status {
            conditions.append("l.status = \(bind: status.rawValue)")
            // Said in the words of the partial index of the other statuses (licences_not_active,
            // migration 13), so that SQLite uses it: a rare status walked the whole register,
            // 70 ms at 100,000 licences, for a page of none.
            if status != .active { conditions.append("l.status <> 'active'") }
        }
        if !filter.holderID.isEmpty { conditions.append("l.holder_id = \(bind: filter.holderID)") }
        return .whereClause(conditions)
    }

    /// Merges the licence and holder search indexes into one segment each, after a bulk load
    /// (``SearchIndex/optimize(on:)``): the register's searches then read each index once.
    public func optimizeSearch() async throws {
        try await database.write { sql in
            try await LicensingSchema.licenceSearch.optimize(on: sql)
            try await LicensingSchema.organisationSearch.optimize(on: sql)
        }
    }

    /// Fills search keys left empty by the migration that added them.
    public func backfillSearchKeys() async throws -> Int {
        let ids = try await database.read { sql in
            try await sql.raw("SELECT id FROM licences WHERE search_key = ''").all().map {
                try $0.decode(column: "id", as: String.self)
            }
        }
        guard !ids.isEmpty else { return 0 }
        try await database.write { sql in
            for id in ids {
                guard let licence = try await Self.load(id, from: sql) else { continue }
                try await sql.update("licences").set("search_key", to: Self.searchKey(licence)).where("id", .equal, id)
                    .run()
            }
        }
        return ids.count
    }

    // MARK: SQL

    /// The number and the names the content gives (domains, titles, facility names).
    static func searchKey(_ licence: Licence) -> String {
        var words = [licence.number, licence.issuedNumber]
        switch licence.current.content {
        case .website(let w): words += w.domains + [w.responsiblePerson]
        case .newsletter(let n): words += [n.name, n.responsiblePerson]
        case .publication(let p): words += [p.title, p.author]
        case .printing(let p): words += [p.facilityName, p.address]
        }
        return SearchText.key(words.joined(separator: " "))
    }

    static func row(_ version: LicenceVersion, of id: String, kind: LicenceKind) throws -> [any Encodable & Sendable] {
        [
            id, version.number, version.action.rawValue, version.effectiveOn.description, version.status.rawValue,
            version.validUntil?.description, try version.content.storedText, version.decisionNumber, version.reason,
            version.requestedOn?.description, version.licenceNumber, kind.rawValue,
        ]
    }

    static let versionColumns: [StaticString] = [
        "licence_id", "number", "action", "effective_on", "status", "valid_until", "content_json", "decision_number",
        "reason", "requested_on", "licence_number", "kind",
    ]

    static func save(
        _ licence: Licence, id: String, newVersionsFrom known: Int, into sql: any SQLDatabase
    )
        async throws
    {
        try await insertVersions(licence.versions.dropFirst(known).map { (id, licence.kind, $0) }, into: sql)
        try await sql.raw(
            """
            UPDATE licences SET status = \(bind: licence.status.rawValue),
                valid_until = \(bind: licence.validUntil?.description), current_version = \(bind: licence.current.number),
                search_key = \(bind: searchKey(licence)), number = \(bind: licence.number),
                issued_year = \(bind: licence.numberGivenOn.year)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    static func load(_ id: String, from sql: any SQLDatabase) async throws -> Licence? {
        try await loadMany([id], from: sql)[id]
    }

    /// The names of the organisations `ids` name; a holder not kept (licences imported before
    /// organisations were) has none.
    static func holderNames(_ ids: Set<String>, from sql: any SQLDatabase) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for row in try await sql.select().columns("id", "name").from("organisations").where(
            "id", .in, BindList.padded(Array(ids))
        )
        .all() {
            names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    /// Licences by id, whole, in two queries whatever their number: an export reads pages of
    /// hundreds, and a query per licence would cost more than the reading.
    static func loadMany(_ ids: [String], from sql: any SQLDatabase) async throws -> [String: Licence] {
        guard !ids.isEmpty else { return [:] }
        let padded = BindList.padded(ids)
        let heads = try await sql.select().columns("id", "kind", "number", "holder_id").from("licences")
            .where("id", .in, padded).all()
        let rows = try await sql.raw(
            """
            SELECT v.licence_id AS licence_id, v.number AS number, v.action AS action,
                v.effective_on AS effective_on, v.status AS status, v.valid_until AS valid_until,
                v.content_json AS content_json, v.decision_number AS decision_number, v.reason AS reason,
                v.requested_on AS requested_on, v.licence_number AS licence_number
            FROM licence_versions v
            WHERE v.licence_id IN (\(binds: padded)) ORDER BY v.licence_id, v.number
            """
        ).all()
        let versions = Dictionary(try Self.versions(from: rows).map { ($0.id, $0.versions) }) { first, _ in first }
        var result: [String: Licence] = [:]
        for head in heads {
            let id = try head.decode(column: "id", as: String.self)
            result[id] = try licence(id, head: head, numberColumn: "number", versions: versions[id] ?? [])
        }
        return result
    }

    /// The `content_json` column of `licence_versions v` joined to `licences l`: every version's, or
    /// the current one's and an empty text for the others.
    static func contentColumn(_ contents: VersionContents) -> SQLQueryString {
        switch contents {
        case .every: "v.content_json AS content_json"
        case .currentOnly:
            "CASE WHEN v.number = l.current_version THEN v.content_json ELSE '' END AS content_json"
        }
    }

    /// Rows of `licence_versions` ordered by licence and number, as each licence's versions. A
    /// version read without its content (an empty text) carries its licence's current content.
    static func versions(from rows: [any SQLRow]) throws -> [(id: String, versions: [LicenceVersion])] {
        // Read from the last row back, each row decoded once (a read by id is on every call's
        // path): a licence's last row is its current version, read first, whose content the
        // earlier rows stand in with.
        var result: [(id: String, versions: [LicenceVersion])] = []
        var current: (licenceID: String, content: LicenceContent)?
        for row in rows.reversed() {
            let (id, version) = try version(from: row, standIn: current)
            if current?.licenceID == id {
                result[result.count - 1].versions.append(version)
            } else {
                result.append((id, [version]))
                current = (id, version.content)
            }
        }
        return result.reversed().map { ($0.id, $0.versions.reversed()) }
    }

    /// A licence from its head row (`kind`, `holder_id` and the current number in `numberColumn`)
    /// and its versions in order.
    static func licence(
        _ id: String, head: any SQLRow, numberColumn: String, versions: [LicenceVersion]
    ) throws -> Licence {
        guard let kind = LicenceKind(rawValue: try head.decode(column: "kind", as: String.self)),
            let first = versions.first
        else { throw StoredDataError("licence \(id) does not read") }
        // The number it was issued under is its first version's (the licences row holds the
        // current one, which an exchange may have changed).
        var licence = Licence(
            kind: kind, number: try first.licenceNumber ?? head.decode(column: numberColumn, as: String.self),
            holderID: try head.decode(column: "holder_id", as: String.self), first: first)
        for version in versions.dropFirst() { licence.append(version) }
        return licence
    }

    /// One row of `licence_versions` (its columns under their own names), with the licence it belongs to.
    /// `standIn`: the content of a version of that licence read without it (an empty text).
    static func version(
        from row: any SQLRow, standIn: (licenceID: String, content: LicenceContent)? = nil
    ) throws -> (licenceID: String, version: LicenceVersion) {
        let id = try row.decode(column: "licence_id", as: String.self)
        func date(_ column: String) throws -> CalendarDate? { try Self.date(column, of: row) }
        guard let action = LicenceAction(rawValue: try row.decode(column: "action", as: String.self)),
            let status = LicenceStatus(rawValue: try row.decode(column: "status", as: String.self)),
            let effectiveOn = try date("effective_on")
        else { throw StoredDataError("licence \(id) has a version that does not read") }
        var version = LicenceVersion(
            number: try row.decode(column: "number", as: Int.self), action: action, effectiveOn: effectiveOn,
            status: status, validUntil: try date("valid_until"),
            content: try Self.content(
                try row.decode(column: "content_json", as: String.self),
                standIn: standIn?.licenceID == id ? standIn?.content : nil),
            decisionNumber: try row.decode(column: "decision_number", as: String.self),
            reason: try row.decode(column: "reason", as: String.self), requestedOn: try date("requested_on"))
        version.licenceNumber = try row.decode(column: "licence_number", as: String?.self)
        return (id, version)
    }

    /// A date column of `row` (nil when it holds none), refusing text that is not a date.
    static func date(_ column: String, of row: any SQLRow) throws -> CalendarDate? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        guard let value = CalendarDate(iso: text) else { throw StoredDataError("\(column) '\(text)'") }
        return value
    }

    /// The refusal of `licence` because another licence carries its number, named on `field`.
    static func numberTaken(_ licence: Licence, rules: LicenceRules, field: String = "number") -> LicensingError {
        let name = rules.numberName(kind: licence.kind, number: licence.number, issuedOn: licence.numberGivenOn)
        return .notAllowed(field, "\(name) is already recorded")
    }

    private static func content(_ text: String, standIn: LicenceContent?) throws -> LicenceContent {
        if text.isEmpty, let standIn { return standIn }
        return try LicenceContent.stored(text)
    }
}

extension LicenceStore {
    /// What an issue asks before it writes, in one statement rather than two (a round trip each on
    /// PostgreSQL): its holder's name (nil when the organisations register has no such holder) and
    /// whether its number is taken, under the rules' numbering, as ``recordedNumbers(of:rules:in:)``
    /// would say.
    static func holderAndNumber(
        of licence: Licence, rules: LicenceRules, in sql: any SQLDatabase
    ) async throws -> (holderName: String?, numberTaken: Bool) {
        let year: SQLQueryString =
            switch rules.numbering {
            case .perYear: " AND issued_year = \(bind: licence.numberGivenOn.year)"
            case .forAllTime: ""
            }
        let row = try await sql.raw(
            """
            SELECT (SELECT name FROM organisations WHERE id = \(bind: licence.holderID)) AS holder_name,
                CASE WHEN EXISTS (SELECT 1 FROM licences WHERE kind = \(bind: licence.kind.rawValue)
                    AND number = \(bind: licence.number)\(year)) THEN 1 ELSE 0 END AS number_taken
            """
        ).first()
        guard let row else { return (nil, false) }
        return (
            try row.decode(column: "holder_name", as: String?.self),
            try row.decode(column: "number_taken", as: Int.self) == 1
        )
    }

    /// The number keys (``LicenceRules/numberKey(kind:number:year:)``) already recorded among
    /// those `licences` carry now: one query per type and 500 numbers.
    static func recordedNumbers(
        of licences: [Licence], rules: LicenceRules, in sql: any SQLDatabase
    ) async throws -> Set<String> {
        var recorded: Set<String> = []
        for kind in Set(licences.map(\.kind)) {
            let numbers = Array(Set(licences.filter { $0.kind == kind }.map(\.number)))
            for chunk in numbers.chunked(500) {
                let numbers: [any Encodable & Sendable] = Array(chunk)
                // A number is taken in the year it was given (`issued_year`), which is not the
                // year of issue once an exchange has given the licence a new number.
                for row in try await sql.raw(
                    """
                    SELECT number, issued_year FROM licences WHERE kind = \(bind: kind.rawValue)
                        AND number IN (\(binds: numbers))
                    """
                ).all() {
                    recorded.insert(
                        rules.numberKey(
                            kind: kind, number: try row.decode(column: "number", as: String.self),
                            year: try row.decode(column: "issued_year", as: Int.self)))
                }
            }
        }
        return recorded
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
