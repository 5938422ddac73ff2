import AdminUnits
import CalendarDates
import CommonAPI
import DICTestSupport
import DX
import DXAPI
import DXDomain
import Foundation
import Indicators
import Licensing
import LicensingAPI
import Logging
import RPCCore
import RPCInProcess
import Report
import ServiceRuntime
import ServiceStorage
import ServiceTesting
import Synchronization
import Telecom
import TelecomAPI
import Testing

@testable import Aggregator

/// How many calls reached a service that is down.
final class Attempts: Sendable {
    let count = Mutex(0)
}

/// Fails every call as a service that is down does, counting the attempts.
struct Down: ClientInterceptor {
    let attempts: Attempts

    func intercept<Result: Sendable>(
        head: ClientCallHead, next: @Sendable (ClientCallHead) async throws -> Result
    ) async throws -> Result {
        attempts.count.withLock { $0 += 1 }
        throw RPCError(.unavailable, "connection refused")
    }
}

/// Refuses one method, as a token without the role for it would be refused.
struct Refuse: ClientInterceptor {
    let method: String

    func intercept<Result: Sendable>(
        head: ClientCallHead, next: @Sendable (ClientCallHead) async throws -> Result
    ) async throws -> Result {
        guard head.method.name == method else { return try await next(head) }
        throw RPCError(.permissionDenied, "not allowed to call \(method)")
    }
}

/// The three services on the in-process transport with Q1/2023-shaped data: the demo licence
/// register, three commune radio stations, and the DX figures for the online rates.
func withServices<T: Sendable>(
    telecomDown: Attempts? = nil, dxRefusing method: String? = nil,
    _ body: @Sendable (QuarterlyReportBuilder.Sources) async throws -> T
) async throws -> T {
    // Each database is closed and removed afterwards, whatever happens.
    try await withTemporaryDatabase(named: "licensing", migrations: LicensingSchema.migrations + AuditLog.migrations) {
        licensingDB in
        try await withTemporaryDatabase(named: "telecom", migrations: TelecomSchema.migrations + AuditLog.migrations) {
            telecomDB in
            try await withTemporaryDatabase(
                named: "dx", migrations: AdminUnitStore.migrations + DXSchema.migrations + AuditLog.migrations
            ) { dxDB in
                try await serveServices(
                    licensingDB: licensingDB, telecomDB: telecomDB, dxDB: dxDB, telecomDown: telecomDown,
                    dxRefusing: method, body)
            }
        }
    }
}

