import AdminUnits
import CalendarDates
import LicensingDomain
import SQLKit
import ServiceStorage

/// The procedures the department runs and the holiday calendar, both editable by an
/// administrator; the defaults of the domain notes are loaded by the schema migration.
public struct ProcedureStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func procedures() async throws -> [Procedure] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT code, name, kind, action, processing_days, day_count FROM procedures ORDER BY code"
            ).all().map(Self.procedure)
        }
    }

    public func procedure(_ code: String) async throws -> Procedure? {
        try await database.read { sql in try await Self.procedure(code, from: sql) }
    }

    static func procedure(_ code: String, from sql: any SQLDatabase) async throws -> Procedure? {
        try await sql.raw(
            """
            SELECT code, name, kind, action, processing_days, day_count FROM procedures WHERE code = \(bind: code)
            """
        ).first().map(procedure)
    }

    /// Adds `procedure`, or replaces the one with its code.
    public func save(_ procedure: Procedure) async throws {
        try await database.write { sql in
            AuditLog.touch("procedure:\(procedure.code)")
            try await sql.raw("DELETE FROM procedures WHERE code = \(bind: procedure.code)").run()
            try await sql.insert(into: "procedures")
                .columns("code", "name", "kind", "action", "processing_days", "day_count")
                .values(
                    SQLBind(procedure.code), SQLBind(procedure.name), SQLBind(procedure.kind.rawValue),
                    SQLBind(procedure.action.rawValue), SQLBind(procedure.processingDays),
                    SQLBind(procedure.dayCount.rawValue)
                ).run()
        }
    }

    /// One year's entries, in date order.
    public func holidays(in year: Int) async throws -> [Holiday] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT day, name, working_day FROM holidays
                WHERE day >= \(bind: "\(year)-01-01") AND day <= \(bind: "\(year)-12-31") ORDER BY day
                """
            ).all().map(Self.holiday)
        }
    }

    /// Replaces the entries of `year`; every entry must fall in it.
    public func setHolidays(_ entries: [Holiday], in year: Int) async throws {
        var seen: Set<CalendarDate> = []
        for entry in entries {
            guard entry.date.year == year else {
                throw LicensingError.invalid("holidays", "\(entry.date) is not in \(year)")
            }
            guard seen.insert(entry.date).inserted else {
                throw LicensingError.invalid("holidays", "\(entry.date) appears twice")
            }
            try entry.validate()
        }
        try await database.write { sql in
            AuditLog.touch("holidays:\(year)")
            try await sql.raw(
                "DELETE FROM holidays WHERE day >= \(bind: "\(year)-01-01") AND day <= \(bind: "\(year)-12-31")"
            ).run()
            if !entries.isEmpty {
                let insert = sql.insert(into: "holidays").columns("day", "name", "working_day")
                for entry in entries {
                    insert.values(
                        SQLBind(entry.date.description), SQLBind(entry.name), SQLBind(entry.workingDay ? 1 : 0))
                }
                try await insert.run()
            }
            // Open dossiers' due dates follow the calendar they are counted by.
            try await DossierStore.refreshDueDates(in: sql)
        }
    }

    /// The working calendar every entry makes.
    public func calendar() async throws -> WorkingCalendar {
        try await database.read { sql in try await Self.calendar(from: sql) }
    }

    /// Every statistics call and dossier list reads this: only the two columns it needs (not the
    /// names), into sets sized once.
    static func calendar(from sql: any SQLDatabase) async throws -> WorkingCalendar {
        let rows = try await sql.raw("SELECT day, working_day FROM holidays").all()
        var holidays = Set<CalendarDate>(minimumCapacity: rows.count)
        var extraWorkingDays: Set<CalendarDate> = []
        for row in rows {
            let date = try day(row)
            if try row.decode(column: "working_day", as: Int.self) != 0 {
                extraWorkingDays.insert(date)
            } else {
                holidays.insert(date)
            }
        }
        return WorkingCalendar(holidays: holidays, extraWorkingDays: extraWorkingDays)
    }

    // MARK: Rows

    static func procedure(_ row: any SQLRow) throws -> Procedure {
        let code = try row.decode(column: "code", as: String.self)
        guard let kind = LicenceKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let action = LicenceAction(rawValue: try row.decode(column: "action", as: String.self)),
            let dayCount = Procedure.DayCount(rawValue: try row.decode(column: "day_count", as: String.self))
        else { throw StoredDataError("procedure \(code)") }
        return Procedure(
            code: code, name: try row.decode(column: "name", as: String.self), kind: kind, action: action,
            processingDays: try row.decode(column: "processing_days", as: Int.self), dayCount: dayCount)
    }

    static func holiday(_ row: any SQLRow) throws -> Holiday {
        Holiday(
            date: try day(row), name: try row.decode(column: "name", as: String.self),
            workingDay: try row.decode(column: "working_day", as: Int.self) != 0)
    }

    /// A holiday row's `day`.
    static func day(_ row: any SQLRow) throws -> CalendarDate {
        let text = try row.decode(column: "day", as: String.self)
        guard let date = CalendarDate(iso: text) else { throw StoredDataError("holiday '\(text)'") }
        return date
    }

    /// A default procedure as an SQL statement for the schema migration (trusted text, quoted).
    static func insertStatement(_ procedure: Procedure) -> String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return """
            INSERT INTO procedures (code, name, kind, action, processing_days, day_count) VALUES (\
            \(quoted(procedure.code)), \(quoted(procedure.name)), \(quoted(procedure.kind.rawValue)), \
            \(quoted(procedure.action.rawValue)), \(procedure.processingDays), \(quoted(procedure.dayCount.rawValue)))
            """
    }

    /// One statement per year of ``Holiday/official``: the year's official days off, unless the
    /// department has entered that year itself (its entries stand, whole).
    static func officialHolidayStatements() -> [String] {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let years = Dictionary(grouping: Holiday.official, by: \.date.year)
        return years.keys.sorted().map { year in
            let rows = (years[year] ?? []).map { entry in
                "SELECT \(quoted(entry.date.description)) AS day, \(quoted(entry.name)) AS name, "
                    + "\(entry.workingDay ? 1 : 0) AS working_day"
            }
            return """
                INSERT INTO holidays (day, name, working_day)
                SELECT day, name, working_day FROM (\(rows.joined(separator: " UNION ALL "))) AS official
                WHERE NOT EXISTS (SELECT 1 FROM holidays AS entered
                    WHERE entered.day >= '\(year)-01-01' AND entered.day <= '\(year)-12-31')
                """
        }
    }
}
