import CommonAPI
import Foundation
import LicensingDomain
import SQLKit
import ServiceStorage

/// Organisations that apply for and hold licences. A tax code names one organisation only.
public struct OrganisationStore: Sendable {
    public struct Stored: Sendable, Hashable {
        public var id: String
        public var organisation: Organisation
    }

    let database: Database
    /// Whether a unit code names a real administrative unit (the registry the service hosts).
    let knownUnit: @Sendable (String) -> Bool

    public init(database: Database, knownUnit: @escaping @Sendable (String) -> Bool = { _ in true }) {
        self.database = database
        self.knownUnit = knownUnit
    }

    public func create(_ organisation: Organisation, requestID: String) async throws -> Stored {
        try check(organisation)
        let id = Self.newID()
        let made = try await database.idempotentWrite(requestID: requestID, method: "CreateOrganisation") { sql in
            try await Self.insert(Stored(id: id, organisation: organisation), into: sql)
            return id
        }
        return try await stored(made)
    }

    public func update(_ organisation: Organisation, id: String) async throws -> Stored {
        try check(organisation)
        try await database.write { sql in
            guard try await Self.load(id, from: sql) != nil else {
                throw LicensingError.invalid("id", "no organisation '\(id)'")
            }
            try await Self.refuseTaxCodeOfAnother(organisation.taxCode, id: id, in: sql)
            AuditLog.touch("organisation:\(id)")
            try await sql.update("organisations")
                .set("name", to: organisation.name).set("tax_code", to: organisation.taxCode)
                .set("address", to: organisation.address).set("unit_code", to: organisation.unitCode)
                .set("contact_name", to: organisation.contactName).set("contact_phone", to: organisation.contactPhone)
                .set("contact_email", to: organisation.contactEmail)
                .set("search_key", to: Self.searchKey(organisation))
                .where("id", .equal, id).run()
        }
        return try await stored(id)
    }

    public func get(_ id: String) async throws -> Stored? {
        try await database.read { sql in try await Self.load(id, from: sql) }
    }

    /// Organisations whose name, tax code or address contain `query` (ignoring case and
    /// diacritics), in name order.
    public func list(query: String, unitCode: String, window: PageWindow) async throws -> ([Stored], total: Int) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !query.isEmpty {
                conditions.append(
                    LicensingSchema.organisationSearch.contains(query, id: "id", key: "search_key", on: sql))
            }
            if !unitCode.isEmpty { conditions.append("unit_code = \(bind: unitCode)") }
            // Without words to search, the index on the search key gives the order.
            let page = query.isEmpty ? sql.pageInIndexOrder : sql.page
            let (rows, total) = try await page(
                "\(unsafeRaw: Self.columns), search_key", "organisations", .whereClause(conditions), "search_key, id",
                window.limit, window.offset)
            return (try rows.map(Self.stored), total)
        }
    }

    private func check(_ organisation: Organisation) throws {
        try organisation.validate()
        guard organisation.unitCode.isEmpty || knownUnit(organisation.unitCode) else {
            throw LicensingError.invalid("unit_code", "no administrative unit '\(organisation.unitCode)'")
        }
    }

    private func stored(_ id: String) async throws -> Stored {
        guard let stored = try await get(id) else { throw StoredDataError("organisation \(id) vanished") }
        return stored
    }

    // MARK: SQL, for this store and the register import

    static func newID() -> String { LicensingID.make("org") }

    static let columns = "id, name, tax_code, address, unit_code, contact_name, contact_phone, contact_email"

    static func insert(_ stored: Stored, into sql: any SQLDatabase) async throws {
        try await refuseTaxCodeOfAnother(stored.organisation.taxCode, id: stored.id, in: sql)
        AuditLog.touch("organisation:\(stored.id)")
        let o = stored.organisation
        try await sql.insert(into: "organisations")
            .columns(
                "id", "name", "tax_code", "address", "unit_code", "contact_name", "contact_phone", "contact_email",
                "search_key"
            )
            .values(
                SQLBind(stored.id), SQLBind(o.name), SQLBind(o.taxCode), SQLBind(o.address), SQLBind(o.unitCode),
                SQLBind(o.contactName), SQLBind(o.contactPhone), SQLBind(o.contactEmail), SQLBind(searchKey(o))
            ).run()
    }

    static func refuseTaxCodeOfAnother(_ taxCode: String, id: String, in sql: any SQLDatabase) async throws {
        guard !taxCode.isEmpty,
            let other = try await sql.raw(
                """
                SELECT id, name FROM organisations WHERE tax_code = \(bind: taxCode) AND tax_code <> '' AND id <> \(bind: id)
                """
            ).first()
        else { return }
        throw LicensingError.notAllowed(
            "tax_code",
            "\(taxCode) is the tax code of \(try other.decode(column: "name", as: String.self)) "
                + "(\(try other.decode(column: "id", as: String.self)))")
    }

    static func load(_ id: String, from sql: any SQLDatabase) async throws -> Stored? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM organisations WHERE id = \(bind: id)").first().map(stored)
    }

    static func exists(_ id: String, in sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("SELECT 1 AS one FROM organisations WHERE id = \(bind: id)").first() != nil
    }

    static func byTaxCode(_ taxCode: String, in sql: any SQLDatabase) async throws -> Stored? {
        // "<> ''" lets SQLite use the partial unique index (it cannot know a bound value is not empty).
        try await sql.raw(
            "SELECT \(unsafeRaw: columns) FROM organisations WHERE tax_code = \(bind: taxCode) AND tax_code <> ''"
        ).first().map(stored)
    }

    static func byName(_ name: String, in sql: any SQLDatabase) async throws -> Stored? {
        try await sql.raw(
            "SELECT \(unsafeRaw: columns) FROM organisations WHERE search_key = \(bind: SearchText.key(name)) LIMIT 1"
        ).first().map(stored)
    }

    static func searchKey(_ o: Organisation) -> String {
        SearchText.key([o.name, o.taxCode, o.address].joined(separator: " "))
    }

    static func stored(_ row: any SQLRow) throws -> Stored {
        Stored(
            id: try row.decode(column: "id", as: String.self),
            organisation: Organisation(
                name: try row.decode(column: "name", as: String.self),
                taxCode: try row.decode(column: "tax_code", as: String.self),
                address: try row.decode(column: "address", as: String.self),
                unitCode: try row.decode(column: "unit_code", as: String.self),
                contactName: try row.decode(column: "contact_name", as: String.self),
                contactPhone: try row.decode(column: "contact_phone", as: String.self),
                contactEmail: try row.decode(column: "contact_email", as: String.self)))
    }
}
