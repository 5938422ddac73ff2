import AdminUnits
import CSV
import CalendarDates
import CommonAPI
import Foundation
import Geo
import RPCCore
import ServiceStorage
import TelecomAPI
import TelecomDomain

/// `dic.telecom.v1.Telecom` over the stores: handlers translate messages into domain calls and
/// back; the rules live in the domain types. Sites and the plan are here; coverage, the
/// infrastructure registers and the imports are in the `TelecomProvider+...` files.
public struct TelecomProvider: APITelecomService.ServiceProtocol {
    public let sites: SiteStore
    public let coverage: CoverageStore
    public let infrastructure: InfrastructureStore
    public let programmes: ProgrammeStore
    let radii: CoverageRadii
    let unitsWithin: @Sendable (String, CalendarDate) -> [String]
    let today: @Sendable () -> CalendarDate

    /// - Parameters:
    ///   - unitsWithin: a unit code and every unit inside it, on a date (empty when unknown).
    ///   - today: the department's date (Vietnam time), injectable for tests.
    public init(
        database: Database, operators: Operators, radii: CoverageRadii = .defaults,
        planLimits: InfrastructurePlan.Limits = .init(),
        unitsWithin: @escaping @Sendable (String, CalendarDate) -> [String] = { code, _ in [code] },
        today: @escaping @Sendable () -> CalendarDate
    ) {
        sites = SiteStore(database: database, operators: operators, planLimits: planLimits)
        coverage = CoverageStore(database: database)
        infrastructure = InfrastructureStore(database: database, operators: operators)
        programmes = ProgrammeStore(database: database, operators: operators)
        self.radii = radii
        self.unitsWithin = unitsWithin
        self.today = today
    }

    /// The codes a unit filter means; refuses a code the registry does not know.
    func units(_ code: String, field: String = "unit_code") throws -> [String] {
        guard !code.isEmpty else { return [] }
        let units = unitsWithin(code, today())
        guard !units.isEmpty else { throw TelecomError.invalid(field, "no administrative unit '\(code)'") }
        return units
    }

    public func saveSite(_ request: APISaveSiteRequest, context: ServerContext) async throws -> APISite {
        let site = try BTSSite(wire: request.site)
        _ = try units(site.unitCode)
        return try await sites.save(site).wire
    }

    public func getSite(_ request: APIGetSiteRequest, context: ServerContext) async throws -> APISite {
        guard let site = try await sites.get(request.operator, request.code) else {
            throw RPCError(.notFound, "code: no \(request.operator) site '\(request.code)'")
        }
        return site.wire
    }

    public func listSites(_ request: APIListSitesRequest, context: ServerContext) async throws -> APIListSitesResponse {
        var filter = SiteStore.Filter()
        filter.query = try SearchQuery.checked(request.query)
        filter.operatorCode = request.operator
        filter.unitCodes = try units(request.unitCode)
        filter.status = try BTSSite.Status(filter: request.status, field: "status")
        filter.technology =
            request.technology == .unspecified ? nil : try Technology(wire: request.technology, field: "technology")
        let window = try PageWindow(request.page)
        let (found, total) = try await sites.list(filter, limit: window.limit, offset: window.offset)
        let (sites, page) = window.fitting(found.map(\.wire), total: total)
        return APIListSitesResponse(sites: sites, page: page)
    }

    public func moveSite(_ request: APIMoveSiteRequest, context: ServerContext) async throws -> APISite {
        let status = try BTSSite.Status(wire: request.status, field: "status")
        let day = try CalendarDate.optional(request.on, field: "on") ?? today()
        guard day <= today() else { throw TelecomError.invalid("on", "\(day) is in the future") }
        do {
            return try await sites.move(request.operator, request.code, to: status, on: day).wire
        } catch let error as TelecomError where error.field == "code" {
            throw RPCError(.notFound, error.description)
        }
    }

    public func checkSite(_ request: APICheckSiteRequest, context: ServerContext) async throws -> APISite {
        let now = Int64(Foundation.Date().timeIntervalSince1970 * 1000)
        do {
            return try await sites.check(
                request.operator, request.code, by: context.principal ?? "anonymous", at: now
            ).wire
        } catch let error as TelecomError where error.field == "code" {
            throw RPCError(.notFound, error.description)
        }
    }

    public func getPlan(_ request: APIGetPlanRequest, context: ServerContext) async throws -> APIPlan {
        try await sites.plan().wire
    }

    public func savePlannedSite(
        _ request: APISavePlannedSiteRequest, context: ServerContext
    ) async throws -> APIPlannedSite {
        guard let wire = request.plannedSite else { throw TelecomError.invalid("planned_site", "required") }
        var classes: Set<BTSSite.MastClass> = []
        for item in wire.allowedMastClasses { classes.insert(try .init(wire: item, field: "allowed_mast_classes")) }
        try await sites.save(
            InfrastructurePlan.PlannedSite(
                code: wire.code, position: try Geo.GeoPoint(wire: wire.position, field: "position"),
                radiusMetres: wire.radiusM, allowedMastClasses: classes))
        return wire
    }

    public func savePlanZone(_ request: APISavePlanZoneRequest, context: ServerContext) async throws -> APIPlanZone {
        guard let wire = request.zone else { throw TelecomError.invalid("zone", "required") }
        var vertices: [Geo.GeoPoint] = []
        for vertex in wire.vertices { vertices.append(try Geo.GeoPoint(wire: vertex, field: "vertices")) }
        guard let area = GeoPolygon(vertices) else { throw TelecomError.invalid("vertices", "at least three") }
        var classes: Set<BTSSite.MastClass> = []
        for item in wire.allowedMastClasses { classes.insert(try .init(wire: item, field: "allowed_mast_classes")) }
        try await sites.save(InfrastructurePlan.Zone(code: wire.code, area: area, allowedMastClasses: classes))
        return wire
    }
}
