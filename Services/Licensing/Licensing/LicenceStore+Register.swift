import CommonAPI
import LicensingDomain
import SQLKit
import ServiceStorage

extension LicenceStore {
    /// What storing one batch of an import did.
    public struct BatchOutcome: Sendable, Hashable {
        public var imported = 0
        public var alreadyRecorded = 0
        public var organisationsCreated = 0
        /// Licences turned down here (their holder does not resolve, say), by line.
        public var refusals: [LicenceRegister.Problem] = []
        /// Holders this batch found or created, by key: kept for the next batches only once the
        /// batch is stored, so a batch rolled back leaves no id of an organisation never stored.
        var holdersFound: [String: String] = [:]
    }

    /// Stores a batch of imported licences in one transaction, skipping those already recorded
    /// (type and number, with the year under yearly numbering), so a file imported twice adds
    /// nothing the second time. Holders are
    /// found by id, tax code or name, or created. A dry run reads the same way and writes nothing.
    public func importBatch(
        _ batch: [LicenceImport.Built], holders: ImportHolders = ImportHolders(), dryRun: Bool,
        knownUnit: @escaping @Sendable (String) -> Bool
    ) async throws -> BatchOutcome {
        let body: (any SQLDatabase) async throws -> BatchOutcome = { sql in
            var outcome = BatchOutcome()
            let recorded = try await Self.recordedNumbers(of: batch.map(\.licence), rules: rules, in: sql)
            var fresh: [Stored] = []
            for built in batch {
                guard !recorded.contains(rules.numberKey(built.licence)) else {
                    outcome.alreadyRecorded += 1
                    continue
                }
                do {
                    let holderID = try await Self.resolve(
                        built.holder, known: holders, inBatch: &outcome.holdersFound,
                        created: &outcome.organisationsCreated, dryRun: dryRun,
                        knownUnit: knownUnit, in: sql)
                    fresh.append(Stored(id: LicensingID.make("lic"), licence: built.licence.held(by: holderID)))
                } catch let error as LicensingError {
                    outcome.refusals.append(.init(line: built.line, field: error.field, reason: error.rule))
                }
            }
            if !dryRun {
                for chunk in fresh.chunked(200) { try await Self.insertNew(chunk, rules: rules, into: sql) }
            }
            outcome.imported = fresh.count
            return outcome
        }
        let outcome = dryRun ? try await database.read(body) : try await database.write(body)
        holders.remember(outcome.holdersFound)
        return outcome
    }

    /// The organisation a register row names, found or (unless a dry run) created.
    static func resolve(
        _ holder: LicenceRegister.Holder, known: ImportHolders, inBatch: inout [String: String], created: inout Int,
        dryRun: Bool,
        knownUnit: @Sendable (String) -> Bool, in sql: any SQLDatabase
    ) async throws -> String {
        let organisation = holder.organisation
        if !holder.id.isEmpty {
            if try await OrganisationStore.exists(holder.id, in: sql) { return holder.id }
            // A register exported by another service names its own ids: the details decide.
            guard !organisation.name.isEmpty || !organisation.taxCode.isEmpty else {
                throw LicensingError.invalid("holder_id", "no organisation '\(holder.id)'")
            }
        }
        let key =
            organisation.taxCode.isEmpty ? "name:" + SearchText.key(organisation.name) : "tax:" + organisation.taxCode
        if let id = inBatch[key] ?? known.id(for: key) { return id }
        var found: OrganisationStore.Stored?
        if !organisation.taxCode.isEmpty {
            found = try await OrganisationStore.byTaxCode(organisation.taxCode, in: sql)
        } else if !organisation.name.isEmpty {
            found = try await OrganisationStore.byName(organisation.name, in: sql)
        }
        let id: String
        if let found {
            id = found.id
        } else {
            guard !organisation.name.isEmpty else {
                throw LicensingError.invalid("holder_name", "required when the row gives no holder_id")
            }
            do {
                try organisation.validate()
            } catch {
                throw LicensingError(kind: error.kind, field: "holder_" + error.field, rule: error.rule)
            }
            guard organisation.unitCode.isEmpty || knownUnit(organisation.unitCode) else {
                throw LicensingError.invalid("holder_unit_code", "no administrative unit '\(organisation.unitCode)'")
            }
            id = OrganisationStore.newID()
            if dryRun {
                if !known.countedAsCreated(key) { created += 1 }
            } else {
                try await OrganisationStore.insert(.init(id: id, organisation: organisation), into: sql)
                created += 1
            }
        }
        inBatch[key] = id
        return id
    }

    /// Where an export's page ended: the last row's type, number and year of numbering as the
    /// register keeps them, which together name a licence (numbers restart each year).
    public struct ExportPosition: Sendable, Hashable {
        var kind: String
        var number: String
        var year: Int
    }

    /// The licences after `after` in type, number and year order, all kinds or one, with their
    /// holders as the register writes them: one page of an export, and where it ended (nil for
    /// a page with no licence: the export is done).
    public func exportPage(
        kind: LicenceKind?, after: ExportPosition?, limit: Int
    ) async throws -> (page: [(Stored, LicenceRegister.Holder)], end: ExportPosition?) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let kind { conditions.append("kind = \(bind: kind.rawValue)") }
            if let after {
                // The page's own order, whole: on the type and number alone, a page that ended on
                // "01/GP" of 2021 left out the "01/GP" of every later year.
                conditions.append(
                    "(kind, number, issued_year) > (\(bind: after.kind), \(bind: after.number), \(bind: after.year))")
            }
            let rows = try await sql.raw(
                """
                SELECT id, kind, number, issued_year FROM licences \(SQLQueryString.whereClause(conditions))
                ORDER BY kind, number, issued_year LIMIT \(bind: limit)
                """
            ).all()
            let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
            // From the row itself, not worked out again from the licence read.
            let end = try rows.last.map {
                ExportPosition(
                    kind: try $0.decode(column: "kind", as: String.self),
                    number: try $0.decode(column: "number", as: String.self),
                    year: try $0.decode(column: "issued_year", as: Int.self))
            }
            var page: [(Stored, LicenceRegister.Holder)] = []
            var holders: [String: LicenceRegister.Holder] = [:]
            let loaded = try await Self.loadMany(ids, from: sql)
            for id in ids {
                guard let licence = loaded[id] else { continue }
                let holderID = licence.holderID
                var holder = holders[holderID]
                if holder == nil {
                    let organisation = try await OrganisationStore.load(holderID, from: sql)?.organisation
                    holder = LicenceRegister.Holder(id: holderID, organisation: organisation ?? Organisation(name: ""))
                    holders[holderID] = holder
                }
                guard let holder else { continue }
                page.append((Stored(id: id, licence: licence), holder))
            }
            return (page, end)
        }
    }
}
