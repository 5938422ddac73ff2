import AdminUnits
import CalendarDates
import SQLKit
import ServiceStorage
import TelecomDomain

/// Radio stations, postal points and cable segments: small registers kept whole per row.
public struct InfrastructureStore: Sendable {
    let database: Database
    let operators: Operators

    public init(database: Database, operators: Operators) {
        self.database = database
        self.operators = operators
    }

    // MARK: Radio stations

    /// Adds a station or replaces its description (its commune, kind, dates), keeping its state
    /// reports. Answers with its latest report as of `today`.
    public func save(_ station: RadioStation, today: CalendarDate) async throws -> RadioStationListing {
        try station.validate()
        return try await database.write { sql in
            let existing = try await Self.stations(codes: [station.code], asOf: today, from: sql).rows.first
            // What past figures counted is history: a station that has reported keeps its kind and
            // commune. A new one is installed under its own code.
            if let existing, existing.reportCount > 0,
                existing.station.kind != station.kind || existing.station.communeCode != station.communeCode
            {
                throw TelecomError.notAllowed(
                    "kind",
                    "station \(station.code) has reported states, so its kind and commune are part of past figures: "
                        + "decommission it (decommissioned_on) and save the new station under a new code")
            }
            let saved = RadioStation(
                code: station.code, communeCode: station.communeCode, kind: station.kind,
                loudspeakerClusters: station.loudspeakerClusters,
                connectedToProvincialSource: station.connectedToProvincialSource,
                reports: existing?.station.reports ?? [], installedOn: station.installedOn,
                decommissionedOn: station.decommissionedOn)
            try await Self.upsert(saved, into: sql)
            return RadioStationListing(station: saved, reportCount: existing?.reportCount ?? 0)
        }
    }

    /// Records a state report for the station named by `stationCode`, or, without one, for the
    /// commune's one station in force on the report's day. A report is a row of its own: a station
    /// that has reported for years costs a report no more than a new one.
    public func report(
        _ report: RadioStation.StateReport, station stationCode: String, commune communeCode: String
    ) async throws -> RadioStationListing {
        try await database.write { sql in
            let code: String
            if !stationCode.isEmpty {
                code = stationCode
            } else {
                let inForce = try await Self.stations(
                    communeCodes: [communeCode], asOf: report.on, inForce: true, from: sql
                ).rows
                guard let only = inForce.first else {
                    throw TelecomError.invalid("commune_code", "no radio station in '\(communeCode)' on \(report.on)")
                }
                guard inForce.count == 1 else {
                    throw TelecomError.invalid(
                        "station_code",
                        "'\(communeCode)' has \(inForce.count) stations on \(report.on) "
                            + "(\(inForce.map(\.station.code).joined(separator: ", "))): name one")
                }
                code = only.station.code
            }
            // Read as of the end of time: the station's last report, which the new one may not precede.
            guard var found = try await Self.stations(codes: [code], asOf: nil, from: sql).rows.first else {
                throw TelecomError.invalid("station_code", "no radio station '\(code)'")
            }
            guard found.station.isInForce(on: report.on) else {
                throw TelecomError.notAllowed("report.on", "station \(code) is not in force on \(report.on)")
            }
            try found.station.report(report)
            AuditLog.touch("radio:\(code)")
            try await sql.insert(into: "radio_reports")
                .columns("station_code", "seq", "reported_on", "state", "note")
                .values(
                    SQLBind(code), SQLBind(found.reportCount + 1), SQLBind(report.on.description),
                    SQLBind(report.state.rawValue), SQLBind(report.note)
                ).run()
            found.reportCount += 1
            return RadioStationListing(
                station: RadioStation(
                    code: found.station.code, communeCode: found.station.communeCode, kind: found.station.kind,
                    loudspeakerClusters: found.station.loudspeakerClusters,
                    connectedToProvincialSource: found.station.connectedToProvincialSource, reports: [report],
                    installedOn: found.station.installedOn, decommissionedOn: found.station.decommissionedOn),
                reportCount: found.reportCount)
        }
    }

