import SQLKit
import ServiceStorage
import TelecomDomain

/// The telecom tables, as numbered migrations in the `telecom` namespace. Plain SQL that SQLite
/// and PostgreSQL both take; dates are ISO text; lists (technologies, tenants, vertices) are JSON
/// in their row, read and written whole with it.
public enum TelecomSchema {
    public static let migrations = [
        Migration(
            namespace: "telecom", 1, "operators, sites, the plan, villages, coverage, radio, postal, cable",
            sql: [
                "CREATE TABLE operators (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
                """
                CREATE TABLE sites (
                    operator TEXT NOT NULL, code TEXT NOT NULL, unit_code TEXT NOT NULL, address TEXT NOT NULL,
                    latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
                    technologies_json TEXT NOT NULL, mast_class TEXT NOT NULL, mast_height_m DOUBLE PRECISION NOT NULL,
                    tenants_json TEXT NOT NULL, status TEXT NOT NULL, plan_check_json TEXT, search_key TEXT NOT NULL,
                    PRIMARY KEY (operator, code))
                """,
                "CREATE INDEX sites_unit ON sites (unit_code)",
                "CREATE INDEX sites_status ON sites (status)",
                """
                CREATE TABLE planned_sites (
                    code TEXT PRIMARY KEY, latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
                    radius_m DOUBLE PRECISION NOT NULL, allowed_json TEXT NOT NULL)
                """,
                "CREATE TABLE plan_zones (code TEXT PRIMARY KEY, vertices_json TEXT NOT NULL, allowed_json TEXT NOT NULL)",
                """
                CREATE TABLE villages (
                    code TEXT PRIMARY KEY, commune_code TEXT NOT NULL, name TEXT NOT NULL,
                    latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
                    population INTEGER NOT NULL, households INTEGER NOT NULL, terrain TEXT NOT NULL,
                    town_centre INTEGER NOT NULL, fibre_json TEXT NOT NULL, search_key TEXT NOT NULL)
                """,
                "CREATE INDEX villages_commune ON villages (commune_code)",
                // One record per source: the latest declaration, and the latest estimate.
                """
                CREATE TABLE coverage (
                    village_code TEXT NOT NULL, operator TEXT NOT NULL, technology TEXT NOT NULL, source TEXT NOT NULL,
                    covered INTEGER NOT NULL, as_of TEXT NOT NULL, site_code TEXT NOT NULL,
                    distance_m DOUBLE PRECISION, PRIMARY KEY (village_code, operator, technology, source))
                """,
                """
                CREATE TABLE radio_stations (
                    commune_code TEXT PRIMARY KEY, kind TEXT NOT NULL, loudspeaker_clusters INTEGER NOT NULL,
                    connected INTEGER NOT NULL, reports_json TEXT NOT NULL)
                """,
                """
                CREATE TABLE postal_points (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, operator TEXT NOT NULL,
                    unit_code TEXT NOT NULL, staffed INTEGER NOT NULL, handles_dossiers INTEGER NOT NULL,
                    search_key TEXT NOT NULL)
                """,
                """
                CREATE TABLE cable_segments (
                    code TEXT PRIMARY KEY, operator TEXT NOT NULL, unit_code TEXT NOT NULL,
                    length_km DOUBLE PRECISION NOT NULL, underground INTEGER NOT NULL, urban INTEGER NOT NULL)
                """,
            ]
                + Operators.defaults.names.sorted(by: { $0.key < $1.key }).map { code, name in
                    "INSERT INTO operators (code, name) VALUES ('\(code)', '\(name.replacingOccurrences(of: "'", with: "''"))')"
                }),
        Migration(
            namespace: "telecom", 2, "public Wi-Fi, frequency licences, universal service",
            sql: [
                """
                CREATE TABLE wifi_leases (
                    contract_number TEXT PRIMARY KEY, provider TEXT NOT NULL, start_on TEXT NOT NULL,
                    end_on TEXT NOT NULL, monthly_fee_vnd INTEGER NOT NULL, minimum_uptime DOUBLE PRECISION NOT NULL,
                    minimum_bandwidth DOUBLE PRECISION NOT NULL, tiers_json TEXT NOT NULL,
                    bandwidth_deduct DOUBLE PRECISION NOT NULL, units_json TEXT NOT NULL)
                """,
                """
                CREATE TABLE hotspots (
                    code TEXT PRIMARY KEY, lease_contract TEXT NOT NULL REFERENCES wifi_leases(contract_number),
                    name TEXT NOT NULL, latitude DOUBLE PRECISION NOT NULL, longitude DOUBLE PRECISION NOT NULL,
                    unit_code TEXT NOT NULL, access_points INTEGER NOT NULL, started_on TEXT NOT NULL)
                """,
                "CREATE INDEX hotspots_lease ON hotspots (lease_contract)",
                """
                CREATE TABLE hotspot_reports (
                    hotspot_code TEXT NOT NULL REFERENCES hotspots(code), month TEXT NOT NULL,
                    uptime_percent DOUBLE PRECISION NOT NULL, sessions INTEGER NOT NULL,
                    bandwidth_mbps DOUBLE PRECISION NOT NULL, PRIMARY KEY (hotspot_code, month))
                """,
                """
                CREATE TABLE frequency_licences (
                    number TEXT PRIMARY KEY, holder TEXT NOT NULL, frequency_mhz DOUBLE PRECISION NOT NULL,
                    station TEXT NOT NULL, valid_until TEXT NOT NULL)
                """,
                """
                CREATE TABLE universal_support (
                    household TEXT NOT NULL, list_year INTEGER NOT NULL, support_type TEXT NOT NULL,
                    poverty_status TEXT NOT NULL, unit_code TEXT NOT NULL, provider TEXT NOT NULL, delivered_on TEXT,
                    PRIMARY KEY (household, list_year, support_type))
                """,
            ]),
        // A commune may have several stations, each in force for a time: keyed by a code of their
        // own (the commune code for the stations already recorded, one per commune).
        Migration(
            namespace: "telecom", 3, "radio stations by code, with the dates they are in force",
            sql: [
                """
                CREATE TABLE radio_stations_rebuilt (
                    code TEXT PRIMARY KEY, commune_code TEXT NOT NULL, kind TEXT NOT NULL,
                    loudspeaker_clusters INTEGER NOT NULL, connected INTEGER NOT NULL, reports_json TEXT NOT NULL,
                    installed_on TEXT, decommissioned_on TEXT)
                """,
                """
                INSERT INTO radio_stations_rebuilt (code, commune_code, kind, loudspeaker_clusters, connected,
                    reports_json)
                SELECT commune_code, commune_code, kind, loudspeaker_clusters, connected, reports_json
                FROM radio_stations
                """,
                "DROP TABLE radio_stations",
                "ALTER TABLE radio_stations_rebuilt RENAME TO radio_stations",
                "CREATE INDEX radio_stations_commune ON radio_stations (commune_code)",
            ]),
        Migration(
            namespace: "telecom", 4, "the days postal points are open and cables in service",
            sql: [
                "ALTER TABLE postal_points ADD COLUMN opened_on TEXT",
                "ALTER TABLE postal_points ADD COLUMN closed_on TEXT",
                "ALTER TABLE cable_segments ADD COLUMN in_service_from TEXT",
                "ALTER TABLE cable_segments ADD COLUMN removed_on TEXT",
            ]),
        // Declarations and estimates as dated series: "the latest as of D" is a query, not what
        // storage keeps.
        Migration(
            namespace: "telecom", 5, "coverage records kept by date",
            sql: [
                """
                CREATE TABLE coverage_rebuilt (
                    village_code TEXT NOT NULL, operator TEXT NOT NULL, technology TEXT NOT NULL, source TEXT NOT NULL,
                    covered INTEGER NOT NULL, as_of TEXT NOT NULL, site_code TEXT NOT NULL,
                    distance_m DOUBLE PRECISION, PRIMARY KEY (village_code, operator, technology, source, as_of))
                """,
                """
                INSERT INTO coverage_rebuilt (village_code, operator, technology, source, covered, as_of, site_code,
                    distance_m)
                SELECT village_code, operator, technology, source, covered, as_of, site_code, distance_m FROM coverage
                """,
                "DROP TABLE coverage",
                "ALTER TABLE coverage_rebuilt RENAME TO coverage",
                "CREATE INDEX coverage_as_of ON coverage (as_of)",
            ]),
        Migration(
            namespace: "telecom", 6, "the days technologies are switched off and sites decommissioned",
            sql: [
                "ALTER TABLE sites ADD COLUMN switched_off_json TEXT NOT NULL DEFAULT '{}'",
                "ALTER TABLE sites ADD COLUMN decommissioned_on TEXT",
            ]),
        // A station reports for years: kept in its row, every report rewrote all of them, and
        // every list carried them all. Rows of their own, numbered in the order of their days.
        Migration(namespace: "telecom", 7, "radio state reports as rows") { sql in
            try await sql.raw(
                """
                CREATE TABLE radio_reports (
                    station_code TEXT NOT NULL, seq INTEGER NOT NULL, reported_on TEXT NOT NULL, state TEXT NOT NULL,
                    note TEXT NOT NULL, PRIMARY KEY (station_code, seq))
                """
            ).run()
            for row in try await sql.raw("SELECT code, reports_json FROM radio_stations").all() {
                let code = try row.decode(column: "code", as: String.self)
                // Numbered by day (then as kept): the latest as of a day is the highest number.
                let reports = try InfrastructureStore.storedReports(
                    try row.decode(column: "reports_json", as: String.self), station: code
                ).enumerated().sorted { ($0.element.on, $0.offset) < ($1.element.on, $1.offset) }.map(\.element)
                for (index, report) in reports.enumerated() {
                    try await sql.insert(into: "radio_reports")
                        .columns("station_code", "seq", "reported_on", "state", "note")
                        .values(
                            SQLBind(code), SQLBind(index + 1), SQLBind(report.on.description),
                            SQLBind(report.state.rawValue), SQLBind(report.note)
                        ).run()
                }
            }
            try await sql.raw("UPDATE radio_stations SET reports_json = '[]'").run()
        },
        // The references are listed soonest to expire first, a page at a time, and a reminder's
        // list stops at a day: both read this index in order.
        Migration(
            namespace: "telecom", 8, "frequency licences in the order they expire",
            sql: ["CREATE INDEX frequency_licences_expiry ON frequency_licences (valid_until, number)"]),
    ]
}
