import CalendarDates
import CommonAPI
import Logging
import SQLKit
import ServiceStorage
import Synchronization

/// The registry kept in the service's database, with an in-memory snapshot for reading. What a
/// database starts with is the deployment's choice (``AdminUnitSeed``); imports add or update units
/// and lineage.
public final class AdminUnitStore: Sendable {
    public static let migrations = [
        Migration(
            namespace: "admin_units", 1, "units and lineage",
            sql: [
                """
                CREATE TABLE admin_units (
                    code TEXT PRIMARY KEY, official_code TEXT NOT NULL, name TEXT NOT NULL,
                    search_key TEXT NOT NULL, level INTEGER NOT NULL,
                    parent_code TEXT REFERENCES admin_units(code), valid_from TEXT NOT NULL, valid_to TEXT,
                    placeholder INTEGER NOT NULL, source TEXT NOT NULL)
                """,
                "CREATE INDEX admin_units_parent ON admin_units(parent_code)",
                """
                CREATE TABLE admin_unit_lineage (
                    old_code TEXT NOT NULL REFERENCES admin_units(code),
                    new_code TEXT NOT NULL REFERENCES admin_units(code),
                    effective TEXT NOT NULL, PRIMARY KEY (old_code, new_code))
                """,
            ]),
        Migration(
            namespace: "admin_units", 2, "the kind of a unit and its population",
            sql: [
                "ALTER TABLE admin_units ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE admin_units ADD COLUMN population INTEGER",
            ]),
    ]

    let database: Database
    private let current: Mutex<AdminUnitRegistry>

    private init(database: Database, registry: AdminUnitRegistry) {
        self.database = database
        self.current = Mutex(registry)
    }

    /// A file of units that does not read: each wrong row with its line.
    public struct SeedError: Error, Sendable, CustomStringConvertible {
        public let source: String
        public let rows: [AdminUnitCSV.RowError]
        public var description: String {
            "\(source): " + rows.prefix(5).map(\.description).joined(separator: "; ")
                + (rows.count > 5 ? " (and \(rows.count - 5) more)" : "")
        }
    }

    /// Loads the registry after applying `seed`: the demo units or the deployment's file are
    /// written (added or updated) first, all or nothing.
    public static func open(
        database: Database, logger: Logger, seed: AdminUnitSeed = .none
    ) async throws
        -> AdminUnitStore
    {
        switch seed {
        case .none:
            break
        case .demoBacKan2023:
            // Once: units imported over the demo ones are not put back at the next start.
            guard try await load(database).units.isEmpty else { break }
            guard case .success(let shipped) = AdminUnitCSV.parse(BacKan2023.csv, known: AdminUnitRegistry()) else {
                preconditionFailure("the shipped administrative units do not parse")  // a test guards this
            }
            let villages = BacKan2023.villages(of: shipped.units.filter { $0.level == .commune })
            try await database.write { database in
                try await Self.save(shipped.units + villages, [], into: database)
            }
            logger.info(
                "loaded the Bắc Kạn 2023 demo administrative units",
                metadata: ["units": "\(shipped.units.count + villages.count)"])
        case .csv(let text, let source):
            try await database.write { database in
                let known = try await Self.load(database)
                switch AdminUnitCSV.parse(text, known: known) {
                case .success(let parsed): try await Self.save(parsed.units, parsed.lineage, into: database)
                case .failure(let errors): throw SeedError(source: source, rows: errors.rows)
                }
            }
        }
        let registry = try await load(database)
        if registry.units.isEmpty {
            logger.warning(
                "no administrative units: set DIC_UNITS to the deployment's units file, or import them with dicctl units import"
            )
        }
        return AdminUnitStore(database: database, registry: registry)
    }

    public var registry: AdminUnitRegistry { current.withLock { $0 } }

