import AdminUnits
import CalendarDates
import DXDomain
import Foundation
import Indicators
import SQLKit
import ServiceStorage

/// Measurements and their revisions. Each entry of a figure already recorded for the same
/// indicator, unit and period is a new revision; the earlier ones stay, marked not current.
public struct MeasurementStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Records `measurements` (already checked against their indicators) in one transaction; each
    /// becomes the next revision of its indicator, unit and period. Returns the revisions given;
    /// with `skippingUnchanged`, a figure equal to the current one is left alone (revision nil).
    @discardableResult
    public func record(
        _ measurements: [KPIMeasurement], at milliseconds: Int64, skippingUnchanged: Bool = false, dryRun: Bool = false
    ) async throws -> [Int?] {
        let body: (any SQLDatabase) async throws -> [Int?] = { sql in
            var revisions: [Int?] = []
            for chunk in stride(from: 0, to: measurements.count, by: 200) {
                let batch = measurements[chunk..<min(chunk + 200, measurements.count)]
                var rows: [(measurement: KPIMeasurement, revision: Int, current: Bool)] = []
                // A figure given again in the same batch (a file that repeats a line) follows the
                // earlier one as its correction, as it would in a later batch: the batch's rows are
                // not in the table yet, so the earlier one is found here.
                // `row` is the earlier one's place in `rows`; nil when it added none (unchanged, a dry run).
                var pending: [String: (row: Int?, revision: Int, numerator: Double, denominator: Double?)] = [:]
                for measurement in batch {
                    let period = measurement.period
                    let place = "\(measurement.indicatorCode)\u{0}\(measurement.unitCode)\u{0}\(period)"
                    // An earlier line left unchanged (or a dry run's) put no row in the batch: the
                    // table's current row is still the one to correct, found below.
                    if let earlier = pending[place], earlier.row != nil || dryRun {
                        if skippingUnchanged, earlier.numerator == measurement.numerator,
                            earlier.denominator == measurement.denominator
                        {
                            revisions.append(nil)
                            continue
                        }
                        let revision = earlier.revision + 1
                        revisions.append(revision)
                        var row: Int?
                        if let earlierRow = earlier.row {
                            rows[earlierRow].current = false
                            rows.append((measurement, revision, true))
                            row = rows.count - 1
                        }
                        pending[place] = (row, revision, measurement.numerator, measurement.denominator)
                        continue
                    }
                    let current = try await sql.raw(
                        """
                        SELECT revision, numerator, denominator FROM measurements
                        WHERE indicator = \(bind: measurement.indicatorCode) AND unit_code = \(bind: measurement.unitCode)
                            AND period_kind = \(bind: Self.kind(period)) AND period_year = \(bind: period.year)
                            AND period_index = \(bind: period.index) AND current = 1
                        """
                    ).first()
                    let previous = try current?.decode(column: "revision", as: Int.self)
                    if skippingUnchanged, let current,
                        try current.decode(column: "numerator", as: Double.self) == measurement.numerator,
                        try current.decode(column: "denominator", as: Double?.self) == measurement.denominator
                    {
                        revisions.append(nil)
                        pending[place] = (nil, previous ?? 0, measurement.numerator, measurement.denominator)
                        continue
                    }
                    if dryRun {
                        revisions.append((previous ?? 0) + 1)
                        pending[place] = (nil, (previous ?? 0) + 1, measurement.numerator, measurement.denominator)
                        continue
                    }
                    if previous != nil {
                        try await sql.raw(
                            """
                            UPDATE measurements SET current = 0 WHERE indicator = \(bind: measurement.indicatorCode)
                                AND unit_code = \(bind: measurement.unitCode) AND period_kind = \(bind: Self.kind(period))
                                AND period_year = \(bind: period.year) AND period_index = \(bind: period.index)
                            """
                        ).run()
                    }
                    let revision = (previous ?? 0) + 1
                    revisions.append(revision)
                    AuditLog.touch("measurement:\(measurement.indicatorCode)/\(measurement.unitCode)/\(period)")
                    rows.append((measurement, revision, true))
                    pending[place] = (rows.count - 1, revision, measurement.numerator, measurement.denominator)
                }
                guard !rows.isEmpty else { continue }
                let insert = sql.insert(into: "measurements").columns(Self.columns)
                for (measurement, revision, current) in rows {
                    let period = measurement.period
                    insert.values([
                        SQLBind(measurement.indicatorCode), SQLBind(measurement.unitCode), SQLBind(Self.kind(period)),
                        SQLBind(period.year), SQLBind(period.index), SQLBind(period.start.description),
                        SQLBind(period.end.description), SQLBind(revision), SQLBind(current ? 1 : 0),
                        SQLBind(measurement.numerator), SQLBind(measurement.denominator),
                        SQLBind(measurement.source.rawValue), SQLBind(measurement.enteredBy), SQLBind(milliseconds),
                    ])
                }
                try await insert.run()
            }
            return revisions
        }
        return dryRun ? try await database.read(body) : try await database.write(body)
    }

    /// Where a page of an export ended: the last figure's indicator, period and unit, which
    /// together name one current figure.
    public struct ExportPosition: Sendable, Hashable {
        var indicator: String
        var periodStart: String
        var periodEnd: String
        var unitCode: String
    }

    /// The current figures (of one indicator, or all) for periods inside `from`...`through` that
    /// come after `after`, in indicator, period and unit order (a year before its half, quarter
    /// and month): one page of an export, and where it ended (nil for an empty page: the export
    /// is done). An export holds one page, however many figures the years have gathered.
    public func exportPage(
        indicator: String = "", from: CalendarDate? = nil, through: CalendarDate? = nil, after: ExportPosition?,
        limit: Int
    ) async throws -> (page: [KPIMeasurement], end: ExportPosition?) {
        try await database.read { sql in
            // `current = 1` as written, so that SQLite takes the partial index of current figures.
            var conditions: [SQLQueryString] = ["current = 1"]
            if !indicator.isEmpty { conditions.append("indicator = \(bind: indicator)") }
            if let from { conditions.append("period_start >= \(bind: from.description)") }
            if let through { conditions.append("period_end <= \(bind: through.description)") }
            if let after {
                // The order runs down on the period's end, so no single row comparison says "after".
                // The first two columns bound the index's range; the rest skips what is left of
                // the last page's indicator and start.
                conditions.append(
                    """
                    (indicator, period_start) >= (\(bind: after.indicator), \(bind: after.periodStart))
                    AND (indicator <> \(bind: after.indicator) OR period_start <> \(bind: after.periodStart)
                        OR period_end < \(bind: after.periodEnd)
                        OR (period_end = \(bind: after.periodEnd) AND unit_code > \(bind: after.unitCode)))
                    """)
            }
            let rows = try await sql.raw(
                """
                SELECT * FROM measurements \(SQLQueryString.whereClause(conditions))
                ORDER BY indicator, period_start, period_end DESC, unit_code LIMIT \(bind: limit)
                """
            ).all()
            let end = try rows.last.map {
                ExportPosition(
                    indicator: try $0.decode(column: "indicator", as: String.self),
                    periodStart: try $0.decode(column: "period_start", as: String.self),
                    periodEnd: try $0.decode(column: "period_end", as: String.self),
                    unitCode: try $0.decode(column: "unit_code", as: String.self))
            }
            return (try rows.map(Self.measurement), end)
        }
    }

    static func measurement(_ row: any SQLRow) throws -> KPIMeasurement {
        let kind = try row.decode(column: "period_kind", as: String.self)
        guard
            let period = ReportingPeriod(
                Self.kind(kind), year: try row.decode(column: "period_year", as: Int.self),
                index: try row.decode(column: "period_index", as: Int.self))
        else { throw StoredDataError("a measurement's period") }
        return KPIMeasurement(
            indicatorCode: try row.decode(column: "indicator", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: String.self), period: period,
            numerator: try row.decode(column: "numerator", as: Double.self),
            denominator: try row.decode(column: "denominator", as: Double?.self),
            source: KPIMeasurement.Source(rawValue: try row.decode(column: "source", as: String.self)) ?? .reported,
            enteredBy: try row.decode(column: "entered_by", as: String.self),
            revision: try row.decode(column: "revision", as: Int.self))
    }

    static func kind(_ text: String) -> ReportingPeriod.Kind {
        switch text {
        case "month": .month
        case "quarter": .quarter
        case "half": .halfYear
        default: .year
        }
    }

    /// Bulk load of first revisions (an import of history into an empty register): no revision
    /// lookups, many rows per statement.
    public func load(_ measurements: [KPIMeasurement], at milliseconds: Int64) async throws {
        try await database.write { sql in
            for chunk in stride(from: 0, to: measurements.count, by: 500) {
                let insert = sql.insert(into: "measurements").columns(Self.columns)
                for measurement in measurements[chunk..<min(chunk + 500, measurements.count)] {
                    let period = measurement.period
                    insert.values([
                        SQLBind(measurement.indicatorCode), SQLBind(measurement.unitCode), SQLBind(Self.kind(period)),
                        SQLBind(period.year), SQLBind(period.index), SQLBind(period.start.description),
                        SQLBind(period.end.description), SQLBind(1), SQLBind(1), SQLBind(measurement.numerator),
                        SQLBind(measurement.denominator), SQLBind(measurement.source.rawValue),
                        SQLBind(measurement.enteredBy), SQLBind(milliseconds),
                    ])
                }
                try await insert.run()
            }
        }
    }

    /// Each unit's figures for `period`, combined in SQL as ``RollUp/unitTotals(of:_:period:)``
    /// does in memory: the entry for the whole period when there is one, else its parts, added
    /// (a flow) or the last of them (a stock).
    public func unitTotals(of kpi: KPI, period: ReportingPeriod) async throws -> [RollUp.UnitTotal] {
        let start = period.start.description
        let end = period.end.description
        let candidates: SQLQueryString = """
            SELECT unit_code, period_end, numerator, denominator,
                CASE WHEN period_start = \(bind: start) AND period_end = \(bind: end) THEN 1 ELSE 0 END AS whole
            FROM measurements WHERE indicator = \(bind: kpi.code) AND current = 1
                AND period_start >= \(bind: start) AND period_start <= \(bind: end) AND period_end <= \(bind: end)
            """
        let ranking: SQLQueryString =
            kpi.overTime == .sum
            ? "ORDER BY whole DESC" : "ORDER BY whole DESC, period_end DESC"
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT unit_code, SUM(numerator) AS n, SUM(denominator) AS d FROM (
                    SELECT unit_code, numerator, denominator,
                        RANK() OVER (PARTITION BY unit_code \(ranking)) AS r
                    FROM (\(candidates)) AS candidates) AS ranked
                WHERE r = 1 GROUP BY unit_code
                """
            ).all().map { row in
                RollUp.UnitTotal(
                    unitCode: try row.decode(column: "unit_code", as: String.self),
                    numerator: try row.decode(column: "n", as: Double.self),
                    denominator: try row.decode(column: "d", as: Double?.self))
            }
        }
    }

    /// Every revision of one figure, oldest first.
    public func history(
        indicator: String, unitCode: String, period: ReportingPeriod
    ) async throws -> [(KPIMeasurement, current: Bool)] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT * FROM measurements WHERE indicator = \(bind: indicator) AND unit_code = \(bind: unitCode)
                    AND period_kind = \(bind: Self.kind(period)) AND period_year = \(bind: period.year)
                    AND period_index = \(bind: period.index) ORDER BY revision
                """
            ).all().map { row in
                (try Self.measurement(row), try row.decode(column: "current", as: Int.self) != 0)
            }
        }
    }

    static let columns = [
        "indicator", "unit_code", "period_kind", "period_year", "period_index", "period_start", "period_end",
        "revision", "current", "numerator", "denominator", "source", "entered_by", "entered_at_ms",
    ]

    static func kind(_ period: ReportingPeriod) -> String {
        switch period.kind {
        case .month: "month"
        case .quarter: "quarter"
        case .halfYear: "half"
        case .year: "year"
        }
    }
}
