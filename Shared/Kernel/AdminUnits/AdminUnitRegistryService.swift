import CalendarDates
import CommonAPI
import Foundation
import RPCCore

/// `dic.common.v1.AdminUnits` over the store: the handlers only translate requests into registry
/// questions and answers into messages.
public struct AdminUnitRegistryService: AdminUnitsService.ServiceProtocol {
    let store: AdminUnitStore

    public init(store: AdminUnitStore) { self.store = store }

    public func getAdminUnit(_ request: GetAdminUnitRequest, context: ServerContext) async throws -> AdminUnit {
        try unit(request.code, field: "code").proto
    }

    public func listChildren(
        _ request: ListChildrenRequest, context: ServerContext
    ) async throws
        -> ListAdminUnitsResponse
    {
        if !request.parentCode.isEmpty { _ = try unit(request.parentCode, field: "parent_code") }
        let date = try Self.date(request.asOf, field: "as_of")
        return try Self.page(store.registry.children(of: request.parentCode, on: date), request.page)
    }

    public func resolveAdminUnit(
        _ request: ResolveAdminUnitRequest, context: ServerContext
    ) async throws
        -> ResolveAdminUnitResponse
    {
        _ = try unit(request.code, field: "code")
        let date = try Self.date(request.asOf, field: "as_of")
        return ResolveAdminUnitResponse(units: store.registry.resolve(request.code, on: date).map(\.proto))
    }

    public func getAncestor(_ request: AncestorRequest, context: ServerContext) async throws -> AdminUnit {
        _ = try unit(request.code, field: "code")
        guard request.level != .unspecified else { throw RPCError(.invalidArgument, "level: required") }
        let date = try Self.date(request.asOf, field: "as_of")
        let ancestors = store.registry.ancestors(of: request.code, at: request.level, on: date)
        switch ancestors.count {
        case 1: return ancestors[0].proto
        case 0:
            throw RPCError(.notFound, "'\(request.code)' has no \(request.level) ancestor on \(date)")
        default:
            throw RPCError(
                .failedPrecondition,
                "'\(request.code)' corresponds on \(date) to units under several \(request.level)s: "
                    + ancestors.map(\.code).joined(separator: ", "))
        }
    }

    public func searchAdminUnits(
        _ request: SearchAdminUnitsRequest, context: ServerContext
    ) async throws
        -> ListAdminUnitsResponse
    {
        let date = try Self.date(request.asOf, field: "as_of")
        let level = request.level == .unspecified ? nil : request.level
        return try Self.page(
            store.registry.search(try SearchQuery.checked(request.query), level: level, on: date), request.page)
    }

    /// The largest file accepted, joined from its pieces.
    static let maxImportBytes = 64 << 20

    public func importAdminUnits(
        _ requests: RPCInbound<ImportAdminUnitsRequest>, context: ServerContext
    ) async throws -> ImportAdminUnitsResponse {
        var requestID = ""
        var csv = ""
        var first = true
        for try await piece in requests {
            if first {
                requestID = piece.requestID
                first = false
            } else if !piece.requestID.isEmpty && piece.requestID != requestID {
                throw RPCError(.invalidArgument, "request_id: every piece must carry the first piece's id, or none")
            }
            csv += piece.csv
            guard csv.utf8.count <= Self.maxImportBytes else {
                throw RPCError(.resourceExhausted, "csv: larger than \(Self.maxImportBytes >> 20) MiB; split the file")
            }
        }
        guard !csv.isEmpty else { throw RPCError(.invalidArgument, "csv: required") }
        return try await store.importCSV(csv, requestID: requestID)
    }

    // MARK: Translation

    func unit(_ code: String, field: String) throws -> AdminUnitRecord {
        guard !code.isEmpty else { throw RPCError(.invalidArgument, "\(field): required") }
        guard let unit = store.registry.unit(code) else {
            throw RPCError(.notFound, "\(field): no administrative unit '\(code)'")
        }
        return unit
    }

    /// The date asked for, or today when it is unset.
    static func date(_ value: CommonAPI.Date?, field: String) throws -> CalendarDate {
        guard let value else { return CalendarDate.todayInVietnam() }
        guard let date = CalendarDate(value) else {
            throw RPCError(.invalidArgument, "\(field): \(value.year)-\(value.month)-\(value.day) is not a date")
        }
        return date
    }

    /// One page of `units`; the page token is the offset of the next page.
    static func page(_ units: [AdminUnitRecord], _ request: PageRequest?) throws -> ListAdminUnitsResponse {
        let window = try PageWindow(request)
        guard window.offset <= units.count else {
            throw RPCError(.invalidArgument, "page.page_token: not a token this service gave out")
        }
        let (page, info) = window.page(units, \.proto)
        return ListAdminUnitsResponse(units: page, page: info)
    }
}
