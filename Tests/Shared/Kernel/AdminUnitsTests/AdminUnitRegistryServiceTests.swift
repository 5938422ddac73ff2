import CommonAPI
import Foundation
import Logging
import RPCCore
import RPCInProcess
import ServiceStorage
import ServiceTesting
import Testing

@testable import AdminUnits

/// The registry service through its generated client on the in-process transport.
func withUnitsService<T: Sendable>(_ body: @Sendable (AdminUnitsService.Client) async throws -> T) async throws -> T {
    try await withService(named: "units", migrations: AdminUnitStore.migrations) { database, router in
        router.add(
            AdminUnitRegistryService(
                store: try await AdminUnitStore.open(
                    database: database, logger: Logger(label: "test"), seed: .demoBacKan2023)))
    } _: { rpc, _ in
        try await body(AdminUnitsService.Client(rpc))
    }
}

let q1 = CommonAPI.Date(year: 2023, month: 3, day: 31)

/// Sends a CSV file a line at a time, as dicctl does in larger pieces.
func importing(
    _ client: AdminUnitsService.Client, _ requestID: String, _ csv: String
) async throws
    -> ImportAdminUnitsResponse
{
    let lines = csv.split(separator: "\n").map { String($0) + "\n" }
    return try await client.importAdminUnits { writer in
        for (index, line) in lines.enumerated() {
            try await writer.write(ImportAdminUnitsRequest(requestID: index == 0 ? requestID : "", csv: line))
        }
    }.message
}

struct AdminUnitRegistryServiceTests {
    @Test func listsPagesAndSearches() async throws {
        try await withUnitsService { client in
            let districts = try await client.listChildren(ListChildrenRequest(parentCode: "06", asOf: q1))
            #expect(districts.units.count == 8)
            #expect(districts.page?.totalSize == 8)
            var names: [String] = []
            var token = ""
            repeat {
                let page = try await client.listChildren(
                    ListChildrenRequest(
                        parentCode: "06.064", asOf: q1, page: PageRequest(pageSize: 7, pageToken: token)))
                names += page.units.map(\.name)
                token = page.page?.nextPageToken ?? ""
            } while !token.isEmpty
            #expect(names.count == 20)  // Chợ Đồn's communes, in three pages
            let found = try await client.searchAdminUnits(
                SearchAdminUnitsRequest(query: "cho don", level: .district, asOf: q1))
            #expect(found.units.map(\.name) == ["Huyện Chợ Đồn"])
        }
    }

    @Test func badRequestsNameTheField() async throws {
        try await withUnitsService { client in
            let cases: [(StatusCode, String, @Sendable () async throws -> Void)] = [
                (.invalidArgument, "code: required", { _ = try await client.getAdminUnit(GetAdminUnitRequest()) }),
                (
                    .notFound, "code: no administrative unit 'X'",
                    { _ = try await client.getAdminUnit(GetAdminUnitRequest(code: "X")) }
                ),
                (
                    .invalidArgument, "as_of: 2023-2-30 is not a date",
                    {
                        _ = try await client.listChildren(
                            ListChildrenRequest(parentCode: "06", asOf: CommonAPI.Date(year: 2023, month: 2, day: 30)))
                    }
                ),
                (
                    .invalidArgument, "page.page_token: not a token this service gave out",
                    {
                        _ = try await client.listChildren(
                            ListChildrenRequest(parentCode: "06", page: PageRequest(pageToken: "zz")))
                    }
                ),
                (
                    .invalidArgument, "query: at most 200 characters",
                    {
                        _ = try await client.searchAdminUnits(
                            SearchAdminUnitsRequest(query: String(repeating: "a", count: 201)))
                    }
                ),
                (
                    .invalidArgument, "level: required",
                    { _ = try await client.getAncestor(AncestorRequest(code: "06.064.01")) }
                ),
                (
                    .invalidArgument, "csv: required",
                    {
                        _ = try await client.importAdminUnits {
                            try await $0.write(ImportAdminUnitsRequest(requestID: "r"))
                        }
                    }
                ),
            ]
            for (code, message, call) in cases {
                let error = await #expect(throws: RPCError.self) { try await call() }
                #expect(error?.code == code)
                #expect(error?.message == message)
            }
        }
    }

