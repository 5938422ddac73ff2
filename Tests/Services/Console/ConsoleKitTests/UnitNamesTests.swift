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
            "06.070": (1...7).map { AdminUnit(code: "06.070.0\($0)", name: "Phường Bản \($0)") },
            "": [AdminUnit(code: "06", name: "Tỉnh Bắc Kạn")],
            "06": [
                AdminUnit(code: "06.066", name: "Huyện Na Rì"), AdminUnit(code: "06.058", name: "Thành phố Bắc Kạn"),
            ],
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
        /// Case-insensitive "contains", over every unit in force; "lỗi" fails as a service would.
        func searchAdminUnits(
            _ request: SearchAdminUnitsRequest, context: ServerContext
        ) async throws
            -> ListAdminUnitsResponse
        {
            calls.withLock { $0.append("search \(request.query)") }
            if request.query == "lỗi" { throw RPCError(.unavailable, "down") }
            let found = inForce.values.flatMap { $0 }.filter {
                $0.name.lowercased().contains(request.query.lowercased())
            }
            return ListAdminUnitsResponse(
                units: Array(found.sorted { $0.code < $1.code }.prefix(Int(request.page?.pageSize ?? 100))))
        }
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

    @Test func aNameTypedIsTheOneUnitItFindsAndACodeIsLeftToTheService() async throws {
        var router = RPCRouter()
        let registry = Registry()
        router.add(registry)
        try await InProcessTransport.withServer(router) { rpc in
            let names = UnitNames(client: AdminUnitsService.Client(rpc), options: .defaults)
            #expect(await names.choose("  ") == .none)
            #expect(await names.choose("06.066") == .code("06.066"))
            #expect(await names.choose("BKN-V008") == .code("BKN-V008"))
            // A ward named by its number is a name: codes have no spaces.
            #expect(await names.choose("phường bản 3") == .unit(code: "06.070.03", name: "Phường Bản 3"))
            #expect(await names.choose(" trần phú ") == .unit(code: "06.066.13", name: "Xã Trần Phú"))
            #expect(await names.choose("trần phú").chosen == "Xã Trần Phú (06.066.13)")
            let several = await names.choose("xã")
            #expect(several.code == "")
            #expect(
                several.refusal
                    == "Nhiều đơn vị khớp “xã”: Xã Trần Phú (06.066.13), Xã Văn Lang (06.066.14). Hãy ghi rõ hơn hoặc nhập mã."
            )
            #expect(await names.choose("Hà Nội") == .refused("Không có đơn vị hành chính nào tên “Hà Nội”."))
            #expect(await names.choose("lỗi").refusal?.hasPrefix("Không tra được") == true)
            let long = String(repeating: "a", count: UnitNames.maximumNameCharacters + 1)
            #expect(await names.choose(long).refusal?.contains("dài quá") == true)
        }
        // Neither a code nor an overlong name is looked up.
        #expect(
            registry.calls.withLock { $0 } == [
                "search phường bản 3", "search trần phú", "search trần phú", "search xã", "search Hà Nội", "search lỗi",
            ])
    }

    @Test func moreMatchesThanShownEndTheListWithAnEllipsis() async throws {
        let registry = Registry()
        var router = RPCRouter()
        router.add(registry)
        let refusal = try await InProcessTransport.withServer(router) { rpc in
            await UnitNames(client: AdminUnitsService.Client(rpc), options: .defaults).choose("phường bản").refusal
        }
        let shown = (1...UnitNames.candidatesShown).map { "Phường Bản \($0) (06.070.0\($0))" }.joined(separator: ", ")
        #expect(refusal == "Nhiều đơn vị khớp “phường bản”: \(shown) và các đơn vị khác. Hãy ghi rõ hơn hoặc nhập mã.")
    }

    @Test func aUnitFieldSuggestsTheProvinceItsDistrictsAndTheirCommunesByName() async throws {
        let registry = Registry()
        var router = RPCRouter()
        router.add(registry)
        let choices = try await InProcessTransport.withServer(router) { rpc in
            await UnitNames(client: AdminUnitsService.Client(rpc), options: .defaults).choices()
        }
        #expect(choices.map(\.code) == ["06", "06.066", "06.058", "06.066.13", "06.066.14", "06.058.01"])
        #expect(choices[1].name == "Huyện Na Rì")
        // The province, its districts, then each district's communes: a call per parent.
        #expect(registry.calls.withLock { $0.sorted() } == ["list ", "list 06", "list 06.058", "list 06.066"])
    }

    @Test func namesThePageAlreadyHasAreNotAskedAgain() async throws {
        let registry = Registry()
        var router = RPCRouter()
        router.add(registry)
        let found = try await InProcessTransport.withServer(router) { rpc in
            await UnitNames(client: AdminUnitsService.Client(rpc), options: .defaults).names(
                of: ["06.066.13", "06.058.01"], known: [(name: "Xã Trần Phú", code: "06.066.13")])
        }
        #expect(found == ["06.066.13": "Xã Trần Phú", "06.058.01": "Thị trấn Chợ Rã"])
        #expect(registry.calls.withLock { $0 } == ["list 06.058"])
    }
}
