import AdminUnits
import CalendarDates
import CommonAPI
import LicensingAPI
import LicensingDomain
import RPCCore

// Dossiers: received, moved on, read, listed (with the overdue ones on their own).
extension LicensingProvider {
    public func receiveDossier(_ request: APIReceiveDossierRequest, context: ServerContext) async throws -> APIDossier {
        guard !request.procedureCode.isEmpty else { throw LicensingError.invalid("procedure_code", "required") }
        let channel = try Dossier.Channel(wire: request.channel, field: "channel")
        let onlineType = try Dossier.OnlineType(wire: request.onlineType, field: "online_type")
        let receivedOn = try CalendarDate.required(request.receivedOn, field: "received_on")
        guard receivedOn <= today() else {
            throw LicensingError.invalid("received_on", "\(receivedOn) is in the future")
        }
        let dossier = try await dossiers.receive(requestID: request.requestID, procedureCode: request.procedureCode) {
            procedure throws(LicensingError) in
            try Dossier(
                code: request.code, procedure: procedure, applicantID: request.applicantID, channel: channel,
                onlineType: onlineType, receivedOn: receivedOn, feeVND: request.feeVnd, paidOnline: request.paidOnline)
        }
        return dossier.wire(today: today(), calendar: try await dossiers.calendar())
    }

    public func moveDossier(_ request: APIMoveDossierRequest, context: ServerContext) async throws -> APIDossier {
        guard !request.code.isEmpty else { throw LicensingError.invalid("code", "required") }
        let status = try DossierStatus(wire: request.status, field: "status")
        let on = try CalendarDate.required(request.on, field: "on")
        guard on <= today() else { throw LicensingError.invalid("on", "\(on) is in the future") }
        do {
            let dossier = try await dossiers.move(
                request.code, to: status, on: on, note: request.note,
                resultLicence: request.resultLicence.isEmpty ? nil : request.resultLicence,
                requestID: request.requestID)
            return dossier.wire(today: today(), calendar: try await dossiers.calendar())
        } catch let error as LicensingError where error.field == "code" && error.kind == .invalidValue {
            throw RPCError(.notFound, "code: no dossier '\(request.code)'")
        }
    }

    public func getDossier(_ request: APIGetDossierRequest, context: ServerContext) async throws -> APIDossier {
        guard let dossier = try await dossiers.get(request.code) else {
            throw RPCError(.notFound, "code: no dossier '\(request.code)'")
        }
        let day = try CalendarDate.optional(request.today, field: "today") ?? today()
        return dossier.wire(today: day, calendar: try await dossiers.calendar())
    }

    public func listDossiers(
        _ request: APIListDossiersRequest, context: ServerContext
    ) async throws
        -> APIListDossiersResponse
    {
        let day = try CalendarDate.optional(request.today, field: "today") ?? today()
        let window = try PageWindow(request.page)
        let query = try SearchQuery.checked(request.query)
        var filter = DossierStore.Filter()
        filter.query = query
        filter.status = try DossierStatus(filter: request.status, field: "status")
        filter.procedureCode = request.procedureCode
        filter.channel = try Dossier.Channel(filter: request.channel, field: "channel")
        filter.receivedFrom = try CalendarDate.optional(request.receivedFrom, field: "received_from")
        filter.receivedThrough = try CalendarDate.optional(request.receivedThrough, field: "received_through")
        if request.overdueOnly {
            let (overdue, total, calendar) = try await dossiers.overdue(matching: filter, today: day, window: window)
            let (page, info) = window.fitting(overdue.map { $0.wire(today: day, calendar: calendar) }, total: total)
            return APIListDossiersResponse(dossiers: page, page: info)
        }
        let (found, total) = try await dossiers.list(filter, window: window)
        let calendar = try await dossiers.calendar()
        let (page, info) = window.fitting(found.map { $0.wire(today: day, calendar: calendar) }, total: total)
        return APIListDossiersResponse(dossiers: page, page: info)
    }
}