    /// Validates the CSV against the registry and, when every row is right, applies it in one
    /// transaction, once per request id. When any row is wrong nothing is applied and every wrong
    /// row is returned, so the corrected file can be sent again with the same id.
    public func importCSV(_ csv: String, requestID: String) async throws -> ImportAdminUnitsResponse {
        if case .failure(let errors) = AdminUnitCSV.parse(csv, known: registry) {
            return ImportAdminUnitsResponse(
                errors: errors.rows.map { ImportRowError(line: Int32($0.line), reason: $0.reason) })
        }
        let response = try await database.idempotentWrite(requestID: requestID, method: "ImportAdminUnits") {
            database in
            // Checked again inside the transaction: another import may have landed meanwhile.
            let known = try await Self.load(database)
            let parsed: AdminUnitCSV.Parsed
            switch AdminUnitCSV.parse(csv, known: known) {
            case .success(let value): parsed = value
            case .failure(let errors):
                return ImportAdminUnitsResponse(
                    errors: errors.rows.map { ImportRowError(line: Int32($0.line), reason: $0.reason) })
            }
            try await Self.save(parsed.units, parsed.lineage, into: database)
            for unit in parsed.units { AuditLog.touch("admin_unit:\(unit.code)") }
            let updated = parsed.units.filter { known.unit($0.code) != nil }.count
            let newLinks = parsed.lineage.filter { !known.lineage.contains($0) }.count
            return ImportAdminUnitsResponse(
                unitsAdded: Int32(parsed.units.count - updated), unitsUpdated: Int32(updated),
                lineageAdded: Int32(newLinks))
        }
        let reloaded = try await Self.load(database)
        current.withLock { $0 = reloaded }
        return response
    }

    // MARK: SQL

    static func save(
        _ units: [AdminUnitRecord], _ lineage: [LineageRecord], into database: any SQLDatabase
    ) async throws {
        // Parents before children, so the foreign key holds row by row.
        for unit in units.sorted(by: { $0.level.rawValue < $1.level.rawValue }) {
            try await database.raw(
                """
                INSERT INTO admin_units (code, official_code, name, search_key, level, parent_code, valid_from,
                    valid_to, placeholder, source, kind, population)
                VALUES (\(bind: unit.code), \(bind: unit.officialCode), \(bind: unit.name),
                    \(bind: SearchText.key(unit.name)), \(bind: Int(unit.level.rawValue)), \(bind: unit.parentCode),
                    \(bind: unit.validFrom.description), \(bind: unit.validTo?.description),
                    \(bind: unit.placeholder ? 1 : 0), \(bind: unit.source), \(bind: unit.kind?.rawValue ?? ""),
                    \(bind: unit.population))
                ON CONFLICT(code) DO UPDATE SET official_code = excluded.official_code, name = excluded.name,
                    search_key = excluded.search_key, level = excluded.level, parent_code = excluded.parent_code,
                    valid_from = excluded.valid_from, valid_to = excluded.valid_to,
                    placeholder = excluded.placeholder, source = excluded.source, kind = excluded.kind,
                    population = excluded.population
                """
            ).run()
        }
        for link in lineage {
            try await database.insert(into: "admin_unit_lineage").columns("old_code", "new_code", "effective")
                .values(SQLBind(link.oldCode), SQLBind(link.newCode), SQLBind(link.effective.description))
                .ignoringConflicts().run()
        }
    }

    static func load(_ database: Database) async throws -> AdminUnitRegistry {
        try await database.read { try await load($0) }
    }

    /// A date this store wrote; anything else means the database was changed behind its back.
    static func storedDate(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else {
            throw StorageError(.cannotOpen, "admin_units: stored date '\(text)' is not YYYY-MM-DD")
        }
        return date
    }

    static func load(_ database: any SQLDatabase) async throws -> AdminUnitRegistry {
        let units = try await database.raw(
            """
            SELECT code, official_code, name, level, parent_code, valid_from, valid_to, placeholder, source, kind,
                population
            FROM admin_units
            """
        ).all().map { row in
            AdminUnitRecord(
                code: try row.decode(column: "code", as: String.self),
                officialCode: try row.decode(column: "official_code", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                level: AdminLevel(rawValue: Int32(try row.decode(column: "level", as: Int.self))),
                parentCode: try row.decode(column: "parent_code", as: String?.self),
                validFrom: try storedDate(row.decode(column: "valid_from", as: String.self)),
                validTo: try row.decode(column: "valid_to", as: String?.self).flatMap(CalendarDate.init(iso:)),
                placeholder: try row.decode(column: "placeholder", as: Int.self) != 0,
                source: try row.decode(column: "source", as: String.self),
                kind: AdminUnitKind(rawValue: try row.decode(column: "kind", as: String.self)),
                population: try row.decode(column: "population", as: Int?.self))
        }
        let lineage = try await database.raw("SELECT old_code, new_code, effective FROM admin_unit_lineage").all().map {
            row in
            LineageRecord(
                oldCode: try row.decode(column: "old_code", as: String.self),
                newCode: try row.decode(column: "new_code", as: String.self),
                effective: try storedDate(row.decode(column: "effective", as: String.self)))
        }
        return AdminUnitRegistry(units: units, lineage: lineage)
    }
}
