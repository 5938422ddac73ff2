import Aggregator
import CommonAPI
import DICTestSupport
import DXAPI
import Foundation
import RPCCore
import RPCInProcess
import Report
import ReportAPI
import ServiceStorage
import ServiceTesting
import Synchronization
import Testing

/// The aggregator's own API over the in-process transport, against the three services.
struct ReportsProviderTests {
    static let snapshot = Foundation.Date(timeIntervalSince1970: 1_680_226_200)  // 31/03/2023 08:30 in Vietnam

    /// The aggregator in front of the services; `body` gets its client and the DX service's.
    func withAggregator<T: Sendable>(
        _ body: @Sendable (APIReportsService.Client, APIDigitalTransformationService.Client) async throws -> T
    ) async throws -> T {
        try await withServices { sources in
            try await withService(named: "aggregator", migrations: ReportStore.migrations + AuditLog.migrations) {
                store, router in
                router.add(
                    ReportsProvider(
                        builder: QuarterlyReportBuilder(sources: sources), database: store, now: { Self.snapshot }))
            } _: { rpc, _ in
                try await body(APIReportsService.Client(rpc), APIDigitalTransformationService.Client(sources.dx))
            }
        }
    }

    func generate(
        _ client: APIReportsService.Client, year: Int32 = 2023, quarter: Int32 = 1
    ) async throws -> (progress: [APIReportProgress], summary: APIReportSummary?) {
        try await generate(client, APIGenerateQuarterlyReportRequest(year: year, quarter: quarter))
    }

    func generate(
        _ client: APIReportsService.Client, _ request: APIGenerateQuarterlyReportRequest
    ) async throws -> (progress: [APIReportProgress], summary: APIReportSummary?) {
        try await client.generateQuarterlyReport(request) {
            events in
            var progress: [APIReportProgress] = []
            var summary: APIReportSummary?
            for try await event in events {
                switch event.event {
                case .progress(let step):
                    #expect(summary == nil, "progress after the report")
                    progress.append(step)
                case .report(let report): summary = report
                case nil: Issue.record("an empty event")
                }
            }
            return (progress, summary)
        }
    }

    func markdown(_ client: APIReportsService.Client, id: String) async throws -> String {
        let document = try await client.getReport(APIGetReportRequest(id: id, format: .markdown))
        return String(decoding: document.content, as: UTF8.self)
    }

