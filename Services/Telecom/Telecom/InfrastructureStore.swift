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
    /// reports.
    public func save(_ station: RadioStation) async throws -> RadioStation {
        try station.validate()
        return try await database.write { sql in
            let existing = try await Self.station(code: station.code, from: sql)
            // What past figures counted is history: a station that has reported keeps its kind and
            // commune. A new one is installed under its own code.
            if let existing, !existing.reports.isEmpty,
                existing.kind != station.kind || existing.communeCode != station.communeCode
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
                reports: existing?.reports ?? station.reports, installedOn: station.installedOn,
                decommissionedOn: station.decommissionedOn)
            try await Self.upsert(saved, into: sql)
            return saved
        }
    }

    /// Records a state report for the station named by `stationCode`, or, without one, for the
    /// commune's one station in force on the report's day.
    public func report(
        _ report: RadioStation.StateReport, station stationCode: String, commune communeCode: String
    ) async throws -> RadioStation {
        try await database.write { sql in
            var station: RadioStation
            if !stationCode.isEmpty {
                guard let found = try await Self.station(code: stationCode, from: sql) else {
                    throw TelecomError.invalid("station_code", "no radio station '\(stationCode)'")
                }
                station = found
            } else {
                let inForce = try await Self.stations(communeCodes: [communeCode], from: sql)
                    .filter { $0.isInForce(on: report.on) }
                guard let only = inForce.first else {
                    throw TelecomError.invalid("commune_code", "no radio station in '\(communeCode)' on \(report.on)")
                }
                guard inForce.count == 1 else {
                    throw TelecomError.invalid(
                        "station_code",
                        "'\(communeCode)' has \(inForce.count) stations on \(report.on) "
                            + "(\(inForce.map(\.code).joined(separator: ", "))): name one")
                }
                station = only
            }
            guard station.isInForce(on: report.on) else {
                throw TelecomError.notAllowed("report.on", "station \(station.code) is not in force on \(report.on)")
            }
            try station.report(report)
            try await Self.upsert(station, into: sql)
            return station
        }
    }

    /// Every station recorded in these communes (all when empty), in force or not: a caller asks
    /// ``RadioStation/isInForce(on:)`` for a date.
    public func stations(communeCodes: [String] = []) async throws -> [RadioStation] {
        try await database.read { sql in try await Self.stations(communeCodes: communeCodes, from: sql) }
    }

    static func stations(communeCodes: [String], from sql: any SQLDatabase) async throws -> [RadioStation] {
        let filter: SQLQueryString = communeCodes.isEmpty ? "" : "WHERE commune_code IN \(SQLBind.group(communeCodes))"
        return try await sql.raw("SELECT * FROM radio_stations \(filter) ORDER BY commune_code, code").all().map(
            Self.station)
    }

    static func station(code: String, from sql: any SQLDatabase) async throws -> RadioStation? {
        try await sql.raw("SELECT * FROM radio_stations WHERE code = \(bind: code)").first().map(station)
    }

    static func upsert(_ station: RadioStation, into sql: any SQLDatabase) async throws {
        AuditLog.touch("radio:\(station.code)")
        try await sql.raw("DELETE FROM radio_stations WHERE code = \(bind: station.code)").run()
        let reports = station.reports.map { ["on": $0.on.description, "state": $0.state.rawValue, "note": $0.note] }
        try await sql.insert(into: "radio_stations")
            .columns(
                "code", "commune_code", "kind", "loudspeaker_clusters", "connected", "reports_json", "installed_on",
                "decommissioned_on"
            )
            .values(
                SQLBind(station.code), SQLBind(station.communeCode), SQLBind(station.kind.rawValue),
                SQLBind(station.loudspeakerClusters), SQLBind(station.connectedToProvincialSource ? 1 : 0),
                SQLBind(try SortedJSON.text(reports)), SQLBind(station.installedOn?.description),
                SQLBind(station.decommissionedOn?.description)
            ).run()
    }

    static func station(_ row: any SQLRow) throws -> RadioStation {
        let code = try row.decode(column: "code", as: String.self)
        guard let kind = RadioStation.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else {
            throw StoredDataError("radio station \(code)")
        }
        let reports = try SortedJSON.decode(
            [[String: String]].self, try row.decode(column: "reports_json", as: String.self)
        )
        .map { entry throws -> RadioStation.StateReport in
            guard let on = entry["on"].flatMap(CalendarDate.init(iso:)),
                let state = entry["state"].flatMap(RadioStation.State.init(rawValue:))
            else { throw StoredDataError("a state report of radio station \(code)") }
            return RadioStation.StateReport(on: on, state: state, note: entry["note"] ?? "")
        }
        let inForce = try validity(row, from: "installed_on", until: "decommissioned_on")
        return RadioStation(
            code: code, communeCode: try row.decode(column: "commune_code", as: String.self), kind: kind,
            loudspeakerClusters: try row.decode(column: "loudspeaker_clusters", as: Int.self),
            connectedToProvincialSource: try row.decode(column: "connected", as: Int.self) != 0, reports: reports,
            installedOn: inForce.from, decommissionedOn: inForce.until)
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
            var conditions: [SQLQueryString] = []
            if let asOf { conditions.append(Self.inForce(from: "in_service_from", until: "removed_on", on: asOf)) }
            if !unitCodes.isEmpty { conditions.append("unit_code IN \(SQLBind.group(unitCodes))") }
            if !operatorCode.isEmpty { conditions.append("operator = \(bind: operatorCode.lowercased())") }
            return try await sql.raw(
                "SELECT * FROM cable_segments \(SQLQueryString.whereClause(conditions)) ORDER BY code"
            )
            .all().map(Self.segment)
        }
    }
}

extension InfrastructureStore {
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
