import Aggregator
import CommonAPI
import DICTestSupport
import Foundation
import RPCCore
import Report
import ReportAPI
import Testing

/// The report's people-written and register-fed sections through the aggregator's API: narratives
/// for every section, the document register, the districts' intake, and draft against final.
struct OfficeRegistersTests {
    let harness = ReportsProviderTests()

    func report(_ client: APIReportsService.Client, id: String) async throws -> QuarterlyReport {
        let document = try await client.getReport(APIGetReportRequest(id: id, format: .json))
        return try JSONRenderer.read(String(decoding: document.content, as: UTF8.self))
    }

    func upload(
        _ client: APIReportsService.Client, _ csv: String, dryRun: Bool = false
    ) async throws
        -> APIImportDocumentsResponse
    {
        try await client.importDocuments { writer in
            try await writer.write(APIImportDocumentsRequest(data: Array(csv.utf8), dryRun: dryRun))
        }.message
    }

    @Test func aNarrativeSavedForEverySectionLandsThere() async throws {
        try await harness.withAggregator { client, _ in
            for (index, key) in ReportOutline.keys.enumerated() {
                _ = try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        requestID: "n\(index)",
                        narrative: APINarrative(
                            year: 2023, quarter: 1, section: key, paragraphs: ["Đoạn của mục \(key)."])))
            }
            let summary = try #require(try await harness.generate(client).summary)
            let built = try await report(client, id: summary.id)
            for entry in ReportOutline.partOne {
                #expect(
                    built.sections.first { $0.key == entry.key }?.narrative == ["Đoạn của mục \(entry.key)."],
                    "\(entry.key)")
            }
            #expect(built.nextQuarterNarrative == ["Đoạn của mục II."])
            // Printed in the outline's order, each under its own heading.
            let text = try await harness.markdown(client, id: summary.id)
            let positions = ReportOutline.keys.map { text.range(of: "Đoạn của mục \($0).")?.lowerBound }
            #expect(!positions.contains(nil) && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            #expect(text.contains("##### a) Lĩnh vực Thông tin - Báo chí - Xuất bản\n\nĐoạn của mục 5.1.a."))
            #expect(text.contains("##### c) Lĩnh vực Công nghệ thông tin, chuyển đổi số\n\nĐoạn của mục 5.1.c."))
        }
    }

    static let register = """
        number,issued_on,issuer,kind,summary,section
        2388/QĐ-UBND,10/12/2022,UBND tỉnh,Quyết định,về việc giao chỉ tiêu kế hoạch năm 2023,4
        99/QĐ-UBND,2023-01-19,,Quyết định,ban hành Quy chế quản lý Hệ thống thông tin cơ bản tỉnh,1
        ,2023-02-15,,,Tổ chức Hội nghị cung cấp thông tin cho báo chí,2.1
        ,2023-04-20,,,Tổ chức Hội sách năm 2023 tại huyện Chợ Mới,II
        ,2023-05-02,,,Hội nghị của quý II,2.1

        """

    @Test func theDocumentRegisterAndTheDistrictsFillTheirSections() async throws {
        try await harness.withAggregator { client, _ in
            // One bad row refuses the whole file, naming its line and field; nothing is stored.
            await expectFailure(.invalidArgument, "data") {
                _ = try await upload(client, Self.register + ",31/02/2023,,,Ngày không có,1\n")
            }
            await expectFailure(.invalidArgument, "data") {
                _ = try await upload(client, "number,issued_on,summary,section\n1/QĐ,2023-01-05,Thiếu loại,1\n")
            }
            #expect(try await client.listDocuments(APIListDocumentsRequest()).documents.isEmpty)
            // A dry run checks and stores nothing; the import adds each row once.
            #expect(try await upload(client, Self.register, dryRun: true).added == 0)
            let first = try await upload(client, Self.register)
            #expect(first.rows == 5 && first.added == 5)
            let again = try await upload(client, Self.register)
            #expect(again.added == 0 && again.unchanged == 5)
            #expect(
                try await client.listDocuments(APIListDocumentsRequest(section: "1")).documents.map(\.number) == [
                    "99/QĐ-UBND"
                ])

            for (index, (kind, field, content)) in [
                (APIDistrictEntryKind.activity, "chuyển đổi số", "Ban hành Kế hoạch chuyển đổi số năm 2023"),
                (.difficulty, "bưu chính, viễn thông", "Thôn chưa có sóng di động"),
                (.difficulty, "bưu chính, viễn thông", "Cáp treo chưa được chỉnh trang"),
                (.difficulty, "chuyển đổi số", "Thiếu thiết bị cho Tổ công nghệ số"),
            ].enumerated() {
                _ = try await client.saveDistrictEntry(
                    APISaveDistrictEntryRequest(
                        requestID: "d\(index)",
                        entry: APIDistrictEntry(
                            year: 2023, quarter: 1, unitCode: "06.064", kind: kind, field: field, content: content)))
            }
            let difficulties = try await client.listDistrictEntries(
                APIListDistrictEntriesRequest(
                    year: 2023, quarter: 1, kind: .difficulty, page: PageRequest(pageSize: 2, pageToken: "2")))
            #expect(difficulties.entries.count == 1 && difficulties.page == PageInfo(totalSize: 3))
            await expectFailure(.invalidArgument, "entry.kind") {
                _ = try await client.saveDistrictEntry(
                    APISaveDistrictEntryRequest(
                        requestID: "bad",
                        entry: APIDistrictEntry(year: 2023, quarter: 1, unitCode: "06.064", content: "x")))
            }

            let summary = try #require(try await harness.generate(client).summary)
            let built = try await report(client, id: summary.id)
            func section(_ key: String) -> QuarterlyReport.Section? { built.sections.first { $0.key == key } }
            #expect(
                section("1")?.items == [
                    "Quyết định số 99/QĐ-UBND ngày 19/01/2023 ban hành Quy chế quản lý Hệ thống thông tin cơ bản tỉnh."
                ])
            // Only the quarter's documents: the May meeting belongs to the Q2 report.
            #expect(section("2.1")?.items == ["Tổ chức Hội nghị cung cấp thông tin cho báo chí."])
            #expect(
                section("4")?.title
                    == "4. Kết quả thực hiện các chỉ tiêu, nhiệm vụ được giao tại Quyết định số 2388/QĐ-UBND ngày "
                    + "10/12/2022 của UBND tỉnh về việc giao chỉ tiêu kế hoạch năm 2023 và Quyết định số 2519/QĐ-UBND")
            #expect(built.nextQuarter.first == "Tổ chức Hội sách năm 2023 tại huyện Chợ Mới.")
            #expect(section("6")?.figures == ["06.064: Ban hành Kế hoạch chuyển đổi số năm 2023."])
            #expect(section("8")?.figures.first?.contains("tổng hợp thành 03 nội dung khó khăn") == true)
            #expect(
                section("8")?.figures.first?.contains(
                    "(02 nội dung về bưu chính, viễn thông; 01 nội dung về chuyển đổi số)")
                    == true)
            #expect(section("3.1")?.isEmpty == true)
        }
    }

    @Test func aFinalReportIsFrozenAndPrintsWithoutTheDraftMark() async throws {
        try await harness.withAggregator { client, _ in
            let draft = try #require(try await harness.generate(client).summary)
            #expect(draft.finalisedAt == nil)
            #expect(try await harness.markdown(client, id: draft.id).contains(ReportLayout.draftMark))
            let second = try #require(try await harness.generate(client).summary)

            let final = try await client.finaliseReport(APIFinaliseReportRequest(id: second.id))
            #expect(final.finalisedAt != nil && final.finalisedBy.isEmpty == false)
            #expect(try await !harness.markdown(client, id: second.id).contains(ReportLayout.draftMark))
            // The earlier draft of the quarter still reads as one.
            #expect(try await harness.markdown(client, id: draft.id).contains(ReportLayout.draftMark))
            // Finalising again answers the same; another report of the quarter cannot be final too.
            #expect(
                try await client.finaliseReport(APIFinaliseReportRequest(id: second.id)).finalisedAt
                    == final.finalisedAt)
            await expectFailure(.failedPrecondition, "id") {
                _ = try await client.finaliseReport(APIFinaliseReportRequest(id: draft.id))
            }
            await expectFailure(.notFound, "id") {
                _ = try await client.finaliseReport(APIFinaliseReportRequest(id: "2023-Q1-9"))
            }
            // The quarter takes no new report, paragraph or district entry.
            await expectFailure(.failedPrecondition, "quarter") { _ = try await harness.generate(client) }
            await expectFailure(.failedPrecondition, "quarter") {
                _ = try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        requestID: "late",
                        narrative: APINarrative(year: 2023, quarter: 1, section: "1", paragraphs: ["x"])))
            }
            await expectFailure(.failedPrecondition, "quarter") {
                _ = try await client.saveDistrictEntry(
                    APISaveDistrictEntryRequest(
                        requestID: "late",
                        entry: APIDistrictEntry(
                            year: 2023, quarter: 1, unitCode: "06.064", kind: .activity, content: "x")))
            }
            // Another quarter is untouched.
            #expect(try await harness.generate(client, quarter: 2).summary != nil)
        }
    }

    @Test func theAnalysisAnnexIsChosenPerReport() async throws {
        try await harness.withAggregator { client, _ in
            let plain = try #require(try await harness.generate(client).summary)
            #expect(try await report(client, id: plain.id).analysis == nil)
            let analysed = try await client.generateQuarterlyReport(
                APIGenerateQuarterlyReportRequest(year: 2023, quarter: 1, withAnalysis: true)
            ) { events in
                var last: APIReportSummary?
                var total: Int32 = 0
                for try await event in events {
                    if case .progress(let step) = event.event { total = step.total }
                    if case .report(let summary) = event.event { last = summary }
                }
                #expect(total == 10)
                return last
            }
            let built = try await report(client, id: try #require(analysed).id)
            let rows = try #require(built.analysis)
            #expect(rows.count == 11)
            let online = try #require(rows.first { $0.name == "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình" })
            // The verdict the figures give, whatever the quarter, and last year's Q1 (not measured here).
            #expect(online.result == "67" && online.percentOfTarget == "95,7%" && online.assessment == KPITable.notMet)
            #expect(online.samePeriodLastYear == "")
            #expect(
                try await harness.markdown(client, id: try #require(analysed).id).contains(ReportLayout.analysisTitle))
        }
    }
}