    @Test func importIsAllOrNothingAndOncePerRequestID() async throws {
        try await withUnitsService { client in
            let bad = """
                \(AdminUnitCSV.header)
                06.064.99,,Xã Mới,commune,06.064,2024-01-01,,false,import test
                06.064.98,,Xã Hỏng,commune,NOPE,2024-01-01,,false,import test
                """
            let refused = try await importing(client, "imp-1", bad)
            #expect(refused.errors.map(\.line) == [3])
            #expect(refused.unitsAdded == 0)
            let notThere = await #expect(throws: RPCError.self) {
                _ = try await client.getAdminUnit(GetAdminUnitRequest(code: "06.064.99"))
            }
            #expect(notThere?.code == .notFound)

            let good = """
                \(AdminUnitCSV.header)
                06.064.99,,Xã Mới,commune,06.064,2024-01-01,,false,import test
                """
            // The same request id again, now with a correct file: refused imports are not remembered.
            let first = try await importing(client, "imp-1", good)
            #expect(first.unitsAdded == 1 && first.errors.isEmpty)
            let retry = try await importing(client, "imp-1", good)
            #expect(retry == first)
            let unit = try await client.getAdminUnit(GetAdminUnitRequest(code: "06.064.99"))
            #expect(unit.name == "Xã Mới" && unit.validFrom == CommonAPI.Date(year: 2024, month: 1, day: 1))
            let children = try await client.listChildren(
                ListChildrenRequest(parentCode: "06.064", asOf: CommonAPI.Date(year: 2024, month: 6, day: 1)))
            #expect(children.units.count == 21)
            let before = try await client.listChildren(ListChildrenRequest(parentCode: "06.064", asOf: q1))
            #expect(before.units.count == 20)
        }
    }
}

/// What a deployment's units start as: nothing unless it says, its own file, or the demo units.
struct AdminUnitSeedTests {
    static let province = """
        code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source
        99,99,Tỉnh Thử Nghiệm,province,,2020-01-01,,false,test
        99.001,,Huyện Một,district,99,2020-01-01,,false,test
        99.001.01,,Xã Đông,commune,99.001,2020-01-01,,false,test
        """

    @Test func aDeploymentStartsWithTheUnitsItNames() async throws {
        try await withTemporaryDatabase(named: "units", migrations: AdminUnitStore.migrations) { database in
            let logger = Logger(label: "test")
            #expect(try await AdminUnitStore.open(database: database, logger: logger).registry.units.isEmpty)
            let own = try await AdminUnitStore.open(
                database: database, logger: logger, seed: .csv(Self.province, source: "units.csv"))
            #expect(Set(own.registry.units.keys) == ["99", "99.001", "99.001.01"])
            // The demo units are not put over units a deployment already has.
            let again = try await AdminUnitStore.open(database: database, logger: logger, seed: .demoBacKan2023)
            #expect(again.registry.unit("06") == nil)
            // A file that does not read stops the start, naming the file and the line.
            await #expect {
                _ = try await AdminUnitStore.open(
                    database: database, logger: logger,
                    seed: .csv(
                        Self.province + "\n99.002.01,,Xã Lạc,commune,99.002,2020-01-01,,false,test", source: "units.csv"
                    ))
            } throws: { error in
                "\(error)".hasPrefix("units.csv: line 5")
            }
        }
    }

    @Test func aUnitHasAKindAndAPopulationWhereKnown() throws {
        let csv = """
            code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source,kind,population
            99,99,Tỉnh Thử Nghiệm,province,,2020-01-01,,false,test,,
            99.001,,Huyện Núi,district,99,2020-01-01,,false,test,,
            99.001.01,,Xã An,commune,99.001,2020-01-01,,false,test,,4210
            99.001.02,,Đồng Tâm,commune,99.001,2020-01-01,,false,test,phuong,
            """
        guard case .success(let parsed) = AdminUnitCSV.parse(csv, known: AdminUnitRegistry()) else {
            Issue.record("the file should read")
            return
        }
        let byCode = Dictionary(uniqueKeysWithValues: parsed.units.map { ($0.code, $0) })
        #expect(byCode["99"]?.kind == .province && byCode["99.001"]?.kind == .district)
        #expect(byCode["99.001.01"]?.kind == .commune && byCode["99.001.01"]?.population == 4210)
        #expect(byCode["99.001.02"]?.kind == .ward && byCode["99.001.02"]?.population == nil)
        #expect(byCode["99.001.01"]?.proto.kind == "xa" && byCode["99.001.01"]?.proto.population == 4210)
        let wrong = csv.replacingOccurrences(of: "test,phuong,", with: "test,ward,-3")
        guard case .failure(let errors) = AdminUnitCSV.parse(wrong, known: AdminUnitRegistry()) else {
            Issue.record("a wrong kind should be refused")
            return
        }
        #expect(errors.rows.map(\.line) == [5] && errors.rows[0].reason.hasPrefix("kind: 'ward'"))
    }
}
