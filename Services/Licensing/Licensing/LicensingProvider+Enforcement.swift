import AdminUnits
import CalendarDates
import CommonAPI
import LicensingAPI
import LicensingDomain
import RPCCore

// Inspections, sanctions and holders' obligations.
extension LicensingProvider {
    public func recordInspection(
        _ request: APIRecordInspectionRequest, context: ServerContext
    ) async throws -> APIInspection {
        let (id, inspection) = try await enforcement.record(
            try Inspection(wire: request.inspection), requestID: request.requestID)
        return inspection.wire(id: id)
    }

    public func getInspection(_ request: APIGetInspectionRequest, context: ServerContext) async throws -> APIInspection
    {
        guard let inspection = try await enforcement.inspection(request.id) else {
            throw RPCError(.notFound, "id: no inspection '\(request.id)'")
        }
        return inspection.wire(id: request.id)
    }

    public func listInspections(
        _ request: APIListInspectionsRequest, context: ServerContext
    ) async throws -> APIListInspectionsResponse {
        var filter = EnforcementStore.Filter()
        filter.query = try SearchQuery.checked(request.query)
        filter.subjectID = request.subjectID
        filter.licenceID = request.licenceID
        filter.from = try CalendarDate.optional(request.from, field: "from")
        filter.through = try CalendarDate.optional(request.through, field: "through")
        let window = try PageWindow(request.page)
        let (found, total) = try await enforcement.inspections(filter, window: window)
        let (inspections, page) = window.fitting(found.map { $0.1.wire(id: $0.0) }, total: total)
        return APIListInspectionsResponse(inspections: inspections, page: page)
    }

    public func recordSanction(_ request: APIRecordSanctionRequest, context: ServerContext) async throws -> APISanction
    {
        let (id, sanction) = try await enforcement.record(
            try Sanction(wire: request.sanction), requestID: request.requestID)
        return sanction.wire(id: id)
    }

    public func settleSanction(_ request: APISettleSanctionRequest, context: ServerContext) async throws -> APISanction
    {
        let payment = try Sanction.Payment(wire: request.paymentStatus, field: "payment_status")
        let on = try CalendarDate.required(request.settledOn, field: "settled_on")
        do {
            return try await enforcement.settle(request.sanctionID, payment, on: on, requestID: request.requestID).wire(
                id: request.sanctionID)
        } catch let error as LicensingError where error.field == "sanction_id" {
            throw RPCError(.notFound, "sanction_id: no sanction '\(request.sanctionID)'")
        }
    }

    public func getSanction(_ request: APIGetSanctionRequest, context: ServerContext) async throws -> APISanction {
        guard let sanction = try await enforcement.sanction(request.id) else {
            throw RPCError(.notFound, "id: no sanction '\(request.id)'")
        }
        return sanction.wire(id: request.id)
    }

    public func listSanctions(
        _ request: APIListSanctionsRequest, context: ServerContext
    ) async throws -> APIListSanctionsResponse {
        var filter = EnforcementStore.Filter()
        filter.query = try SearchQuery.checked(request.query)
        filter.subjectID = request.subjectID
        filter.licenceID = request.licenceID
        filter.payment = try Sanction.Payment(filter: request.paymentStatus, field: "payment_status")
        filter.from = try CalendarDate.optional(request.from, field: "from")
        filter.through = try CalendarDate.optional(request.through, field: "through")
        let window = try PageWindow(request.page)
        let (found, total) = try await enforcement.sanctions(filter, window: window)
        let (sanctions, page) = window.fitting(found.map { $0.1.wire(id: $0.0) }, total: total)
        return APIListSanctionsResponse(sanctions: sanctions, page: page)
    }

    public func listObligations(
        _ request: APIListObligationsRequest, context: ServerContext
    ) async throws -> APIListObligationsResponse {
        let day = try CalendarDate.optional(request.today, field: "today") ?? today()
        let window = try PageWindow(request.page)
        var filter = ObligationStore.Filter(year: try Self.year(request.year))
        filter.outstandingOnly = request.outstandingOnly
        let (found, total) = try await obligations.obligations(filter, limit: window.limit, offset: window.offset)
        let (page, info) = window.fitting(found.map { $0.wire(today: day) }, total: total)
        return APIListObligationsResponse(obligations: page, page: info)
    }

    public func fulfilObligation(
        _ request: APIFulfilObligationRequest, context: ServerContext
    ) async throws -> APIObligation {
        guard !request.licenceID.isEmpty else { throw LicensingError.invalid("licence_id", "required") }
        let kind = try Obligation.Kind(wire: request.kind, field: "kind")
        let on = try CalendarDate.required(request.fulfilledOn, field: "fulfilled_on")
        guard on <= today() else { throw LicensingError.invalid("fulfilled_on", "\(on) is in the future") }
        return try await obligations.fulfil(
            licenceID: request.licenceID, kind: kind, year: try Self.year(request.year), on: on,
            requestID: request.requestID
        ).wire(today: today())
    }
}
