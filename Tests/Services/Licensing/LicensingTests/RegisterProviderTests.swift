import CommonAPI
import DICTestSupport
import Foundation
import LicensingAPI
import RPCCore
import ServiceStorage
import Testing

@testable import Licensing
@testable import LicensingDomain

struct RegisterProviderTests {
    static let register = """
        kind,number,action,effective_on,valid_until,decision_number,requested_on,holder_name,holder_tax_code,\
        holder_unit_code,domains,responsible_person,server_in_vietnam,title,pages,print_run,facility_name,address,\
        activities
        website,12/GP-STTTT,issue,2020-06-01,2023-06-01,12/GP,,Báo Bắc Kạn,4700100000,,baobackan.vn,Nguyễn Văn A,yes,,,,,,
        website,12/GP-STTTT,extend,2023-05-10,2025-06-01,30/GP-GH,2023-04-20,,,,,,,,,,,,
        non_commercial_publication,6/GP-XBTL,issue,2023-01-10,,6/GP,,"Hội Nông dân tỉnh, Bắc Kạn",,058,,,,Kỷ yếu,120,300,,,
        print_facility_registration,1/ĐK,issue,2023-02-01,,1/ĐK,,Công ty In Đức Thịnh,4700234567,99999,,,,,,,In Đức Thịnh,Tổ 1,in offset
        print_facility_registration,2/ĐK,issue,2023-02-30,,2/ĐK,,Công ty In Đức Thịnh,4700234567,,,,,,,,In,Tổ 2,in
        non_commercial_publication,7/GP-XBTL,issue,2023-01-12,,7/GP,,"Hội Nông dân tỉnh, Bắc Kạn",,058,,,,Sổ tay,20,100,,,

        """

    func importFile(
        _ client: APILicensingService.Client, _ text: String, chunk: Int = 50, dryRun: Bool = false
    ) async throws -> APIImportLicencesResponse {
        let bytes = Array(text.utf8)
        return try await client.importLicences { writer in
            var start = 0
            while start < bytes.count {
                let end = min(start + chunk, bytes.count)
                try await writer.write(APIImportLicencesRequest(data: Array(bytes[start..<end]), dryRun: dryRun))
                start = end
            }
        }.message
    }

    func export(_ client: APILicensingService.Client) async throws -> String {
        try await client.exportLicences(APIExportLicencesRequest()) { responses in
            var bytes: [UInt8] = []
            for try await response in responses { bytes += response.data }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func aRegisterImportsItsGoodLicencesReportsBadRowsAndNeverImportsTwice() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            let dry = try await importFile(client, Self.register, dryRun: true)
            #expect(dry.dryRun && dry.licencesImported == 3 && dry.organisationsCreated == 1)
            #expect(try await client.listLicences(APIListLicencesRequest()).licences.isEmpty)

            let first = try await importFile(client, Self.register)
            #expect(first.rows == 6 && first.licencesImported == 3 && first.licencesRefused == 2)
            #expect(
                first.problems.map { "\($0.line):\($0.field)" } == ["6:effective_on", "5:holder_unit_code"],
                "\(first.problems)")
            // Báo Bắc Kạn is org-1 by tax code; the Hội is created once for its two permits.
            #expect(first.organisationsCreated == 1)
            let site = try #require(
                try await client.listLicences(APIListLicencesRequest(query: "baobackan")).licences.first)
            #expect(site.holderID == "org-1" && site.validUntil == Date(year: 2025, month: 6, day: 1))

            let again = try await importFile(client, Self.register, chunk: 7)
            #expect(
                again.licencesImported == 0 && again.licencesAlreadyRecorded == 3 && again.organisationsCreated == 0)
            let listed = try await client.listLicences(APIListLicencesRequest())
            #expect(listed.page?.totalSize == 3)
            let permits = try await client.listLicences(APIListLicencesRequest(query: "hoi nong dan"))
            #expect(permits.licences.map(\.number) == ["6/GP-XBTL", "7/GP-XBTL"])
        }
    }

    @Test func anExportImportsIntoAnEmptyServiceAsTheSameRegister() async throws {
        let exported = try await withLicensingService(today: day("2023-03-31")) { client in
            _ = try await importFile(client, Self.register)
            let licence = try #require(
                try await client.listLicences(APIListLicencesRequest(query: "6/GP")).licences.first)
            _ = try await client.applyLicenceAction(
                APIApplyLicenceActionRequest(
                    requestID: "revoke", licenceID: licence.id, action: .revoke,
                    effectiveOn: Date(year: 2023, month: 3, day: 1), decisionNumber: "9/QĐ", reason: "sai phạm"))
            return try await export(client)
        }
        try await withLicensingService(today: day("2023-03-31")) { client in
            let result = try await importFile(client, exported, chunk: 4096)
            #expect(result.problemsTotal == 0 && result.licencesImported == 3, "\(result.problems)")
            func normalised(_ text: String) -> [String] {
                // Organisation ids are the new service's own.
                text.replacingOccurrences(of: #"org-[0-9a-f]{12,23}"#, with: "org", options: .regularExpression)
                    .split(separator: "\r\n").map(String.init)
            }
            let again = try await export(client)
            #expect(normalised(again) == normalised(exported), "\(again)\n---\n\(exported)")
        }
    }

    @Test func aLargeImportLeavesEachSearchIndexInOneSegment() async throws {
        // Three batches, a commit each, every licence with a holder of its own.
        var text = String(Self.register.prefix { $0 != "\n" }) + "\n"
        for n in 1...(LicensingProvider.importBatchSize * 2 + 100) {
            text +=
                "website,\(n)/GP-T,issue,2020-06-01,2025-06-01,\(n)/GP,,Công ty số \(n),,,site\(n).vn,Người \(n),yes,,,,,,\n"
        }
        let file = text
        try await withLicensing { client, database in
            let result = try await importFile(client, file, chunk: 64 * 1024)
            #expect(result.licencesImported == 1_100 && result.problemsTotal == 0, "\(result.problems)")
            for index in [LicensingSchema.licenceSearch, LicensingSchema.organisationSearch] {
                let segments = try await database.read { try await index.segmentCount(on: $0) }
                #expect(segments == 1 || segments == nil, "\(index.table): \(String(describing: segments))")
            }
            let found = try await client.listLicences(APIListLicencesRequest(query: "công ty số 1099"))
            #expect(found.licences.map(\.number) == ["1099/GP-T"])
        }
    }

    @Test func aFileThatIsNotARegisterIsRefusedWhole() async throws {
        try await withLicensingService { client in
            await expectFailure(.invalidArgument, "data") {
                _ = try await importFile(client, "licence,colour\n1,red\n")
            }
            await expectFailure(.invalidArgument, "data") {
                _ = try await importFile(client, "kind,number,action,effective_on\nwebsite,\"1,issue,2020-01-01\n")
            }
        }
    }
}