    @Test func generatingStreamsProgressThenKeepsTheReportInEveryFormat() async throws {
        try await withAggregator { client, _ in
            let (progress, summary) = try await generate(client)
            #expect(progress.map(\.done) == Array(1...8) && progress.allSatisfy { $0.total == 8 && $0.ok })
            #expect(Set(progress.map(\.step)).count == 8)
            let report = try #require(summary)
            #expect(report.id == "2023-Q1-1" && report.complete && report.unavailable.isEmpty)
            #expect(report.sources.map(\.service) == ["dic-licensing", "dic-telecom", "dic-dx"])
            #expect(report.snapshotAt?.seconds == 1_680_226_200)

            let listed = try await client.listReports(APIListReportsRequest(year: 2023))
            #expect(listed.reports.map(\.id) == ["2023-Q1-1"] && listed.page?.totalSize == 1)

            // Each format is the renderer's output of the one stored model.
            let json = try await client.getReport(APIGetReportRequest(id: report.id, format: .json))
            let model = try JSONRenderer.read(String(decoding: json.content, as: UTF8.self))
            #expect(model.complete && model.kpis.count == 11)
            let html = try await client.getReport(APIGetReportRequest(year: 2023, quarter: 1, format: .html))
            #expect(String(decoding: html.content, as: UTF8.self) == HTMLRenderer.render(model))
            #expect(html.fileName == "bao-cao-quy-1-2023.html" && html.contentType.hasPrefix("text/html"))
            #expect(try await markdown(client, id: report.id) == MarkdownRenderer.render(model))
            let csv = try await client.getReport(APIGetReportRequest(id: report.id, format: .csv))
            #expect(String(decoding: csv.content, as: UTF8.self) == TableCSV.both(model))
            #expect(
                try await markdown(client, id: report.id).contains(
                    "Số liệu tổng hợp tự động từ dic-licensing 1.2.3, dic-telecom 1.2.3, dic-dx 1.2.3 lúc 08:30 ngày 31/03/2023."
                ))
        }
    }

    @Test func theSameDataGivesTheSameReportAndAChangedRecordChangesItsFigure() async throws {
        try await withAggregator { client, dx in
            let first = try #require(try await generate(client).summary)
            let second = try #require(try await generate(client).summary)
            #expect(second.id == "2023-Q1-2")
            #expect(try await markdown(client, id: first.id) == (try await markdown(client, id: second.id)))

            // A corrected figure: 72 of 100 procedures online now meets the target of 70.
            _ = try await dx.recordMeasurements(
                APIRecordMeasurementsRequest(measurements: [
                    APIMeasurement(
                        indicatorCode: "dx.full_process_online_service_rate", unitCode: "06",
                        period: Period(kind: .quarter, year: 2023, index: 1), numerator: 72, denominator: 100)
                ]))
            let third = try #require(try await generate(client).summary)
            let before = try await markdown(client, id: second.id)
            let after = try await markdown(client, id: third.id)
            let row = "| 8 | Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình | % | 70 |"
            #expect(before.contains(row + " 67 |"))
            #expect(after.contains(row + " 72 |"))
            // The newest report of the quarter is the one fetched without an id.
            let newest = try await client.getReport(APIGetReportRequest(year: 2023, quarter: 1, format: .markdown))
            #expect(newest.summary?.id == third.id)
            let listed = try await client.listReports(APIListReportsRequest(page: PageRequest(pageSize: 2)))
            #expect(listed.reports.map(\.id) == ["2023-Q1-3", "2023-Q1-2"] && listed.page?.nextPageToken == "2")
        }
    }

    @Test func aRequestSentAgainIsAnsweredWithTheReportItsFirstCallKept() async throws {
        try await withAggregator { client, _ in
            let request = APIGenerateQuarterlyReportRequest(year: 2023, quarter: 1, requestID: "console-form-1")
            let first = try await generate(client, request)
            #expect(first.progress.count == 8)
            let firstReport = try #require(first.summary)
            // A retry (a double click, a resend after a timeout) builds nothing and keeps nothing.
            let again = try await generate(client, request)
            #expect(again.progress.isEmpty && again.summary == firstReport)
            #expect(try await client.listReports(APIListReportsRequest()).reports.map(\.id) == ["2023-Q1-1"])

            // The same id with another request is refused, naming the id, and keeps nothing.
            var changed = request
            changed.withAnalysis = true
            let refused = await #expect(throws: RPCError.self) { try await generate(client, changed) }
            #expect(
                refused?.code == .failedPrecondition
                    && refused?.message.hasPrefix("request_id 'console-form-1'") == true)

            // Another id, or none, is another report.
            var next = request
            next.requestID = "console-form-2"
            #expect(try await generate(client, next).summary?.id == "2023-Q1-2")
            #expect(try await generate(client).summary?.id == "2023-Q1-3")
            #expect(try await generate(client).summary?.id == "2023-Q1-4")
        }
    }

    @Test func twoCallsWithOneRequestIDAtOnceKeepOneReport() async throws {
        try await withAggregator { client, _ in
            let request = APIGenerateQuarterlyReportRequest(year: 2023, quarter: 2, requestID: "script-retry")
            async let one = generate(client, request)
            async let other = generate(client, request)
            let (a, b) = try await (one, other)
            #expect(a.summary != nil && a.summary == b.summary)
            let listed = try await client.listReports(APIListReportsRequest(year: 2023, quarter: 2))
            #expect(listed.reports.map(\.id) == ["2023-Q2-1"])
        }
    }

    @Test func narrativesAreMergedWhereTheyBelongAndOnlyThere() async throws {
        try await withAggregator { client, _ in
            func save(_ section: String, _ paragraphs: [String], id: String) async throws -> APINarrative {
                try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        requestID: id,
                        narrative: APINarrative(year: 2023, quarter: 1, section: section, paragraphs: paragraphs)))
            }
            _ = try await save("1", ["Tham mưu ban hành kế hoạch chuyển đổi số năm 2023."], id: "n1")
            _ = try await save("2.1", ["  Quản lý tốt hoạt động báo chí.  "], id: "n2")
            _ = try await save("5", ["Kinh phí còn hạn chế."], id: "n3")
            _ = try await save("II", ["Tập trung hoàn thành các chỉ tiêu."], id: "n4")
            _ = try await save("2.4", ["Sẽ bị xoá."], id: "n5")
            _ = try await save("2.4", [], id: "n6")
            // A retry of the same request changes nothing and answers as the first time; the same id
            // with other paragraphs is not a retry, and is refused.
            let retried = try await save("2.1", ["  Quản lý tốt hoạt động báo chí.  "], id: "n2")
            #expect(retried.paragraphs == ["Quản lý tốt hoạt động báo chí."])
            let refused = await #expect(throws: RPCError.self) { _ = try await save("2.1", ["Khác."], id: "n2") }
            #expect(refused?.code == .failedPrecondition)
            let listed = try await client.listNarratives(APIListNarrativesRequest(year: 2023, quarter: 1))
            #expect(listed.narratives.map(\.section) == ["1", "2.1", "5", "II"])

            let summary = try #require(try await generate(client).summary)
            let text = try await markdown(client, id: summary.id)
            let order = [
                "### 1. Công tác tham mưu", "Tham mưu ban hành kế hoạch", "#### 2.1.", "Quản lý tốt hoạt động báo chí.",
                "Cấp phép 06", "#### 2.2.", "#### 2.4.", "| **II** | **Nhiệm vụ**", "### 5. Khó khăn",
                "Kinh phí còn hạn chế.", "## II.", "Tập trung hoàn thành các chỉ tiêu.", "1. Báo cáo",
            ]
            let positions = order.map { text.range(of: $0)?.lowerBound }
            #expect(!positions.contains(nil), "missing: \(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            // A section nobody wrote and no register fills says so rather than disappearing.
            #expect(
                text.contains(
                    "#### 2.4. Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo\n\n"
                        + "*\(QuarterlyReport.Section.nothingThisPeriod)*"))
            #expect(text.contains("### 3. Công tác khác\n\n#### 3.1."))
        }
    }

    @Test func badRequestsNameTheFieldAndTheReason() async throws {
        try await withAggregator { client, _ in
            await expectFailure(.invalidArgument, "quarter") {
                _ = try await generate(client, quarter: 5)
            }
            await expectFailure(.invalidArgument, "year") {
                _ = try await generate(client, year: 1999)
            }
            await expectFailure(.invalidArgument, "narrative.section") {
                _ = try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        requestID: "x", narrative: APINarrative(year: 2023, quarter: 1, section: "9", paragraphs: ["a"])
                    ))
            }
            await expectFailure(.invalidArgument, "narrative.paragraphs[1]") {
                _ = try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        requestID: "y",
                        narrative: APINarrative(year: 2023, quarter: 1, section: "1", paragraphs: ["a", "  "])))
            }
            await expectFailure(.invalidArgument, "request_id") {
                _ = try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        narrative: APINarrative(year: 2023, quarter: 1, section: "1", paragraphs: ["a"])))
            }
            // A section holds at most 64 KiB: five paragraphs of 16,240 bytes are too many, each
            // within its own bound and the request within its 256 KiB; four fit.
            let long = String(repeating: "Đã cấp 12 giấy phép. ", count: 580)
            #expect(long.utf8.count == 16_240)
            await expectFailure(.invalidArgument, "narrative.paragraphs") {
                _ = try await client.saveNarrative(
                    APISaveNarrativeRequest(
                        requestID: "z",
                        narrative: APINarrative(
                            year: 2023, quarter: 1, section: "1", paragraphs: [long, long, long, long, long])))
            }
            _ = try await client.saveNarrative(
                APISaveNarrativeRequest(
                    requestID: "w",
                    narrative: APINarrative(year: 2023, quarter: 1, section: "1", paragraphs: [long, long, long, long]))
            )
            #expect(
                try await client.listNarratives(APIListNarrativesRequest(year: 2023, quarter: 1)).narratives.count == 1)
            await expectFailure(.notFound, "id") {
                _ = try await client.getReport(APIGetReportRequest(id: "2023-Q1-9"))
            }
            await expectFailure(.notFound, "quarter") {
                _ = try await client.getReport(APIGetReportRequest(year: 2023, quarter: 2))
            }
            // Nothing was stored by the refused calls.
            let stored = try await client.listReports(APIListReportsRequest())
            #expect(stored.reports.isEmpty)
        }
    }
}