    /// The stations in force on `date` in these communes (all when empty), by commune and code,
    /// each with only its latest report on or before `date` (enough for
    /// ``RadioStation/state(on:)`` that day) and how many reports it has in all; `state` keeps
    /// those in that state on `date`.
    public func stations(
        communeCodes: [String] = [], inForceOn date: CalendarDate, state: RadioStation.State? = nil,
        limit: Int = .max, offset: Int = 0
    ) async throws -> (rows: [RadioStationListing], total: Int) {
        try await database.read { sql in
            try await Self.stations(
                communeCodes: communeCodes, asOf: date, inForce: true, state: state, limit: limit, offset: offset,
                from: sql)
        }
    }

    /// A station's reports, newest first, and how many it has; nil when there is no such station.
    public func reports(
        station code: String, limit: Int, offset: Int
    ) async throws -> (station: RadioStationListing, reports: [RadioStation.StateReport], total: Int)? {
        try await database.read { sql in
            guard let station = try await Self.stations(codes: [code], asOf: nil, from: sql).rows.first else {
                return nil
            }
            let (rows, total) = try await sql.pageInIndexOrder(
                select: "reported_on, state, note, seq", from: "radio_reports",
                filter: "WHERE station_code = \(bind: code)", order: "seq DESC", limit: min(limit, 1_000_000),
                offset: offset)
            return (station, try rows.map { try Self.report($0, station: code) }, total)
        }
    }

    /// Stations with their latest report on or before `date` (nil: the last of all) and their
    /// count of reports. The latest report is the one with the highest sequence on or before the
    /// day: reports are numbered in the order of their days.
    static func stations(
        communeCodes: [String] = [], codes: [String] = [], asOf date: CalendarDate?, inForce: Bool = false,
        state: RadioStation.State? = nil, limit: Int = .max, offset: Int = 0, from sql: any SQLDatabase
    ) async throws -> (rows: [RadioStationListing], total: Int) {
        let upTo: SQLQueryString = date.map { "AND q.reported_on <= \(bind: $0.description)" } ?? ""
        var conditions: [SQLQueryString] = []
        if !communeCodes.isEmpty { conditions.append("s.commune_code IN \(SQLBind.group(communeCodes))") }
        if !codes.isEmpty { conditions.append("s.code IN \(SQLBind.group(codes))") }
        if inForce, let date {
            conditions.append(Self.inForce(from: "s.installed_on", until: "s.decommissioned_on", on: date))
        }
        if let state { conditions.append("r.state = \(bind: state.rawValue)") }
        let (rows, total) = try await sql.page(
            select: """
                s.code, s.commune_code, s.kind, s.loudspeaker_clusters, s.connected, s.installed_on,
                s.decommissioned_on, r.reported_on, r.state, r.note,
                (SELECT COUNT(*) FROM radio_reports c WHERE c.station_code = s.code) AS report_count
                """,
            from: """
                radio_stations s LEFT JOIN radio_reports r ON r.station_code = s.code
                AND r.seq = (SELECT MAX(q.seq) FROM radio_reports q WHERE q.station_code = s.code \(upTo))
                """,
            filter: .whereClause(conditions), order: "commune_code, code", limit: min(limit, 1_000_000),
            offset: offset)
        return (try rows.map(Self.station), total)
    }

    static func upsert(_ station: RadioStation, into sql: any SQLDatabase) async throws {
        AuditLog.touch("radio:\(station.code)")
        try await sql.raw("DELETE FROM radio_stations WHERE code = \(bind: station.code)").run()
        // The reports are rows of `radio_reports`; the column stays for the schema's older readers.
        try await sql.insert(into: "radio_stations")
            .columns(
                "code", "commune_code", "kind", "loudspeaker_clusters", "connected", "reports_json", "installed_on",
                "decommissioned_on"
            )
            .values(
                SQLBind(station.code), SQLBind(station.communeCode), SQLBind(station.kind.rawValue),
                SQLBind(station.loudspeakerClusters), SQLBind(station.connectedToProvincialSource ? 1 : 0),
                SQLBind("[]"), SQLBind(station.installedOn?.description),
                SQLBind(station.decommissionedOn?.description)
            ).run()
    }

