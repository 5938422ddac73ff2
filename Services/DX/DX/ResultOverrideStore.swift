import DXDomain
import Indicators
import SQLKit
import ServiceStorage

/// The sentences set in place of indicators' figures, one per indicator and period.
public struct ResultOverrideStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Sets the override for its indicator and period, replacing the one there was.
    public func set(_ override: ResultOverride) async throws {
        try override.validate()
        try await database.write { sql in
            AuditLog.touch("kpi-override:\(override.indicatorCode)/\(override.period.text)")
            try await sql.raw(
                """
                DELETE FROM kpi_result_overrides
                WHERE indicator = \(bind: override.indicatorCode) AND period = \(bind: override.period.text)
                """
            ).run()
            try await sql.insert(into: "kpi_result_overrides")
                .columns("indicator", "period", "text", "note", "reason", "set_by", "set_at_ms")
                .values(
                    SQLBind(override.indicatorCode), SQLBind(override.period.text), SQLBind(override.text),
                    SQLBind(override.note), SQLBind(override.reason), SQLBind(override.setBy),
                    SQLBind(override.setAtMs)
                ).run()
        }
    }

    /// Removes the override of an indicator for a period; false when there was none.
    public func clear(indicator: String, period: ReportingPeriod) async throws -> Bool {
        try await database.write { sql in
            let found =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM kpi_result_overrides
                    WHERE indicator = \(bind: indicator) AND period = \(bind: period.text)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            guard found > 0 else { return false }
            AuditLog.touch("kpi-override:\(indicator)/\(period.text)")
            try await sql.raw(
                "DELETE FROM kpi_result_overrides WHERE indicator = \(bind: indicator) AND period = \(bind: period.text)"
            ).run()
            return true
        }
    }

    /// The overrides of one period (every period when nil), by indicator and period.
    public func all(period: ReportingPeriod? = nil) async throws -> [ResultOverride] {
        try await database.read { sql in
            let rows =
                if let period {
                    try await sql.raw(
                        "SELECT * FROM kpi_result_overrides WHERE period = \(bind: period.text) ORDER BY indicator"
                    ).all()
                } else {
                    try await sql.raw("SELECT * FROM kpi_result_overrides ORDER BY period, indicator").all()
                }
            return try rows.map { row in
                let text = try row.decode(column: "period", as: String.self)
                guard let period = ReportingPeriod(text: text) else { throw StoredDataError("override period \(text)") }
                return ResultOverride(
                    indicatorCode: try row.decode(column: "indicator", as: String.self), period: period,
                    text: try row.decode(column: "text", as: String.self),
                    note: try row.decode(column: "note", as: String.self),
                    reason: try row.decode(column: "reason", as: String.self),
                    setBy: try row.decode(column: "set_by", as: String.self),
                    setAtMs: try row.decode(column: "set_at_ms", as: Int64.self))
            }
        }
    }
}
