import LicensingDomain
import ServiceStorage

/// The licensing tables, as numbered migrations in the `licensing` namespace. Plain SQL that
/// SQLite and PostgreSQL both take; dates are ISO text, which sorts as dates do.
public enum LicensingSchema {
    public static let migrations = [
        Migration(
            namespace: "licensing", 1, "licences and versions",
            sql: [
                """
                CREATE TABLE licences (
                    id TEXT PRIMARY KEY, kind TEXT NOT NULL, number TEXT NOT NULL, holder_id TEXT NOT NULL,
                    status TEXT NOT NULL, issued_on TEXT NOT NULL, valid_until TEXT,
                    current_version INTEGER NOT NULL, UNIQUE (kind, number))
                """,
                """
                CREATE TABLE licence_versions (
                    licence_id TEXT NOT NULL REFERENCES licences(id), number INTEGER NOT NULL,
                    action TEXT NOT NULL, effective_on TEXT NOT NULL, status TEXT NOT NULL, valid_until TEXT,
                    content_json TEXT NOT NULL, decision_number TEXT NOT NULL, reason TEXT NOT NULL,
                    PRIMARY KEY (licence_id, number))
                """,
                "CREATE INDEX licence_versions_effective ON licence_versions (effective_on)",
                "CREATE INDEX licences_valid_until ON licences (valid_until)",
                "CREATE INDEX licences_holder ON licences (holder_id)",
            ]),
        Migration(
            namespace: "licensing", 2, "organisations, procedures, dossiers, inspections, sanctions",
            sql: [
                // Search keys are filled by the code (folding Vietnamese diacritics is not SQL).
                "ALTER TABLE licences ADD COLUMN search_key TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE licence_versions ADD COLUMN requested_on TEXT",
                """
                CREATE TABLE organisations (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, tax_code TEXT NOT NULL, address TEXT NOT NULL,
                    unit_code TEXT NOT NULL, contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL,
                    contact_email TEXT NOT NULL, search_key TEXT NOT NULL)
                """,
                "CREATE UNIQUE INDEX organisations_tax_code ON organisations (tax_code) WHERE tax_code <> ''",
                "CREATE INDEX organisations_search_key ON organisations (search_key)",
                """
                CREATE TABLE procedures (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, action TEXT NOT NULL,
                    processing_days INTEGER NOT NULL, day_count TEXT NOT NULL)
                """,
                "CREATE TABLE holidays (day TEXT PRIMARY KEY, name TEXT NOT NULL, working_day INTEGER NOT NULL)",
                // The procedure's time is copied in: a dossier keeps the time that applied when it arrived.
                """
                CREATE TABLE dossiers (
                    code TEXT PRIMARY KEY, procedure_code TEXT NOT NULL, procedure_name TEXT NOT NULL,
                    kind TEXT NOT NULL, action TEXT NOT NULL, processing_days INTEGER NOT NULL, day_count TEXT NOT NULL,
                    applicant_id TEXT NOT NULL, channel TEXT NOT NULL, online_type TEXT NOT NULL,
                    received_on TEXT NOT NULL, fee_vnd INTEGER NOT NULL, paid_online INTEGER NOT NULL,
                    status TEXT NOT NULL, decided_on TEXT, result_licence TEXT, search_key TEXT NOT NULL)
                """,
                "CREATE INDEX dossiers_received ON dossiers (received_on)",
                "CREATE INDEX dossiers_status ON dossiers (status)",
                """
                CREATE TABLE dossier_steps (
                    dossier_code TEXT NOT NULL REFERENCES dossiers(code), seq INTEGER NOT NULL, on_date TEXT NOT NULL,
                    status TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (dossier_code, seq))
                """,
                """
                CREATE TABLE inspections (
                    id TEXT PRIMARY KEY, plan TEXT NOT NULL, decision_number TEXT NOT NULL, team TEXT NOT NULL,
                    subject_id TEXT NOT NULL, licence_id TEXT NOT NULL, inspected_on TEXT NOT NULL,
                    findings TEXT NOT NULL, search_key TEXT NOT NULL)
                """,
                """
                CREATE TABLE sanctions (
                    id TEXT PRIMARY KEY, decision_number TEXT NOT NULL, decided_on TEXT NOT NULL,
                    subject_id TEXT NOT NULL, licence_id TEXT NOT NULL, inspection_id TEXT NOT NULL,
                    violated_provision TEXT NOT NULL, fine_vnd INTEGER NOT NULL, extra_penalties_json TEXT NOT NULL,
                    suspends_licence INTEGER NOT NULL, remedial_measures_json TEXT NOT NULL, payment TEXT NOT NULL,
                    settled_on TEXT, search_key TEXT NOT NULL)
                """,
                """
                CREATE TABLE obligation_fulfilments (
                    licence_id TEXT NOT NULL, kind TEXT NOT NULL, year INTEGER NOT NULL, fulfilled_on TEXT NOT NULL,
                    PRIMARY KEY (licence_id, kind, year))
                """,
            ] + Procedure.defaults.map(ProcedureStore.insertStatement)),
        // Numbers restart each year: (kind, number) is no longer unique, (kind, number, year of
        // issue) is, and the rules decide whether the year counts. A table constraint cannot be
        // dropped in SQLite, so both tables are rebuilt (the versions refer to the licences): new
        // tables, rows copied, old ones dropped child first, new ones renamed, indexes again.
        Migration(
            namespace: "licensing", 3, "licence numbers unique per year of issue",
            sql: [
                """
                CREATE TABLE licences_rebuilt (
                    id TEXT PRIMARY KEY, kind TEXT NOT NULL, number TEXT NOT NULL, holder_id TEXT NOT NULL,
                    status TEXT NOT NULL, issued_on TEXT NOT NULL, valid_until TEXT,
                    current_version INTEGER NOT NULL, search_key TEXT NOT NULL DEFAULT '',
                    issued_year INTEGER NOT NULL, UNIQUE (kind, number, issued_year))
                """,
                """
                INSERT INTO licences_rebuilt (id, kind, number, holder_id, status, issued_on, valid_until,
                    current_version, search_key, issued_year)
                SELECT id, kind, number, holder_id, status, issued_on, valid_until, current_version, search_key,
                    CAST(SUBSTR(issued_on, 1, 4) AS INTEGER)
                FROM licences
                """,
                """
                CREATE TABLE licence_versions_rebuilt (
                    licence_id TEXT NOT NULL REFERENCES licences_rebuilt(id), number INTEGER NOT NULL,
                    action TEXT NOT NULL, effective_on TEXT NOT NULL, status TEXT NOT NULL, valid_until TEXT,
                    content_json TEXT NOT NULL, decision_number TEXT NOT NULL, reason TEXT NOT NULL,
                    requested_on TEXT, PRIMARY KEY (licence_id, number))
                """,
                """
                INSERT INTO licence_versions_rebuilt (licence_id, number, action, effective_on, status, valid_until,
                    content_json, decision_number, reason, requested_on)
                SELECT licence_id, number, action, effective_on, status, valid_until, content_json, decision_number,
                    reason, requested_on
                FROM licence_versions
                """,
                "DROP TABLE licence_versions",
                "DROP TABLE licences",
                // The versions' reference follows the rename (SQLite 3.26+, and PostgreSQL by identity).
                "ALTER TABLE licences_rebuilt RENAME TO licences",
                "ALTER TABLE licence_versions_rebuilt RENAME TO licence_versions",
                "CREATE INDEX licence_versions_effective ON licence_versions (effective_on)",
                "CREATE INDEX licences_valid_until ON licences (valid_until)",
                "CREATE INDEX licences_holder ON licences (holder_id)",
                "CREATE INDEX licences_kind_number ON licences (kind, number)",
            ]),
        // The official days off ship as reference data; a year already entered is left as it is.
        Migration(
            namespace: "licensing", 4, "the official days off 2023-2026",
            sql: ProcedureStore.officialHolidayStatements()),
        // An exchange gives the licence a new document number: each version records the number it
        // gave (the issue its first), and the licences row carries the current number with the year
        // it was given (issued_year), which is what numbers are unique by.
        Migration(
            namespace: "licensing", 5, "the number each version gave the licence",
            sql: [
                "ALTER TABLE licence_versions ADD COLUMN licence_number TEXT",
                """
                UPDATE licence_versions SET licence_number =
                    (SELECT number FROM licences WHERE licences.id = licence_versions.licence_id)
                WHERE number = 1
                """,
            ]),
        // A quarter's counts by licence type and action are read from one index range, not a join
        // reaching into the licences table for each version's type: a licence's type never
        // changes, so each version carries it. The new index starts with the date, so it replaces
        // the date-only one.
        Migration(
            namespace: "licensing", 6, "each version's licence type, for period counts from one index",
            sql: [
                "ALTER TABLE licence_versions ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
                """
                UPDATE licence_versions SET kind =
                    (SELECT kind FROM licences WHERE licences.id = licence_versions.licence_id)
                """,
                "CREATE INDEX licence_versions_period ON licence_versions (effective_on, kind, action)",
                "DROP INDEX licence_versions_effective",
            ]),
        // A search of the register ("contains") read all 100,000 licences and their holders: a
        // trigram index over each search key narrows it to the rows that may match.
        Migration(namespace: "licensing", 7, "trigram indexes for searching licences and organisations") {
            database in
            for index in [LicensingSchema.licenceSearch, LicensingSchema.organisationSearch] {
                try await index.create(on: database)
            }
        },
        // A quarter's counts read every version of the quarter and sorted them by type and action
        // (5,000 versions: 1.3 ms, the sort most of it). Versions are only ever added, so the
        // counts are kept by day as they are written, and a period reads a row per day and pair.
        Migration(
            namespace: "licensing", 8, "actions counted by day",
            sql: [
                """
                CREATE TABLE licence_action_days (
                    effective_on TEXT NOT NULL, kind TEXT NOT NULL, action TEXT NOT NULL, n INTEGER NOT NULL,
                    PRIMARY KEY (effective_on, kind, action))
                """,
                """
                INSERT INTO licence_action_days (effective_on, kind, action, n)
                SELECT effective_on, kind, action, COUNT(*) FROM licence_versions GROUP BY effective_on, kind, action
                """,
            ]),
        // FTS5 wrote a segment of the trigram index, and merged segments, at the end of every
        // write's savepoint (a seventh of an IssueLicence): the index is now written at the commit.
        Migration(namespace: "licensing", 9, "search indexes written at the commit") { database in
            for index in [LicensingSchema.licenceSearch, LicensingSchema.organisationSearch] {
                try await index.deferUpdates(on: database)
            }
        },
        // A changed name left its old entry in the index, so a search looked up the row of every
        // entry it found: three lookups per organisation the register's search matched.
        Migration(namespace: "licensing", 10, "search indexes with one entry per row") { database in
            for index in [LicensingSchema.licenceSearch, LicensingSchema.organisationSearch] {
                try await index.keepOneEntryPerRow(on: database)
            }
        },
        // (kind, number) was indexed twice: by this index and as the start of the unique
        // (kind, number, issued_year), which serves every lookup and order the first did. Each
        // write paid for both, a page of each when numbers are not given in order.
        Migration(
            namespace: "licensing", 11, "the index of licence numbers kept once",
            sql: ["DROP INDEX IF EXISTS licences_kind_number"]),
        // The reasons the service wrote itself (an expiry, a suspension's end, a revocation at a
        // second suspension) were English in a Vietnamese register; they are its own labels, not
        // an officer's words, so the history already written says them in Vietnamese too.
        Migration(namespace: "licensing", 12, "the service's own reasons in Vietnamese") { database in
            // Only the rows that may hold one are read; each is rewritten by the domain's own rule,
            // so text an officer appended after a revocation's reason is never touched.
            let rows = try await database.raw(
                """
                SELECT licence_id, number, reason FROM licence_versions
                WHERE reason IN ('the suspension ended', 'the term ended') OR reason LIKE 'suspension number %'
                """
            ).all()
            for row in rows {
                guard
                    let reason = Licence.vietnameseReason(forEnglish: try row.decode(column: "reason", as: String.self))
                else { continue }
                try await database.raw(
                    """
                    UPDATE licence_versions SET reason = \(bind: reason)
                    WHERE licence_id = \(bind: try row.decode(column: "licence_id", as: String.self))
                        AND number = \(bind: try row.decode(column: "number", as: Int.self))
                    """
                ).run()
            }
        },
        // The register filtered by a status other than active read it all in number order to find
        // a few (70 ms at 100,000 licences for a page of none). Most licences are active, and an
        // issue writes an active one, so an index of the others costs the writes that matter
        // nothing; a change of status writes one entry.
        Migration(
            namespace: "licensing", 13, "an index of the licences not active",
            sql: [
                """
                CREATE INDEX licences_not_active ON licences (status, kind, number, issued_year)
                WHERE status <> 'active'
                """
            ]),
        // The overdue list read every open dossier that matched and judged each by its clock, for
        // one page. Each open dossier's row keeps its due date now, and the list is paged on it.
        // Whatever changes the holidays later (an officer's entries, a migration adding a year's
        // official days) works the open dossiers' dates out again (`DossierStore.refreshDueDates`).
        Migration(namespace: "licensing", 14, "open dossiers' due dates kept") { database in
            try await database.raw("ALTER TABLE dossiers ADD COLUMN due_on TEXT").run()
            try await database.raw("CREATE INDEX dossiers_due ON dossiers (due_on, code) WHERE due_on IS NOT NULL")
                .run()
            try await DossierStore.refreshDueDates(in: database)
        },
        // Each write of versions then counted them in a statement of its own (a round trip on
        // PostgreSQL, where an issue made ten): the database counts each version as it is added,
        // whatever statement adds it, so the counts cannot drift from the versions either.
        Migration(namespace: "licensing", 15, "actions counted as versions are added") { database in
            let upsert = """
                INSERT INTO licence_action_days (effective_on, kind, action, n)
                VALUES (new.effective_on, new.kind, new.action, 1)
                ON CONFLICT (effective_on, kind, action) DO UPDATE SET n = licence_action_days.n + 1
                """
            if StorageDialect.isPostgres(database) {
                try await database.raw(
                    """
                    CREATE FUNCTION licence_action_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        \(unsafeRaw: upsert);
                        RETURN NULL;
                    END $$
                    """
                ).run()
                try await database.raw(
                    """
                    CREATE TRIGGER licence_versions_counted AFTER INSERT ON licence_versions
                    FOR EACH ROW EXECUTE FUNCTION licence_action_days_count()
                    """
                ).run()
            } else {
                try await database.raw(
                    """
                    CREATE TRIGGER licence_versions_counted AFTER INSERT ON licence_versions BEGIN
                        \(unsafeRaw: upsert);
                    END
                    """
                ).run()
            }
        },
    ]

    static let licenceSearch = SearchIndex(table: "licences")
    static let organisationSearch = SearchIndex(table: "organisations")
}
