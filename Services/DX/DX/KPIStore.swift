import DXDomain
import SQLKit
import ServiceStorage

/// The KPI plan: indicators and their yearly targets.
public struct KPIStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The plan in the report's order.
    public func all() async throws -> [KPI] {
        try await database.read { sql in try await Self.all(from: sql) }
    }

    public func get(_ code: String) async throws -> KPI? {
        try await all().first { $0.code == code }
    }

    /// Adds an indicator or replaces the one with its code, targets included.
    public func save(_ kpi: KPI) async throws {
        try kpi.validate()
        try await database.write { sql in
            let others =
                try await sql.raw("SELECT COUNT(*) AS n FROM kpis WHERE code <> \(bind: kpi.code)").first()?.decode(
                    column: "n", as: Int.self) ?? 0
            guard others < KPI.maximumInPlan else {
                throw DXError.notAllowed(
                    "code", "the plan already holds \(others) indicators, the most it keeps")
            }
            try await Self.save(kpi, into: sql)
        }
    }

    static func save(_ kpi: KPI, into sql: any SQLDatabase) async throws {
        AuditLog.touch("kpi:\(kpi.code)")
        try await sql.raw("DELETE FROM kpi_targets WHERE kpi_code = \(bind: kpi.code)").run()
        try await sql.raw("DELETE FROM kpis WHERE code = \(bind: kpi.code)").run()
        var service = ""
        var externalCode = ""
        var hasDenominator = false
        var percentage = false
        switch kpi.computation {
        case .measured(let withDenominator, let isPercentage):
            hasDenominator = withDenominator
            percentage = isPercentage
        case .external(let name, let code):
            service = name
            externalCode = code
        }
        try await sql.insert(into: "kpis")
            .columns(
                "code", "name", "unit", "direction", "computation", "external_service", "external_code",
                "has_denominator", "percentage", "over_time", "ord", "decimals", "assess_each_quarter"
            )
            .values(
                SQLBind(kpi.code), SQLBind(kpi.name), SQLBind(kpi.unit), SQLBind(kpi.direction.rawValue),
                SQLBind(service.isEmpty ? "measured" : "external"), SQLBind(service), SQLBind(externalCode),
                SQLBind(hasDenominator ? 1 : 0), SQLBind(percentage ? 1 : 0), SQLBind(kpi.overTime.rawValue),
                SQLBind(kpi.order), SQLBind(kpi.decimals), SQLBind(kpi.assessEachQuarter ? 1 : 0)
            ).run()
        for (year, target) in kpi.targets.sorted(by: { $0.key < $1.key }) {
            try await sql.insert(into: "kpi_targets").columns("kpi_code", "year", "value", "decision", "text")
                .values(
                    SQLBind(kpi.code), SQLBind(year), SQLBind(target.value), SQLBind(target.decision),
                    SQLBind(target.text)
                ).run()
        }
    }

    static func all(from sql: any SQLDatabase) async throws -> [KPI] {
        var targets: [String: [Int: KPI.Target]] = [:]
        for row in try await sql.raw("SELECT * FROM kpi_targets").all() {
            targets[try row.decode(column: "kpi_code", as: String.self), default: [:]][
                try row.decode(column: "year", as: Int.self)] = KPI.Target(
                    value: try row.decode(column: "value", as: Double.self),
                    decision: try row.decode(column: "decision", as: String.self),
                    text: try row.decode(column: "text", as: String.self))
        }
        return try await sql.raw("SELECT * FROM kpis ORDER BY ord, code").all().map { row in
            let code = try row.decode(column: "code", as: String.self)
            guard let direction = KPI.Direction(rawValue: try row.decode(column: "direction", as: String.self)),
                let overTime = KPI.OverTime(rawValue: try row.decode(column: "over_time", as: String.self))
            else { throw StoredDataError("kpi \(code)") }
            let computation: KPI.Computation =
                try row.decode(column: "computation", as: String.self) == "external"
                ? .external(
                    service: try row.decode(column: "external_service", as: String.self),
                    code: try row.decode(column: "external_code", as: String.self))
                : .measured(
                    hasDenominator: try row.decode(column: "has_denominator", as: Int.self) != 0,
                    percentage: try row.decode(column: "percentage", as: Int.self) != 0)
            var kpi = KPI(
                code: code, name: try row.decode(column: "name", as: String.self),
                unit: try row.decode(column: "unit", as: String.self), direction: direction, computation: computation,
                overTime: overTime, order: try row.decode(column: "ord", as: Int.self), targets: targets[code] ?? [:],
                decimals: try row.decode(column: "decimals", as: Int.self))
            kpi.assessEachQuarter = try row.decode(column: "assess_each_quarter", as: Int.self) != 0
            return kpi
        }
    }
}
