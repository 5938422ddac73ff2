import DXDomain
import SQLKit
import ServiceStorage

/// The DX tables, as numbered migrations in the `dx` namespace. Plain SQL that SQLite and
/// PostgreSQL both take; periods are stored with their first and last days (ISO text) so that
/// "inside this quarter" is a range test an index answers.
public enum DXSchema {
    public static let migrations = [
        Migration(
            namespace: "dx", 1, "KPI plan and measurements",
            sql: [
                """
                CREATE TABLE kpis (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL, direction TEXT NOT NULL,
                    computation TEXT NOT NULL, external_service TEXT NOT NULL, external_code TEXT NOT NULL,
                    has_denominator INTEGER NOT NULL, percentage INTEGER NOT NULL, over_time TEXT NOT NULL,
                    ord INTEGER NOT NULL)
                """,
                """
                CREATE TABLE kpi_targets (
                    kpi_code TEXT NOT NULL REFERENCES kpis(code), year INTEGER NOT NULL,
                    value DOUBLE PRECISION NOT NULL, decision TEXT NOT NULL, PRIMARY KEY (kpi_code, year))
                """,
                """
                CREATE TABLE measurements (
                    indicator TEXT NOT NULL, unit_code TEXT NOT NULL, period_kind TEXT NOT NULL,
                    period_year INTEGER NOT NULL, period_index INTEGER NOT NULL, period_start TEXT NOT NULL,
                    period_end TEXT NOT NULL, revision INTEGER NOT NULL, current INTEGER NOT NULL,
                    numerator DOUBLE PRECISION NOT NULL, denominator DOUBLE PRECISION, source TEXT NOT NULL,
                    entered_by TEXT NOT NULL, entered_at_ms BIGINT NOT NULL,
                    PRIMARY KEY (indicator, unit_code, period_kind, period_year, period_index, revision))
                """,
                // Roll-ups read one indicator's current figures inside a period.
                "CREATE INDEX measurements_rollup ON measurements (indicator, current, period_start, period_end)",
            ]),
        // The defaults were loaded here before the plan had every column; they are loaded by
        // migration 7 now, with the code that writes every column (this one is kept, empty, so the
        // numbering of applied migrations stays the same).
        Migration(namespace: "dx", 2, "the 2023 plan as editable defaults") { _ in },
        Migration(
            namespace: "dx", 3, "tasks, information systems, recommendations",
            sql: [
                """
                CREATE TABLE tasks (
                    code TEXT PRIMARY KEY, title TEXT NOT NULL, source_document TEXT NOT NULL,
                    lead_unit TEXT NOT NULL, deadline TEXT NOT NULL, completed_on TEXT)
                """,
                """
                CREATE TABLE information_systems (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, operator TEXT NOT NULL,
                    proposed_level INTEGER NOT NULL, status TEXT NOT NULL, decision_number TEXT NOT NULL,
                    decided_on TEXT)
                """,
                """
                CREATE TABLE recommendations (
                    id TEXT PRIMARY KEY, received_on TEXT NOT NULL, unit_code TEXT NOT NULL, category TEXT NOT NULL,
                    content TEXT NOT NULL, answer TEXT NOT NULL, answered_on TEXT)
                """,
                "CREATE INDEX recommendations_received ON recommendations (received_on)",
            ]),
        Migration(
            namespace: "dx", 4, "community digital teams, cashless markets, DTI results",
            sql: [
                """
                CREATE TABLE digital_teams (
                    unit_code TEXT PRIMARY KEY, founding_decision TEXT NOT NULL, founded_on TEXT,
                    members_json TEXT NOT NULL)
                """,
                """
                CREATE TABLE cashless_markets (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, unit_code TEXT NOT NULL, traders INTEGER NOT NULL,
                    traders_qr INTEGER NOT NULL, products_online INTEGER NOT NULL, as_of TEXT NOT NULL)
                """,
                """
                CREATE TABLE dti_results (
                    year INTEGER NOT NULL, pillar TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, rank INTEGER,
                    PRIMARY KEY (year, pillar))
                """,
            ]),
        Migration(namespace: "dx", 5, "the 2023 quarterly DX reports as the first tasks") { sql in
            // The table as this migration found it (plan_year came later).
            for task in DXTask.defaults {
                try await sql.insert(into: "tasks")
                    .columns("code", "title", "source_document", "lead_unit", "deadline", "completed_on")
                    .values(
                        SQLBind(task.code), SQLBind(task.title), SQLBind(task.sourceDocument), SQLBind(task.leadUnit),
                        SQLBind(task.deadline.description), SQLBind(task.completedOn?.description)
                    ).run()
            }
        },
        Migration(
            namespace: "dx", 6, "the plan year of a task",
            sql: [
                "ALTER TABLE tasks ADD COLUMN plan_year INTEGER NOT NULL DEFAULT 0",
                "UPDATE tasks SET plan_year = CAST(SUBSTR(deadline, 1, 4) AS INTEGER)",
            ]),
        Migration(
            namespace: "dx", 7, "results at the plan's precision, targets as the plan writes them, yearly verdicts"
        ) { sql in
            try await sql.raw("ALTER TABLE kpis ADD COLUMN decimals INTEGER NOT NULL DEFAULT 1").run()
            try await sql.raw("ALTER TABLE kpi_targets ADD COLUMN text TEXT NOT NULL DEFAULT ''").run()
            // A target is the year's unless the plan says it judges each quarter.
            try await sql.raw("ALTER TABLE kpis ADD COLUMN assess_each_quarter INTEGER NOT NULL DEFAULT 0").run()
            let planned = try await sql.raw("SELECT COUNT(*) AS n FROM kpis").first()?.decode(column: "n", as: Int.self)
            if planned == 0 {
                for kpi in KPI.defaults { try await KPIStore.save(kpi, into: sql) }
            } else {
                // A plan loaded from the defaults before: the precision and wording the plan uses.
                for kpi in KPI.defaults {
                    try await sql.raw("UPDATE kpis SET decimals = \(bind: kpi.decimals) WHERE code = \(bind: kpi.code)")
                        .run()
                    for (year, target) in kpi.targets where !target.text.isEmpty {
                        try await sql.raw(
                            """
                            UPDATE kpi_targets SET text = \(bind: target.text)
                            WHERE kpi_code = \(bind: kpi.code) AND year = \(bind: year) AND value = \(bind: target.value)
                            """
                        ).run()
                    }
                }
            }
        },
        Migration(
            namespace: "dx", 8, "sentences in place of an indicator's figure, per period, with who and why",
            sql: [
                """
                CREATE TABLE kpi_result_overrides (
                    indicator TEXT NOT NULL, period TEXT NOT NULL, text TEXT NOT NULL, note TEXT NOT NULL,
                    reason TEXT NOT NULL, set_by TEXT NOT NULL, set_at_ms BIGINT NOT NULL,
                    PRIMARY KEY (indicator, period))
                """
            ]),
        // An export reads the current figures a page at a time in this order; without the index
        // each page sorted every figure again.
        Migration(
            namespace: "dx", 9, "the current figures in export order",
            sql: [
                """
                CREATE INDEX measurements_export
                    ON measurements (indicator, period_start, period_end DESC, unit_code) WHERE current = 1
                """
            ]),
    ]
}