private func serveServices<T: Sendable>(
    licensingDB: Database, telecomDB: Database, dxDB: Database, telecomDown: Attempts?, dxRefusing method: String?,
    _ body: @Sendable (QuarterlyReportBuilder.Sources) async throws -> T
) async throws -> T {
    let today: @Sendable () -> CalendarDate = { CalendarDate(year: 2023, month: 4, day: 10)! }
    let units = try await AdminUnitStore.open(database: dxDB, logger: Logger(label: "test"), seed: .demoBacKan2023)

    func admin(_ name: String, _ database: Database) -> ServiceAdminProvider {
        ServiceAdminProvider(
            service: name, version: "1.2.3", database: database, dataDirectory: NSTemporaryDirectory(),
            startedAt: Foundation.Date())
    }
    var licensingRouter = RPCRouter()
    licensingRouter.add(LicensingProvider(database: licensingDB, today: today))
    licensingRouter.add(admin("licensing", licensingDB))
    let telecom = TelecomProvider(
        database: telecomDB, operators: try await SiteStore.operators(in: telecomDB),
        unitsWithin: { code, _ in [code] }, today: today)
    var telecomRouter = RPCRouter()
    telecomRouter.add(telecom)
    telecomRouter.add(admin("telecom", telecomDB))
    telecomRouter.add(
        IndicatorsProvider(
            source: TelecomIndicators(
                sites: telecom.sites, coverage: telecom.coverage, infrastructure: telecom.infrastructure,
                unitsWithin: { code, _ in [code] },
                communesWithin: { code, _ in
                    code.isEmpty ? ["06.058.01", "06.058.02", "06.058.03", "06.058.04"] : [code]
                })))
    var dxRouter = RPCRouter()
    dxRouter.add(DXProvider(database: dxDB, registry: { units.registry }, today: today))
    dxRouter.add(admin("dx", dxDB))

    let telecomServer = telecomRouter
    let dxServer = dxRouter
    let register = try Data(
        contentsOf: repositoryFile("Deploy/demo/licensing-register-2023.csv"))
    return try await serve()

    func serve() async throws -> T {
        return try await InProcessTransport.withServer(licensingRouter) { licensingRPC in
            try await InProcessTransport.withServer(
                telecomServer, clientInterceptors: telecomDown.map { [Down(attempts: $0)] } ?? []
            ) { telecomRPC in
                try await InProcessTransport.withServer(
                    dxServer, clientInterceptors: method.map { [Refuse(method: $0)] } ?? []
                ) { dxRPC in
                    _ = try await APILicensingService.Client(licensingRPC).importLicences { writer in
                        try await writer.write(APIImportLicencesRequest(data: Array(register)))
                    }
                    if telecomDown == nil {
                        let client = APITelecomService.Client(telecomRPC)
                        for (commune, state) in [
                            ("06.058.01", APIRadioState.operatingWell), ("06.058.02", .operating),
                            ("06.058.03", .notOperating),
                        ] {
                            _ = try await client.saveRadioStation(
                                APISaveRadioStationRequest(
                                    station: APIRadioStation(
                                        communeCode: commune, kind: .itTelecom, loudspeakerClusters: 4,
                                        connectedToProvincialSource: true)))
                            _ = try await client.reportRadioState(
                                APIReportRadioStateRequest(
                                    communeCode: commune,
                                    report: APIRadioStateReport(on: Date(year: 2023, month: 3, day: 1), state: state)))
                        }
                    }
                    let dx = APIDigitalTransformationService.Client(dxRPC)
                    // Three recommendations from districts in Q1, one answered, and one in Q2.
                    for (index, (day, month, category)) in [
                        (10, 2, "truyền thanh cơ sở"), (20, 3, "chuyển đổi số"), (25, 3, "truyền thanh cơ sở"),
                        (5, 4, "chuyển đổi số"),
                    ].enumerated() {
                        let recorded = try await dx.recordRecommendation(
                            APIRecordRecommendationRequest(
                                requestID: "r\(index)",
                                recommendation: APIRecommendation(
                                    receivedOn: Date(year: 2023, month: Int32(month), day: Int32(day)),
                                    unitCode: "06.058", category: category, content: "Kiến nghị \(index + 1)")))
                        if index == 0 {
                            _ = try await dx.answerRecommendation(
                                APIAnswerRecommendationRequest(
                                    id: recorded.id, answer: "Đã trả lời",
                                    answeredOn: Date(year: 2023, month: 3, day: 1)))
                        }
                    }
                    let q1 = Period(kind: .quarter, year: 2023, index: 1)
                    _ = try await APIDigitalTransformationService.Client(dxRPC).recordMeasurements(
                        APIRecordMeasurementsRequest(measurements: [
                            APIMeasurement(
                                indicatorCode: "dx.full_process_online_service_rate", unitCode: "06", period: q1,
                                numerator: 67, denominator: 100),
                            APIMeasurement(
                                indicatorCode: "dx.online_dossier_rate", unitCode: "06", period: q1, numerator: 490,
                                denominator: 1_000),
                            APIMeasurement(
                                indicatorCode: "dx.online_meeting_rate", unitCode: "06", period: q1, numerator: 12,
                                denominator: 30),
                        ]))
                    return try await body(.init(licensing: licensingRPC, telecom: telecomRPC, dx: dxRPC))
                }
            }
        }
    }
}

