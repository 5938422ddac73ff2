import AdminUnits
import CalendarDates
import DXDomain
import SQLKit
import ServiceStorage

/// Community digital teams, cashless markets and DTI results.
public struct CommunityStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func save(_ team: DigitalTeam) async throws {
        try team.validate()
        try await database.write { sql in
            AuditLog.touch("digital-team:\(team.unitCode)")
            try await sql.raw("DELETE FROM digital_teams WHERE unit_code = \(bind: team.unitCode)").run()
            try await sql.insert(into: "digital_teams")
                .columns("unit_code", "founding_decision", "founded_on", "members_json")
                .values(
                    SQLBind(team.unitCode), SQLBind(team.foundingDecision), SQLBind(team.foundedOn?.description),
                    SQLBind(try SortedJSON.text(team.members))
                ).run()
        }
    }

    public func teams(unitCodes: [String] = []) async throws -> [DigitalTeam] {
        try await database.read { sql in
            let filter: SQLQueryString = unitCodes.isEmpty ? "" : "WHERE unit_code IN \(SQLBind.group(unitCodes))"
            return try await sql.raw("SELECT * FROM digital_teams \(filter) ORDER BY unit_code").all().map { row in
                DigitalTeam(
                    unitCode: try row.decode(column: "unit_code", as: String.self),
                    foundingDecision: try row.decode(column: "founding_decision", as: String.self),
                    foundedOn: try row.decode(column: "founded_on", as: String?.self).flatMap(CalendarDate.init(iso:)),
                    members: try SortedJSON.decode(
                        [DigitalTeam.Member].self, try row.decode(column: "members_json", as: String.self)))
            }
        }
    }

    public func save(_ market: CashlessMarket) async throws {
        try market.validate()
        try await database.write { sql in
            AuditLog.touch("cashless-market:\(market.code)")
            try await sql.raw("DELETE FROM cashless_markets WHERE code = \(bind: market.code)").run()
            try await sql.insert(into: "cashless_markets")
                .columns("code", "name", "unit_code", "traders", "traders_qr", "products_online", "as_of")
                .values(
                    SQLBind(market.code), SQLBind(market.name), SQLBind(market.unitCode), SQLBind(market.traders),
                    SQLBind(market.tradersAcceptingQR), SQLBind(market.productsListedOnline),
                    SQLBind(market.asOf.description)
                ).run()
        }
    }

    public func markets(unitCodes: [String] = []) async throws -> [CashlessMarket] {
        try await database.read { sql in
            let filter: SQLQueryString = unitCodes.isEmpty ? "" : "WHERE unit_code IN \(SQLBind.group(unitCodes))"
            return try await sql.raw("SELECT * FROM cashless_markets \(filter) ORDER BY code").all().map { row in
                let code = try row.decode(column: "code", as: String.self)
                guard let asOf = CalendarDate(iso: try row.decode(column: "as_of", as: String.self)) else {
                    throw StoredDataError("cashless market \(code)")
                }
                return CashlessMarket(
                    code: code, name: try row.decode(column: "name", as: String.self),
                    unitCode: try row.decode(column: "unit_code", as: String.self),
                    traders: try row.decode(column: "traders", as: Int.self),
                    tradersAcceptingQR: try row.decode(column: "traders_qr", as: Int.self),
                    productsListedOnline: try row.decode(column: "products_online", as: Int.self), asOf: asOf)
            }
        }
    }

    public func save(_ result: DTIResult) async throws {
        try result.validate()
        try await database.write { sql in
            AuditLog.touch("dti:\(result.year)/\(result.pillar)")
            try await sql.raw(
                "DELETE FROM dti_results WHERE year = \(bind: result.year) AND pillar = \(bind: result.pillar)"
            ).run()
            try await sql.insert(into: "dti_results").columns("year", "pillar", "score", "rank")
                .values(SQLBind(result.year), SQLBind(result.pillar), SQLBind(result.score), SQLBind(result.rank))
                .run()
        }
    }

    public func dtiResults(year: Int = 0) async throws -> [DTIResult] {
        try await database.read { sql in
            let filter: SQLQueryString = year == 0 ? "" : "WHERE year = \(bind: year)"
            return try await sql.raw("SELECT * FROM dti_results \(filter) ORDER BY year, pillar").all().map { row in
                DTIResult(
                    year: try row.decode(column: "year", as: Int.self),
                    pillar: try row.decode(column: "pillar", as: String.self),
                    score: try row.decode(column: "score", as: Double.self),
                    rank: try row.decode(column: "rank", as: Int?.self))
            }
        }
    }
}