    static func station(_ row: any SQLRow) throws -> RadioStationListing {
        let code = try row.decode(column: "code", as: String.self)
        guard let kind = RadioStation.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else {
            throw StoredDataError("radio station \(code)")
        }
        let latest =
            try row.decode(column: "reported_on", as: String?.self) == nil ? nil : try report(row, station: code)
        let inForce = try validity(row, from: "installed_on", until: "decommissioned_on")
        return RadioStationListing(
            station: RadioStation(
                code: code, communeCode: try row.decode(column: "commune_code", as: String.self), kind: kind,
                loudspeakerClusters: try row.decode(column: "loudspeaker_clusters", as: Int.self),
                connectedToProvincialSource: try row.decode(column: "connected", as: Int.self) != 0,
                reports: latest.map { [$0] } ?? [], installedOn: inForce.from, decommissionedOn: inForce.until),
            reportCount: try row.decode(column: "report_count", as: Int.self))
    }

    static func report(_ row: any SQLRow, station code: String) throws -> RadioStation.StateReport {
        guard let on = CalendarDate(iso: try row.decode(column: "reported_on", as: String.self)),
            let state = RadioStation.State(rawValue: try row.decode(column: "state", as: String.self))
        else { throw StoredDataError("a state report of radio station \(code)") }
        return RadioStation.StateReport(on: on, state: state, note: try row.decode(column: "note", as: String.self))
    }

    /// The reports a station kept in its row before they were rows of their own (telecom
    /// migration 7).
    static func storedReports(_ json: String, station code: String) throws -> [RadioStation.StateReport] {
        try SortedJSON.decode([[String: String]].self, json).map { entry throws -> RadioStation.StateReport in
            guard let on = entry["on"].flatMap(CalendarDate.init(iso:)),
                let state = entry["state"].flatMap(RadioStation.State.init(rawValue:))
            else { throw StoredDataError("a state report of radio station \(code)") }
            return RadioStation.StateReport(on: on, state: state, note: entry["note"] ?? "")
        }
    }

    // MARK: Postal points

    public func save(_ point: PostalPoint) async throws -> PostalPoint {
        var point = point
        point.operatorCode = try operators.check(point.operatorCode, field: "operator")
        try point.validate(operators: operators)
        try await database.write { [point] sql in
            // Whether a point is staffed, where it is and what it is are counted by past figures:
            // a point that changes is closed and a new one opened (a mistake is deleted instead).
            if let existing = try await Self.postalPoints(codes: [point.code], from: sql).first,
                existing.staffed != point.staffed || existing.unitCode != point.unitCode || existing.kind != point.kind
            {
                throw TelecomError.notAllowed(
                    "staffed",
                    "point \(point.code)'s staffing, unit and kind are part of past figures: close it (closed_on) and "
                        + "open the changed point under a new code, or delete it if it was entered by mistake")
            }
            AuditLog.touch("postal-point:\(point.code)")
            try await sql.raw("DELETE FROM postal_points WHERE code = \(bind: point.code)").run()
            try await sql.insert(into: "postal_points")
                .columns(
                    "code", "name", "kind", "operator", "unit_code", "staffed", "handles_dossiers", "search_key",
                    "opened_on", "closed_on"
                )
                .values(
                    SQLBind(point.code), SQLBind(point.name), SQLBind(point.kind.rawValue), SQLBind(point.operatorCode),
                    SQLBind(point.unitCode), SQLBind(point.staffed ? 1 : 0), SQLBind(point.handlesDossiers ? 1 : 0),
                    SQLBind(SearchText.key(point.code + " " + point.name)),
                    SQLBind(point.validity.from?.description), SQLBind(point.validity.until?.description)
                ).run()
        }
        return point
    }

