import CommonAPI
import RPCCore
import RPCInProcess
import Synchronization
import Testing

@testable import ConsoleKit

/// Commune names for a page's codes: a call per parent, a few single lookups after, never a failure.
struct UnitNamesTests {
    /// Two districts' communes in force, one commune listed nowhere (out of force today) but known
    /// by its code, and one code no one knows.
    final class Registry: AdminUnitsService.ServiceProtocol {
        let calls = Mutex<[String]>([])
        let inForce: [String: [AdminUnit]] = [
            "06.066": [
                AdminUnit(code: "06.066.13", name: "Xã Trần Phú"), AdminUnit(code: "06.066.14", name: "Xã Văn Lang"),
            ],
            "06.058": [AdminUnit(code: "06.058.01", name: "Thị trấn Chợ Rã")],
        ]
        let outOfForce = AdminUnit(code: "06.060.99", name: "Xã Đã Sáp Nhập")

        func listChildren(
            _ request: ListChildrenRequest, context: ServerContext
        ) async throws
            -> ListAdminUnitsResponse
        {
            calls.withLock { $0.append("list \(request.parentCode)") }
            guard let units = inForce[request.parentCode] else { throw RPCError(.notFound, "parent_code") }
            return ListAdminUnitsResponse(units: units)
        }
        func getAdminUnit(_ request: GetAdminUnitRequest, context: ServerContext) async throws -> AdminUnit {
            calls.withLock { $0.append("get \(request.code)") }
            guard request.code == outOfForce.code else { throw RPCError(.notFound, "code") }
            return outOfForce
        }
        func resolveAdminUnit(
            _ request: ResolveAdminUnitRequest, context: ServerContext
        ) async throws
            -> ResolveAdminUnitResponse
        { throw RPCError(.unimplemented, "") }
        func getAncestor(_ request: AncestorRequest, context: ServerContext) async throws -> AdminUnit {
            throw RPCError(.unimplemented, "")
        }
        func searchAdminUnits(
            _ request: SearchAdminUnitsRequest, context: ServerContext
        ) async throws
            -> ListAdminUnitsResponse
        { throw RPCError(.unimplemented, "") }
        func importAdminUnits(
            _ requests: RPCInbound<ImportAdminUnitsRequest>, context: ServerContext
        ) async throws
            -> ImportAdminUnitsResponse
        { throw RPCError(.unimplemented, "") }
    }

    func names(_ codes: [String], _ registry: Registry) async throws -> [String: String] {
        var router = RPCRouter()
        router.add(registry)
        return try await InProcessTransport.withServer(router) { rpc in
            await UnitNames(client: AdminUnitsService.Client(rpc), options: .defaults).names(of: codes)
        }
    }

    @Test func eachParentIsListedOnceAndWhatItLeavesIsAskedAlone() async throws {
        let registry = Registry()
        // A page of rows: codes repeat, as many stations share a commune.
        let codes = ["06.066.13", "06.066.14", "06.066.13", "06.058.01", "06.060.99", "06.099.01", "", "BKN-V001"]
        let found = try await names(codes, registry)
        #expect(
            found == [
                "06.066.13": "Xã Trần Phú", "06.066.14": "Xã Văn Lang", "06.058.01": "Thị trấn Chợ Rã",
                "06.060.99": "Xã Đã Sáp Nhập",
            ])
        #expect(
            registry.calls.withLock { $0.sorted() } == [
                "get 06.060.99", "get 06.099.01", "get BKN-V001", "list 06.058", "list 06.060", "list 06.066",
                "list 06.099",
            ])
    }

    @Test func rowsBeyondTheLimitsAreLeftAsCodesNotAskedForOneByOne() async throws {
        let registry = Registry()
        let unknown = (0..<500).map { "99.\($0).1" }  // 500 parents no one knows
        let found = try await names(unknown, registry)
        #expect(found.isEmpty)
        let calls = registry.calls.withLock { $0 }
        #expect(calls.filter { $0.hasPrefix("list") }.count == UnitNames.maximumParents)
        #expect(calls.filter { $0.hasPrefix("get") }.count == UnitNames.maximumSingleLookups)
    }

    @Test func aCodesParentIsItsCodeWithoutTheLastPart() {
        #expect(UnitNames.parent(of: "06.066.13") == "06.066")
        #expect(UnitNames.parent(of: "06.066") == "06")
        #expect(UnitNames.parent(of: "06") == nil)
        #expect(UnitNames.parent(of: ".5") == nil)
    }
}
