import AdminUnits
import CalendarDates
import CommonAPI
import Foundation
import LicensingAPI
import LicensingDomain
import RPCCore
import ServiceStorage

/// `dic.licensing.v1.Licensing` over the stores: handlers translate messages into domain calls
/// and back; the rules live in the domain types (``Licence``, ``Dossier``, ``Sanction``...).
/// Licences are here; the other records are in the `LicensingProvider+...` files.
public struct LicensingProvider: APILicensingService.ServiceProtocol {
    let store: LicenceStore
    let organisations: OrganisationStore
    let procedures: ProcedureStore
    let dossiers: DossierStore
    let enforcement: EnforcementStore
    let obligations: ObligationStore
    let knownUnit: @Sendable (String) -> Bool
    let today: @Sendable () -> CalendarDate

    /// - Parameters:
    ///   - knownUnit: whether a code names an administrative unit (organisations' addresses).
    ///   - today: the department's date (Vietnam time), injectable for tests.
    public init(
        database: Database, rules: LicenceRules = LicenceRules(),
        knownUnit: @escaping @Sendable (String) -> Bool = { _ in true },
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.todayInVietnam() }
    ) {
        store = LicenceStore(database: database, rules: rules)
        organisations = OrganisationStore(database: database, knownUnit: knownUnit)
        procedures = ProcedureStore(database: database)
        dossiers = DossierStore(database: database)
        enforcement = EnforcementStore(database: database, rules: rules)
        obligations = ObligationStore(database: database, rules: rules)
        self.knownUnit = knownUnit
        self.today = today
    }

    public func issueLicence(_ request: APIIssueLicenceRequest, context: ServerContext) async throws -> APILicence {
        let kind = try LicenceKind(wire: request.kind, field: "kind")
        guard let content = LicenceContent(wire: request.content) else {
            throw LicensingError.invalid("content", "required")
        }
        let issuedOn = try CalendarDate.required(request.issuedOn, field: "issued_on")
        let validUntil = try CalendarDate.optional(request.validUntil, field: "valid_until")
        let id = LicensingID.make("lic")
        let stored = try await store.issue(id: id, requestID: request.requestID) { rules throws(LicensingError) in
            try Licence.issue(
                kind: kind, number: request.number, holderID: request.holderID, on: issuedOn, validUntil: validUntil,
                content: content, decision: request.decisionNumber, rules: rules)
        }
        return stored.wire(history: false)
    }

    public func applyLicenceAction(
        _ request: APIApplyLicenceActionRequest, context: ServerContext
    ) async throws
        -> APILicence
    {
        guard !request.licenceID.isEmpty else { throw LicensingError.invalid("licence_id", "required") }
        let action = try LicenceAction(wire: request.action, field: "action")
        let effectiveOn = try CalendarDate.required(request.effectiveOn, field: "effective_on")
        let change = LicenceChange(
            action, on: effectiveOn, decision: request.decisionNumber, reason: request.reason,
            content: LicenceContent(wire: request.content),
            newValidUntil: try CalendarDate.optional(request.newValidUntil, field: "new_valid_until"),
            requestedOn: try CalendarDate.optional(request.requestedOn, field: "requested_on"),
            newNumber: request.newNumber.isEmpty ? nil : request.newNumber)
        do {
            return try await store.apply(change, to: request.licenceID, requestID: request.requestID).wire(
                history: false)
        } catch let error as LicensingError where error.field == "id" {
            throw RPCError(.notFound, "licence_id: no licence '\(request.licenceID)'")
        }
    }

    public func listLicences(
        _ request: APIListLicencesRequest, context: ServerContext
    ) async throws
        -> APIListLicencesResponse
    {
        var filter = LicenceStore.Filter()
        filter.query = try SearchQuery.checked(request.query)
        filter.kind = request.kind == .unspecified ? nil : try LicenceKind(wire: request.kind, field: "kind")
        filter.status = try LicenceStatus(filter: request.status, field: "status")
        filter.holderID = request.holderID
        let window = try PageWindow(request.page)
        let (found, total) = try await store.list(filter, window: window)
        let (licences, page) = window.fitting(found.map(\.wire), total: total)
        return APIListLicencesResponse(licences: licences, page: page)
    }

    public func getLicence(_ request: APIGetLicenceRequest, context: ServerContext) async throws -> APILicence {
        guard let stored = try await store.get(request.id, history: request.includeHistory) else {
            throw RPCError(.notFound, "id: no licence '\(request.id)'")
        }
        return stored.wire(history: request.includeHistory)
    }

    public func listLicenceVersions(
        _ request: APIListLicenceVersionsRequest, context: ServerContext
    ) async throws -> APIListLicenceVersionsResponse {
        try LicensingError.required(request.licenceID, "licence_id")
        let window = try PageWindow(request.page)
        guard
            let (found, total) = try await store.versions(
                of: request.licenceID, limit: window.limit, offset: window.offset)
        else { throw RPCError(.notFound, "licence_id: no licence '\(request.licenceID)'") }
        let (versions, page) = window.fitting(found.map(\.wire), total: total)
        return APIListLicenceVersionsResponse(versions: versions, page: page)
    }

    public func listExpiringLicences(
        _ request: APIListExpiringLicencesRequest, context: ServerContext
    ) async throws
        -> APIListExpiringLicencesResponse
    {
        guard request.withinDays <= 3660 else { throw LicensingError.invalid("within_days", "at most 3660") }
        let day = try CalendarDate.optional(request.today, field: "today") ?? today()
        let window = try PageWindow(request.page)
        let (found, total) = try await store.expiring(within: Int(request.withinDays), of: day, window: window)
        let (licences, page) = window.fitting(found.map(\.wire), total: total)
        return APIListExpiringLicencesResponse(licences: licences, page: page)
    }

    public func getLicenceStatistics(
        _ request: APILicenceStatisticsRequest, context: ServerContext
    ) async throws
        -> APILicenceStatisticsResponse
    {
        let from = try CalendarDate.required(request.from, field: "from")
        let through = try CalendarDate.required(request.through, field: "through")
        guard from <= through else { throw LicensingError.invalid("through", "must not be before from (\(from))") }
        let counts = try await store.actionCounts(from: from, through: through)
        let sorted = counts.sorted {
            ($0.key.kind.wire.rawValue, $0.key.action.wire.rawValue) < (
                $1.key.kind.wire.rawValue, $1.key.action.wire.rawValue
            )
        }
        let (periodDossiers, calendar) = try await dossiers.forPeriod(from: from, through: through)
        let statistics = LicensingStatistics(
            actions: counts, dossiers: periodDossiers, from: from, through: through, calendar: calendar)
        return APILicenceStatisticsResponse(
            actions: sorted.map {
                APIActionCount(kind: $0.key.kind.wire, action: $0.key.action.wire, count: Int64($0.value))
            },
            dossiers: statistics.wire,
            enforcement: try await enforcement.tallies(from: from, through: through).map {
                APIEnforcementCount(
                    kind: $0.kind?.wire ?? .unspecified, inspections: Int64($0.inspections),
                    sanctions: Int64($0.sanctions), finesVnd: $0.finesVND, suspensions: Int64($0.suspensions))
            })
    }
}
