import AdminUnits
import CommonAPI
import LicensingAPI
import LicensingDomain
import RPCCore

// Organisations, procedures and the holiday calendar.
extension LicensingProvider {
    public func createOrganisation(
        _ request: APICreateOrganisationRequest, context: ServerContext
    ) async throws -> APIOrganisation {
        try await organisations.create(try Organisation(wire: request.organisation), requestID: request.requestID).wire
    }

    public func updateOrganisation(
        _ request: APIUpdateOrganisationRequest, context: ServerContext
    ) async throws -> APIOrganisation {
        let organisation = try Organisation(wire: request.organisation)
        let id = request.organisation?.id ?? ""
        guard !id.isEmpty else { throw LicensingError.invalid("organisation.id", "required") }
        do {
            return try await organisations.update(organisation, id: id).wire
        } catch let error as LicensingError where error.field == "id" {
            throw RPCError(.notFound, "organisation.id: no organisation '\(id)'")
        }
    }

    public func getOrganisation(
        _ request: APIGetOrganisationRequest, context: ServerContext
    ) async throws -> APIOrganisation {
        guard let found = try await organisations.get(request.id) else {
            throw RPCError(.notFound, "id: no organisation '\(request.id)'")
        }
        return found.wire
    }

    public func listOrganisations(
        _ request: APIListOrganisationsRequest, context: ServerContext
    ) async throws -> APIListOrganisationsResponse {
        let window = try PageWindow(request.page)
        let (found, total) = try await organisations.list(
            query: try SearchQuery.checked(request.query), unitCode: request.unitCode, window: window)
        let (organisations, page) = window.fitting(found.map(\.wire), total: total)
        return APIListOrganisationsResponse(organisations: organisations, page: page)
    }

    public func listProcedures(
        _ request: APIListProceduresRequest, context: ServerContext
    ) async throws -> APIListProceduresResponse {
        let window = try PageWindow(request.page)
        let (page, info) = window.page(try await procedures.procedures(), \.wire)
        return APIListProceduresResponse(procedures: page, page: info)
    }

    public func saveProcedure(_ request: APISaveProcedureRequest, context: ServerContext) async throws -> APIProcedure {
        let procedure = try Procedure(wire: request.procedure)
        try procedure.validate()
        try await procedures.save(procedure)
        return procedure.wire
    }

    public func listHolidays(
        _ request: APIListHolidaysRequest, context: ServerContext
    ) async throws -> APIListHolidaysResponse {
        APIListHolidaysResponse(holidays: try await procedures.holidays(in: try Self.year(request.year)).map(\.wire))
    }

    public func setHolidays(
        _ request: APISetHolidaysRequest, context: ServerContext
    ) async throws -> APIListHolidaysResponse {
        let year = try Self.year(request.year)
        var entries: [Holiday] = []
        for entry in request.holidays { entries.append(try Holiday(wire: entry)) }
        try await procedures.setHolidays(entries, in: year)
        return APIListHolidaysResponse(holidays: try await procedures.holidays(in: year).map(\.wire))
    }

    static func year(_ value: Int32) throws(LicensingError) -> Int {
        guard (1990...9998).contains(value) else { throw .invalid("year", "1990 to 9998") }
        return Int(value)
    }
}