    /// Postal points matching the filters; with `asOf`, only those open that day.
    public func postalPoints(
        query: String = "", unitCodes: [String] = [], operatorCode: String = "", asOf: CalendarDate? = nil,
        limit: Int = .max, offset: Int = 0
    ) async throws -> ([PostalPoint], total: Int) {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let asOf { conditions.append(Self.inForce(from: "opened_on", until: "closed_on", on: asOf)) }
            if !query.isEmpty {
                conditions.append("search_key LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\'")
            }
            if !unitCodes.isEmpty { conditions.append("unit_code IN \(SQLBind.group(unitCodes))") }
            if !operatorCode.isEmpty { conditions.append("operator = \(bind: operatorCode.lowercased())") }
            let (rows, total) = try await sql.page(
                select: "*", from: "postal_points", filter: .whereClause(conditions), order: "code",
                limit: min(limit, 1_000_000), offset: offset)
            return (try rows.map(Self.point), total)
        }
    }

    // MARK: Cable segments

    public func save(_ segment: CableSegment) async throws -> CableSegment {
        var segment = segment
        segment.operatorCode = try operators.check(segment.operatorCode, field: "operator")
        try segment.validate(operators: operators)
        try await database.write { [segment] sql in
            // Length, burial and place are counted by past figures: a cable that changes is removed
            // and its successor laid (a mistake is deleted instead).
            if let existing = try await Self.cableSegments(codes: [segment.code], from: sql).first,
                existing.lengthKm != segment.lengthKm || existing.underground != segment.underground
                    || existing.urban != segment.urban || existing.unitCode != segment.unitCode
            {
                throw TelecomError.notAllowed(
                    "underground",
                    "segment \(segment.code)'s length, burial and unit are part of past figures: remove it (removed_on) "
                        + "and save its successor under a new code (in_service_from), or delete it if it was entered by mistake"
                )
            }
            AuditLog.touch("cable:\(segment.code)")
            try await sql.raw("DELETE FROM cable_segments WHERE code = \(bind: segment.code)").run()
            try await sql.insert(into: "cable_segments")
                .columns(
                    "code", "operator", "unit_code", "length_km", "underground", "urban", "in_service_from",
                    "removed_on"
                )
                .values(
                    SQLBind(segment.code), SQLBind(segment.operatorCode), SQLBind(segment.unitCode),
                    SQLBind(segment.lengthKm), SQLBind(segment.underground ? 1 : 0), SQLBind(segment.urban ? 1 : 0),
                    SQLBind(segment.validity.from?.description), SQLBind(segment.validity.until?.description)
                ).run()
        }
        return segment
    }

    /// Cable segments matching the filters; with `asOf`, only those in service that day.
    public func cableSegments(
        unitCodes: [String] = [], operatorCode: String = "", asOf: CalendarDate? = nil
    ) async throws -> [CableSegment] {
        try await database.read { sql in
            let filter = Self.cableFilter(unitCodes: unitCodes, operatorCode: operatorCode, asOf: asOf)
            return try await sql.raw("SELECT * FROM cable_segments \(filter) ORDER BY code").all().map(Self.segment)
        }
    }
}

extension InfrastructureStore {
    /// A page of the cable segments that match, by code, with how many match and their length in
    /// all and underground: one statement, so the page and its sums agree.
    public func cableSegmentPage(
        unitCodes: [String] = [], operatorCode: String = "", asOf: CalendarDate? = nil, limit: Int, offset: Int
    ) async throws -> CableSegmentPage {
        try await database.read { sql in
            let filter = Self.cableFilter(unitCodes: unitCodes, operatorCode: operatorCode, asOf: asOf)
            // The sums' row is joined to the page's rows, so that a page past the end still
            // carries them (its one row has no segment).
            let rows = try await sql.raw(
                """
                WITH matching AS MATERIALIZED (SELECT * FROM cable_segments \(filter)),
                sums AS (
                    SELECT COUNT(*) AS page_total, COALESCE(SUM(length_km), 0.0) AS total_km,
                        COALESCE(SUM(CASE WHEN underground <> 0 THEN length_km ELSE 0.0 END), 0.0) AS underground_km
                    FROM matching)
                SELECT sums.*, shown.* FROM sums LEFT JOIN (
                    SELECT * FROM matching ORDER BY code LIMIT \(bind: limit) OFFSET \(bind: offset)
                ) AS shown ON 1 = 1
                ORDER BY shown.code
                """
            ).all()
            guard let first = rows.first else { throw StoredDataError("the cable segments' sums") }
            return CableSegmentPage(
                segments: try rows.filter { try $0.decode(column: "code", as: String?.self) != nil }.map(Self.segment),
                total: try first.decode(column: "page_total", as: Int.self),
                totalKm: try first.decode(column: "total_km", as: Double.self),
                undergroundKm: try first.decode(column: "underground_km", as: Double.self))
        }
    }