struct QuarterlyReportBuilderTests {
    @Test func theQ1ReportComesFromTheServicesFigures() async throws {
        let report = try await withServices { sources in
            try await QuarterlyReportBuilder(sources: sources).build(year: 2023, quarter: 1)
        }
        #expect(report.complete)
        #expect(
            report.header.title == "Kết quả thực hiện nhiệm vụ quý I và nhiệm vụ công tác trọng tâm quý II năm 2023")
        // Every section of the department's report, in its order, numbered as it prints them.
        #expect(
            report.sections.map(\.key) == [
                "1", "2", "2.1", "2.2", "2.3", "2.4", "3", "3.1", "3.2", "3.3", "4", "5", "5.1", "5.2", "6", "7", "8",
            ])
        #expect(report.sections.first { $0.key == "2.1" }?.title == "2.1. Lĩnh vực thông tin - báo chí - xuất bản")
        let licensing = try #require(report.sections.first { $0.key == "2.1" })
        #expect(
            licensing.figures.first?.hasPrefix("Cấp phép 06 giấy phép xuất bản tài liệu không kinh doanh; 04 giấy phép")
                == true)
        #expect(licensing.figures.first?.hasSuffix("01 cấp đổi giấy phép hoạt động in xuất bản phẩm.") == true)
        // Commune radio is grassroots information: under 2.1, not post and telecom.
        #expect(licensing.figures.contains("Số xã, phường có trạm truyền thanh cơ sở hoạt động: 2 xã, phường."))
        #expect(
            report.sections.first { $0.key == "2.2" }?.figures.contains { $0.contains("truyền thanh") } == false)
        #expect(report.kpis.count == 11)
        let byName: [String: QuarterlyReport.KPIRow] = Dictionary(
            uniqueKeysWithValues: report.kpis.map { ($0.name, $0) })
        #expect(byName["Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình"]?.result == "67")
        // A target is the year's: a Q1 result gets no verdict yet.
        #expect(byName["Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình"]?.assessment == "")
        #expect(byName["Tỷ lệ hồ sơ giải quyết dịch vụ công trực tuyến trên tổng số hồ sơ phát sinh"]?.result == "49")
        #expect(byName["Số xã, phường có trạm truyền thanh cơ sở hoạt động"]?.result == "2")
        #expect(report.tasks.map(\.due) == ["Tháng 4/2023", "Tháng 7/2023", "Tháng 10/2023", "Tháng 12/2023"])
        // Under way, done when its period comes, then blank: as the department writes them.
        #expect(report.tasks.map(\.result) == ["Đang thực hiện", "Thực hiện khi đến kỳ báo cáo", "", ""])
        // Part II lists the tasks due next quarter: the Q1 report is due in April.
        #expect(report.nextQuarter == ["Báo cáo tình hình triển khai chuyển đổi số quý I năm 2023."])
        #expect(
            report.provenance?.sources.map { "\($0.service) \($0.version)" } == [
                "dic-licensing 1.2.3", "dic-telecom 1.2.3", "dic-dx 1.2.3",
            ])
        #expect(report.partOneTitle == "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2023")
        // Section 7: the districts' recommendations of the quarter only, by topic in the order they came,
        // with the annex of answers.
        #expect(
            report.sections.first { $0.key == "7" }?.figures == [
                "Trong Quý I/2023, Sở đã tiếp nhận 03 kiến nghị, đề xuất từ Phòng VH&TT, Trung tâm VHTT&TT các huyện, "
                    + "thành phố (có Biểu tổng hợp trả lời kiến nghị, đề xuất gửi kèm Báo cáo); đã trả lời 01, "
                    + "đang xem xét, trả lời 02. Trong đó, có 02 kiến nghị về truyền thanh cơ sở; 01 kiến nghị về "
                    + "chuyển đổi số."
            ])
        #expect(report.answers?.map(\.content) == ["Kiến nghị 1", "Kiến nghị 2", "Kiến nghị 3"])
        #expect(report.answers?.map(\.answeredOn) == ["01/03/2023", "", ""])
        #expect(report.partTwoTitle == "II. NHIỆM VỤ CÔNG TÁC TRỌNG TÂM QUÝ II NĂM 2023")
        let markdown = MarkdownRenderer.render(report)
        #expect(
            markdown.contains(
                "| 8 | Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình | % | 70 | 67 |"))
    }

    /// The letterhead is the one in force when the quarter closed: 2023's names for a 2023 report,
    /// the merged department and province for a 2026 one, whenever either is printed.
    @Test func the2023And2026ReportsCarryTheirOwnLetterheads() async throws {
        let (q1of2023, q1of2026) = try await withServices { sources in
            let builder = QuarterlyReportBuilder(sources: sources)
            return (try await builder.build(year: 2023, quarter: 1), try await builder.build(year: 2026, quarter: 1))
        }
        #expect(q1of2023.header.authority == "UBND TỈNH BẮC KẠN")
        #expect(q1of2023.header.department == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
        #expect(q1of2023.header.number.hasSuffix("/BC-STTTT"))
        #expect(q1of2023.header.recipients.last == "Bộ Thông tin và Truyền thông.")
        #expect(q1of2026.header.authority == "UBND TỈNH THÁI NGUYÊN")
        #expect(q1of2026.header.department == "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
        #expect(q1of2026.header.placeAndDate.hasPrefix("Thái Nguyên, ngày"))
        #expect(q1of2026.header.recipients.last == "Bộ Khoa học và Công nghệ.")
        #expect(MarkdownRenderer.render(q1of2026).contains("**SỞ KHOA HỌC VÀ CÔNG NGHỆ**"))
    }

    @Test func inspectionsAndSanctionsReadAsSection24WritesThem() {
        #expect(QuarterlyReportBuilder.enforcementSentence([.init(field: "thông tin điện tử")]).isEmpty)
        #expect(
            QuarterlyReportBuilder.enforcementSentence([
                .init(field: "thông tin điện tử", inspections: 2, sanctions: 1, fines: 15_000_000),
                .init(field: "xuất bản, in và phát hành", inspections: 1),
            ]) == [
                "Tổ chức 03 cuộc thanh tra, kiểm tra (thông tin điện tử: 02; xuất bản, in và phát hành: 01); "
                    + "ban hành 01 quyết định xử phạt vi phạm hành chính, tổng số tiền phạt 15.000.000 đồng."
            ])
    }

    /// A call with no section of its own (the task register) still makes the report incomplete and
    /// is named in it; the sections the other calls fill stand.
    @Test func aFailureWithoutASectionOfItsOwnIsStillNamed() async throws {
        let report = try await withServices(dxRefusing: "ListTasks") { sources in
            try await QuarterlyReportBuilder(sources: sources).build(year: 2023, quarter: 1)
        }
        #expect(!report.complete)
        #expect(report.unavailable == ["dic-dx không trả lời (PERMISSION_DENIED: not allowed to call ListTasks)"])
        #expect(report.tasks.isEmpty && report.nextQuarter.isEmpty)
        // The table's task part cannot be built: section 4 says so, the others stand.
        #expect(report.kpis.count == 11 && report.sections.allSatisfy { ($0.unavailable == nil) == ($0.key != "4") })
    }

    /// Tasks are judged as they stood when the quarter closed, not on the day the report is printed.
    @Test func tasksStandAsAtTheQuarterEnd() async throws {
        let (q1, q2) = try await withServices { sources in
            let builder = QuarterlyReportBuilder(sources: sources)
            return (try await builder.build(year: 2023, quarter: 1), try await builder.build(year: 2023, quarter: 2))
        }
        #expect(q1.tasks.first?.result == "Đang thực hiện")
        #expect(q1.sections.contains { $0.figures.contains { $0.hasPrefix("Nhiệm vụ quá hạn") } } == false)
        // By 30 June the Q1 report, due in April and never marked done, is overdue.
        #expect(q2.tasks.first?.result == "Quá hạn, chưa hoàn thành")
        #expect(
            q2.sections.first { $0.key == "5.1.c" }?.figures.contains(
                "Nhiệm vụ quá hạn chưa hoàn thành: Báo cáo tình hình triển khai chuyển đổi số quý I năm 2023.") == true)
        #expect(q2.partTwoTitle == "II. NHIỆM VỤ CÔNG TÁC TRỌNG TÂM QUÝ III NĂM 2023")
    }

    @Test func aServiceThatIsDownIsRetriedThenNamedAndTheReportIsIncomplete() async throws {
        let attempts = Attempts()
        let steps = Mutex<[QuarterlyReportBuilder.Progress]>([])
        let report = try await withServices(telecomDown: attempts) { sources in
            try await QuarterlyReportBuilder(sources: sources).build(year: 2023, quarter: 1) { step in
                steps.withLock { $0.append(step) }
            }
        }
        #expect(!report.complete)
        // Three attempts for its figures and three for its version.
        #expect(attempts.count.withLock { $0 } == 6)
        let failed = steps.withLock { $0.filter { !$0.ok } }
        #expect(failed.map(\.step).sorted() == ["dic-telecom: chỉ tiêu hạ tầng", "dic-telecom: phiên bản"])
        #expect(failed.allSatisfy { $0.detail.contains("connection refused") })
        #expect(report.provenance?.sources.map(\.version) == ["1.2.3", "", "1.2.3"])
        let telecom = try #require(report.sections.first { $0.title.hasPrefix("2.2") })
        #expect(telecom.unavailable?.hasPrefix("dic-telecom không trả lời") == true)
        let radio = try #require(report.kpis.first)
        #expect(radio.result == "Chưa có số liệu" && radio.note.contains("không lấy được số liệu"))
        // The other services' figures are still there.
        #expect(report.sections.first { $0.key == "2.1" }?.figures.isEmpty == false)
        #expect(report.kpis.contains { $0.result == "67" })
    }

    @Test func anOpenTaskReadsAsTheDepartmentWritesItAtTheQuartersEnd() {
        func words(_ year: Int32, _ month: Int32) -> String {
            QuarterlyReportBuilder.words(
                .inProgress, due: Date(year: year, month: month, day: 28), reportYear: 2023, reportQuarter: 4)
        }
        // At the end of Q4/2023: due by the end of Q1/2024 is under way; Q2/2024 comes later; Q3 is blank.
        #expect(words(2023, 12) == "Đang thực hiện" && words(2024, 3) == "Đang thực hiện")
        #expect(words(2024, 4) == "Thực hiện khi đến kỳ báo cáo" && words(2024, 7) == "")
        #expect(
            QuarterlyReportBuilder.words(.overdue, due: nil, reportYear: 2023, reportQuarter: 4)
                == "Quá hạn, chưa hoàn thành")
    }
}