    /// The WHERE part of a cable segment list: in a unit, of an operator, in service on a day.
    static func cableFilter(unitCodes: [String], operatorCode: String, asOf: CalendarDate?) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let asOf { conditions.append(inForce(from: "in_service_from", until: "removed_on", on: asOf)) }
        if !unitCodes.isEmpty { conditions.append("unit_code IN \(SQLBind.group(unitCodes))") }
        if !operatorCode.isEmpty { conditions.append("operator = \(bind: operatorCode.lowercased())") }
        return .whereClause(conditions)
    }

    static func postalPoints(codes: [String], from sql: any SQLDatabase) async throws -> [PostalPoint] {
        try await sql.raw("SELECT * FROM postal_points WHERE code IN \(SQLBind.group(codes))").all().map(point)
    }

    static func cableSegments(codes: [String], from sql: any SQLDatabase) async throws -> [CableSegment] {
        try await sql.raw("SELECT * FROM cable_segments WHERE code IN \(SQLBind.group(codes))").all().map(segment)
    }

    static func point(_ row: any SQLRow) throws -> PostalPoint {
        guard let kind = PostalPoint.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else {
            throw StoredDataError("a postal point")
        }
        return PostalPoint(
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self), kind: kind,
            operatorCode: try row.decode(column: "operator", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: String.self),
            staffed: try row.decode(column: "staffed", as: Int.self) != 0,
            handlesDossiers: try row.decode(column: "handles_dossiers", as: Int.self) != 0,
            validity: try validity(row, from: "opened_on", until: "closed_on"))
    }

    static func segment(_ row: any SQLRow) throws -> CableSegment {
        CableSegment(
            code: try row.decode(column: "code", as: String.self),
            operatorCode: try row.decode(column: "operator", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: String.self),
            lengthKm: try row.decode(column: "length_km", as: Double.self),
            underground: try row.decode(column: "underground", as: Int.self) != 0,
            urban: try row.decode(column: "urban", as: Int.self) != 0,
            validity: try validity(row, from: "in_service_from", until: "removed_on"))
    }

    /// Rows in force on `date` by their validity columns (ISO dates compare as text does): begun by
    /// then, not yet ended. The column names are ours, never input.
    static func inForce(from: String, until: String, on date: CalendarDate) -> SQLQueryString {
        let day = date.description
        return "(\(unsafeRaw: from) IS NULL OR \(unsafeRaw: from) <= \(bind: day)) AND "
            + "(\(unsafeRaw: until) IS NULL OR \(unsafeRaw: until) > \(bind: day))"
    }

    static func validity(_ row: any SQLRow, from: String, until: String) throws -> Validity {
        func date(_ column: String) throws -> CalendarDate? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let date = CalendarDate(iso: text) else { throw StoredDataError("\(column) '\(text)'") }
            return date
        }
        return Validity(from: try date(from), until: try date(until))
    }

    /// Removes a postal point or cable segment entered by mistake; false when there was none.
    public func delete(_ table: DeletableTable, code: String) async throws -> Bool {
        try await database.write { sql in
            guard
                try await sql.raw("SELECT code FROM \(unsafeRaw: table.rawValue) WHERE code = \(bind: code)").first()
                    != nil
            else { return false }
            AuditLog.touch("\(table.auditName):\(code)")
            try await sql.raw("DELETE FROM \(unsafeRaw: table.rawValue) WHERE code = \(bind: code)").run()
            return true
        }
    }

    /// The registers a record may be deleted from (a fixed list: the table name is never input).
    public enum DeletableTable: String, Sendable {
        case postalPoints = "postal_points"
        case cableSegments = "cable_segments"

        var auditName: String { self == .postalPoints ? "postal-point" : "cable" }
    }
}
