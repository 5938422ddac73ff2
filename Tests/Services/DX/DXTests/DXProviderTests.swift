import AdminUnits
import CalendarDates
import CommonAPI
import DICTestSupport
import DXAPI
import Foundation
import Indicators
import Logging
import RPCCore
import RPCInProcess
import ServiceStorage
import ServiceTesting
import Testing

@testable import DX
@testable import DXDomain

/// The DX API and its indicators on the in-process transport, over a fresh database with the
/// shipped Bắc Kạn registry (06 the province, 06.058 the city, 06.058.01... its wards).
func withDX<T: Sendable>(
    today: CalendarDate = day("2023-04-10"),
    _ body: @Sendable (APIDigitalTransformationService.Client, IndicatorsService.Client) async throws -> T
) async throws -> T {
    try await withService(
        named: "dx", migrations: AdminUnitStore.migrations + DXSchema.migrations + AuditLog.migrations
    ) { database, router in
        let units = try await AdminUnitStore.open(
            database: database, logger: Logger(label: "test"), seed: .demoBacKan2023)
        let provider = DXProvider(database: database, registry: { units.registry }, today: { today })
        router.add(provider)
        router.add(
            IndicatorsProvider(
                source: DXIndicators(
                    kpis: provider.kpis, measurements: provider.measurements, records: provider.records,
                    community: provider.community,
                    registry: { units.registry })))
    } _: { rpc, _ in
        try await body(APIDigitalTransformationService.Client(rpc), IndicatorsService.Client(rpc))
    }
}

let q1 = Period(kind: .quarter, year: 2023, index: 1)

/// Every item of a paged list, `size` a page, asked with `request` and its page at `page`.
func everyItem<Request, Item>(
    _ request: Request, size: Int32, page: WritableKeyPath<Request, PageRequest?>,
    _ list: (Request) async throws -> (items: [Item], info: PageInfo?)
) async throws -> [Item] {
    try await PageRequest.all(size: size) { next in
        var paged = request
        paged[keyPath: page] = next
        return try await list(paged)
    }
}

func figure(_ indicator: String, _ unit: String, _ numerator: Double, _ denominator: Double?) -> APIMeasurement {
    APIMeasurement(indicatorCode: indicator, unitCode: unit, period: q1, numerator: numerator, denominator: denominator)
}

struct DXProviderTests {
    @Test func theShippedPlanIsTheReportsElevenIndicatorsInOrder() async throws {
        try await withDX { client, _ in
            let kpis = try await client.listKpis(APIListKpisRequest()).kpis
            #expect(kpis.count == 15 && kpis.prefix(11).map(\.order) == Array(1...11))
            // A page at a time, and whole through the client's helper, in the same order.
            let first = try await client.listKpis(APIListKpisRequest(page: PageRequest(pageSize: 4)))
            #expect(first.kpis.map(\.code) == kpis.prefix(4).map(\.code))
            #expect(first.page == PageInfo(nextPageToken: "4", totalSize: 15))
            let whole = try await PageRequest.all(size: 4) { page in
                let found = try await client.listKpis(APIListKpisRequest(page: page))
                return (found.kpis, found.page)
            }
            #expect(whole.map(\.code) == kpis.map(\.code))
            #expect(kpis.suffix(4).allSatisfy { $0.measured && $0.targets.isEmpty })
            #expect(kpis[0].externalService == "telecom" && kpis[7].measured && kpis[7].targets.first?.value == 70)
            #expect(kpis[10].unit == "Bậc" && kpis[10].targets.first?.decision.contains("2388/QĐ-UBND") == true)
            // As the plan states them: whole numbers, and the DTI target as "≥ 2".
            #expect(kpis.prefix(11).allSatisfy { $0.decimals == 0 } && kpis[11].decimals == 1)
            #expect(kpis[10].targets.first?.text == "≥ 2")
        }
    }

    /// The plan's results come a page at a time: sixty indicators of some 65 KB each (a target for
    /// every plan year, each with a decision of 486 characters) would pass 3 MiB together.
    @Test func thePlansResultsComeInPagesThatFitTheAnswer() async throws {
        try await withDX { client, _ in
            let decision = String(repeating: "Quyết định số 2388/QĐ-UBND ", count: 18)
            for index in 1...60 {
                _ = try await client.saveKpi(
                    APISaveKpiRequest(
                        kpi: APIKpi(
                            code: "dx.long_\(index)", name: String(decision.prefix(480)), unit: "%",
                            direction: .higherIsBetter, order: Int32(100 + index), measured: true,
                            targets: (2000...2100).map { APITarget(year: Int32($0), value: 50, decision: decision) })))
            }
            let first = try await client.getPlanResults(APIGetPlanResultsRequest(period: q1))
            #expect(first.page?.totalSize == 75 && first.page?.nextPageToken != "")
            #expect((40..<75).contains(first.results.count) && first.serializedSize() <= 3 << 20)
            let whole = try await PageRequest.all { page in
                let found = try await client.getPlanResults(APIGetPlanResultsRequest(period: q1, page: page))
                return (found.results, found.page)
            }
            let kpis = try await PageRequest.all { page in
                let found = try await client.listKpis(APIListKpisRequest(page: page))
                return (found.kpis, found.page)
            }
            #expect(whole.compactMap(\.kpi?.code) == kpis.map(\.code) && whole.count == 75)
            let small = try await client.getPlanResults(
                APIGetPlanResultsRequest(period: q1, page: PageRequest(pageSize: 5)))
            #expect(small.results.map { $0.kpi?.order ?? 0 } == [1, 2, 3, 4, 5])
        }
    }

    /// A plan keeps at most 500 indicators; one already kept still changes.
    @Test func thePlanKeepsAtMostItsIndicators() async throws {
        try await withDX { client, _ in
            func kpi(_ code: String, order: Int32 = 0) -> APISaveKpiRequest {
                APISaveKpiRequest(
                    kpi: APIKpi(
                        code: code, name: "Chỉ tiêu \(code)", unit: "%", direction: .higherIsBetter, order: order,
                        measured: true))
            }
            let shipped = try await client.listKpis(APIListKpisRequest()).page?.totalSize ?? 0
            for index in 0..<(500 - Int(shipped)) { _ = try await client.saveKpi(kpi("dx.k\(index)")) }
            await expectFailure(.failedPrecondition, "code") { _ = try await client.saveKpi(kpi("dx.one_more")) }
            #expect(try await client.saveKpi(kpi("dx.k7", order: 700)).order == 700)
            let listed = try await client.listKpis(APIListKpisRequest(page: PageRequest(pageSize: 1)))
            #expect(listed.page?.totalSize == 500)
        }
    }

    /// Words in place of a figure for one period, with the reason and who set it; the plan's results
    /// carry them for that period only.
    @Test func aResultCanBeStatedInWordsWithTheReasonKept() async throws {
        try await withDX { dx, _ in
            let set = try await dx.setResultOverride(
                APISetResultOverrideRequest(
                    override: APIResultOverride(
                        indicatorCode: "telecom.town_centre_5g_coverage", period: q1,
                        text: "Chưa thực hiện do chờ Bộ TTTT cấp phép tần số",
                        reason: "Chưa có giấy phép tần số 5G")))
            #expect(set.setBy.isEmpty == false && set.setAt != nil && set.reason == "Chưa có giấy phép tần số 5G")
            let results = try await dx.getPlanResults(APIGetPlanResultsRequest(period: q1)).results
            let fiveG = try #require(results.first { $0.kpi?.code == "telecom.town_centre_5g_coverage" })
            #expect(fiveG.override?.text == "Chưa thực hiện do chờ Bộ TTTT cấp phép tần số")
            #expect(results.filter { $0.override != nil }.count == 1)
            // Another period keeps the figure.
            let q2 = Period(kind: .quarter, year: 2023, index: 2)
            #expect(
                try await dx.getPlanResults(APIGetPlanResultsRequest(period: q2)).results.allSatisfy {
                    $0.override == nil
                })
            // Setting again replaces it; clearing brings the figure back.
            _ = try await dx.setResultOverride(
                APISetResultOverrideRequest(
                    override: APIResultOverride(
                        indicatorCode: "telecom.town_centre_5g_coverage", period: q1, text: "Chưa triển khai",
                        reason: "Sửa câu chữ")))
            #expect(
                try await dx.listResultOverrides(APIListResultOverridesRequest()).overrides.map(\.text) == [
                    "Chưa triển khai"
                ])
            #expect(
                try await dx.clearResultOverride(
                    APIClearResultOverrideRequest(indicatorCode: "telecom.town_centre_5g_coverage", period: q1)
                ).cleared)
            #expect(try await dx.listResultOverrides(APIListResultOverridesRequest(period: q1)).overrides.isEmpty)

            // Without a reason, without words, with a line break, or for an indicator not in the plan: refused.
            await expectFailure(.invalidArgument, "override.reason") {
                _ = try await dx.setResultOverride(
                    APISetResultOverrideRequest(
                        override: APIResultOverride(indicatorCode: "dx.provincial_dti_tier", period: q1, text: "x")))
            }
            await expectFailure(.invalidArgument, "override.text") {
                _ = try await dx.setResultOverride(
                    APISetResultOverrideRequest(
                        override: APIResultOverride(indicatorCode: "dx.provincial_dti_tier", period: q1, reason: "r")))
            }
            await expectFailure(.invalidArgument, "override.text") {
                _ = try await dx.setResultOverride(
                    APISetResultOverrideRequest(
                        override: APIResultOverride(
                            indicatorCode: "dx.provincial_dti_tier", period: q1, text: "a\nb", reason: "r")))
            }
            await expectFailure(.notFound, "override.indicator_code") {
                _ = try await dx.setResultOverride(
                    APISetResultOverrideRequest(
                        override: APIResultOverride(indicatorCode: "no.such", period: q1, text: "x", reason: "r")))
            }
            await expectFailure(.invalidArgument, "override.period") {
                _ = try await dx.setResultOverride(
                    APISetResultOverrideRequest(
                        override: APIResultOverride(indicatorCode: "dx.provincial_dti_tier", text: "x", reason: "r")))
            }
            #expect(try await dx.listResultOverrides(APIListResultOverridesRequest()).overrides.isEmpty)
        }
    }

    @Test func planAgainstResultForQ1RollsUpTheWardsFigures() async throws {
        try await withDX { client, indicators in
            // Two wards' figures for Q1: 67 % of procedures full-process, 49 % online dossiers, 40 % online meetings.
            _ = try await client.recordMeasurements(
                APIRecordMeasurementsRequest(measurements: [
                    figure("dx.full_process_online_service_rate", "06.058.01", 40, 60),
                    figure("dx.full_process_online_service_rate", "06.058.02", 27, 40),
                    figure("dx.online_dossier_rate", "06.058.01", 400, 1_000),
                    figure("dx.online_dossier_rate", "06.058.02", 90, 0 + 100),
                    figure("dx.online_meeting_rate", "06.058", 12, 30),
                ]))
            let results = try await client.getPlanResults(APIGetPlanResultsRequest(period: q1, unitCode: "06"))
                .results
            let byCode = Dictionary(uniqueKeysWithValues: results.map { ($0.kpi?.code ?? "", $0) })
            #expect(byCode["dx.full_process_online_service_rate"]?.result == 67)
            #expect(byCode["dx.full_process_online_service_rate"]?.verdict == .notMet)
            // 490 of 1,100 is 44.5 %; averaging the wards' 40 % and 90 % would say 65 %.
            #expect(byCode["dx.online_dossier_rate"].flatMap(\.result).map { ($0 * 10).rounded() } == 445)
            #expect(byCode["dx.online_dossier_rate"]?.verdict == .exceeded)
            #expect(byCode["dx.online_meeting_rate"]?.result == 40 && byCode["dx.online_meeting_rate"]?.verdict == .met)
            #expect(byCode["dx.provincial_dti_tier"]?.verdict == .notYetMeasured)
            #expect(byCode["telecom.village_broadband_coverage"]?.verdict == .notYetMeasured)
            #expect(byCode["telecom.village_broadband_coverage"]?.target == 97)
            let values = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(codes: ["dx.online_meeting_rate", "dx.provincial_dti_tier"], period: q1)
            )
            .values
            #expect(values[0].value == 40 && values[0].numerator == 12 && values[0].denominator == 30)
            #expect(values[1].value == nil && !values[1].note.isEmpty)
        }
    }

    /// Two figures for one indicator, unit and period in one call say different things at once:
    /// refused by the second's place. Both were given the same revision number, and the database's
    /// key refused the write as an internal error.
    @Test func oneCallGivingAFigureTwiceIsRefusedByItsPlace() async throws {
        try await withDX { client, _ in
            await expectFailure(.invalidArgument, "measurements[2]") {
                _ = try await client.recordMeasurements(
                    APIRecordMeasurementsRequest(measurements: [
                        figure("dx.online_meeting_rate", "06.058", 12, 30),
                        figure("dx.online_meeting_rate", "06.058.01", 2, 3),
                        figure("dx.online_meeting_rate", "06.058", 15, 30),
                    ]))
            }
            let history = try await client.getMeasurementHistory(
                APIMeasurementHistoryRequest(indicatorCode: "dx.online_meeting_rate", unitCode: "06.058", period: q1))
            #expect(history.revisions.isEmpty)
        }
    }

    @Test func aCorrectionIsANewRevisionAndTheRollUpUsesIt() async throws {
        try await withDX { client, _ in
            _ = try await client.recordMeasurements(
                APIRecordMeasurementsRequest(measurements: [figure("dx.online_meeting_rate", "06.058", 12, 30)]))
            let corrected = try await client.recordMeasurements(
                APIRecordMeasurementsRequest(measurements: [figure("dx.online_meeting_rate", "06.058", 15, 30)]))
            #expect(
                corrected.measurements.first?.revision == 2 && corrected.measurements.first?.enteredBy == "anonymous")
            let history = try await client.getMeasurementHistory(
                APIMeasurementHistoryRequest(indicatorCode: "dx.online_meeting_rate", unitCode: "06.058", period: q1))
            #expect(
                history.revisions.map(\.numerator) == [12, 15] && history.revisions.map(\.current) == [false, true])
            let latest = try await client.getMeasurementHistory(
                APIMeasurementHistoryRequest(
                    indicatorCode: "dx.online_meeting_rate", unitCode: "06.058", period: q1,
                    page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(latest.revisions.map(\.numerator) == [15] && latest.page == PageInfo(totalSize: 2))
            let rolled = try await client.rollUp(
                APIRollUpRequest(indicatorCode: "dx.online_meeting_rate", period: q1, unitCode: "06"))
            #expect(rolled.value == 50 && rolled.units == 1)
        }
    }

    @Test func badMeasurementsNameTheFieldAndRecordNothing() async throws {
        try await withDX { client, _ in
            await expectFailure(.invalidArgument, "measurements[1].unit_code") {
                _ = try await client.recordMeasurements(
                    APIRecordMeasurementsRequest(measurements: [
                        figure("dx.online_meeting_rate", "06.058", 1, 2), figure("dx.online_meeting_rate", "99", 1, 2),
                    ]))
            }
            await expectFailure(.invalidArgument, "measurements[0].numerator") {
                _ = try await client.recordMeasurements(
                    APIRecordMeasurementsRequest(measurements: [figure("dx.online_meeting_rate", "06.058", 5, 2)]))
            }
            await expectFailure(.failedPrecondition, "measurements[0].indicator_code") {
                _ = try await client.recordMeasurements(
                    APIRecordMeasurementsRequest(measurements: [figure("telecom.urban_underground_ratio", "06", 1, 9)]))
            }
            await expectFailure(.invalidArgument, "measurements[0].period") {
                var future = figure("dx.online_meeting_rate", "06.058", 1, 2)
                future.period = Period(kind: .quarter, year: 2023, index: 3)
                _ = try await client.recordMeasurements(APIRecordMeasurementsRequest(measurements: [future]))
            }
            let rolled = try await client.rollUp(APIRollUpRequest(indicatorCode: "dx.online_meeting_rate", period: q1))
            #expect(rolled.units == 0 && rolled.value == nil)
        }
    }

    @Test func tasksSystemsAndRecommendationsForTheReport() async throws {
        try await withDX(today: day("2023-04-10")) { client, indicators in
            for (index, deadline) in [
                (1, Date(year: 2023, month: 4, day: 30)), (2, Date(year: 2023, month: 7, day: 31)),
            ] {
                _ = try await client.saveTask(
                    APISaveTaskRequest(
                        task: APITask(
                            code: "BC-Q\(index)",
                            title: "Báo cáo tình hình triển khai chuyển đổi số quý \(index) năm 2023",
                            sourceDocument: "2519/QĐ-UBND", leadUnit: "Sở TTTT", deadline: deadline)))
            }
            let tasks = try await client.listTasks(APIListTasksRequest(year: 2023, query: "sở tttt")).tasks
            #expect(tasks.map(\.status) == [.inProgress, .inProgress])
            let later = try await client.listTasks(
                APIListTasksRequest(year: 2023, query: "so TTTT", today: Date(year: 2023, month: 5, day: 2)))
            #expect(later.tasks.map(\.status) == [.overdue, .inProgress])
            // A page at a time, by deadline.
            let one = try await client.listTasks(
                APIListTasksRequest(year: 2023, query: "so TTTT", page: PageRequest(pageSize: 1)))
            #expect(one.tasks.map(\.code) == ["BC-Q1"] && one.page == PageInfo(nextPageToken: "1", totalSize: 2))
            let two = try await client.listTasks(
                APIListTasksRequest(year: 2023, query: "so TTTT", page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(two.tasks.map(\.code) == ["BC-Q2"] && two.page == PageInfo(nextPageToken: "", totalSize: 2))
            // Q1's report was done on 5 April (on time): as of 31 March it was still open, and its completion is
            // not shown then. The year's review, due in January 2024, belongs to the 2023 plan.
            var first = tasks[0]
            first.completedOn = Date(year: 2023, month: 4, day: 5)
            _ = try await client.saveTask(APISaveTaskRequest(task: first))
            let march = try await client.listTasks(
                APIListTasksRequest(year: 2023, query: "so TTTT", today: Date(year: 2023, month: 3, day: 31))
            ).tasks
            #expect(march.first?.status == .inProgress && march.first?.completedOn == nil)
            #expect(
                try await client.listTasks(APIListTasksRequest(year: 2023, query: "so TTTT")).tasks.first?.status
                    == .doneOnTime)
            _ = try await client.saveTask(
                APISaveTaskRequest(
                    task: APITask(
                        code: "TK-2023", title: "Tổng kết năm 2023", sourceDocument: "2519/QĐ-UBND",
                        leadUnit: "Sở TTTT",
                        deadline: Date(year: 2024, month: 1, day: 15), planYear: 2023)))
            #expect(
                try await client.listTasks(APIListTasksRequest(year: 2023, query: "tong ket")).tasks.map(\.code)
                    == ["TK-2023"])
            #expect(try await client.listTasks(APIListTasksRequest(year: 2024, query: "tong ket")).tasks.isEmpty)
            // The service starts with the year's four quarterly DX reports.
            let shipped = try await client.listTasks(
                APIListTasksRequest(year: 2023, query: "thong tin va truyen thong"))
            #expect(shipped.tasks.map(\.code).filter { $0.hasPrefix("DX-BC-2023") }.count == 4)

            let system = try await client.saveInformationSystem(
                APISaveInformationSystemRequest(
                    system: APIInformationSystem(
                        code: "QLVB", name: "Hệ thống quản lý văn bản và điều hành", owner: "UBND tỉnh Bắc Kạn",
                        operator: "Sở TTTT", proposedLevel: 3)))
            #expect(system.approver == "chủ quản hệ thống" && system.status == .notStarted)
            let second = try await client.saveInformationSystem(
                APISaveInformationSystemRequest(
                    system: APIInformationSystem(
                        code: "WEB", name: "Cổng thông tin điện tử", owner: "Sở TTTT", operator: "Sở TTTT",
                        proposedLevel: 2)))
            #expect(second.approver == "đơn vị chuyên trách về an toàn thông tin của chủ quản")
            for status in [APIDossierStatus.drafting, .submitted, .reviewed] {
                _ = try await client.moveSecurityDossier(APIMoveSecurityDossierRequest(code: "WEB", status: status))
            }
            _ = try await client.moveSecurityDossier(
                APIMoveSecurityDossierRequest(
                    code: "WEB", status: .approved, decisionNumber: "12/QĐ-STTTT",
                    decidedOn: Date(year: 2023, month: 3, day: 1)))
            _ = try await client.saveInformationSystem(
                APISaveInformationSystemRequest(
                    system: APIInformationSystem(
                        code: "MAIL", name: "Thư điện tử công vụ", owner: "Sở TTTT", operator: "Sở TTTT",
                        proposedLevel: 1)))
            let systems = try await client.listInformationSystems(
                APIListInformationSystemsRequest(page: PageRequest(pageSize: 2)))
            #expect(systems.systems.map(\.code) == ["MAIL", "QLVB"] && systems.page?.nextPageToken == "2")
            #expect(systems.page?.totalSize == 3)
            // One system of three is approved; no owner has all its systems approved.
            let rates = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(
                    codes: ["dx.approved_security_dossier_rate", "dx.units_with_approved_security_dossier_rate"],
                    period: q1)
            ).values
            #expect(rates.map(\.numerator) == [1, 0] && rates.map(\.denominator) == [3, 2])
            await expectFailure(.failedPrecondition, "status") {
                _ = try await client.moveSecurityDossier(APIMoveSecurityDossierRequest(code: "QLVB", status: .approved))
            }

            for (category, answered) in [
                ("truyền thanh cơ sở", true), ("truyền thanh cơ sở", false), ("chuyển đổi số", true),
            ] {
                let recorded = try await client.recordRecommendation(
                    APIRecordRecommendationRequest(
                        requestID: UUID().uuidString,
                        recommendation: APIRecommendation(
                            receivedOn: Date(year: 2023, month: 2, day: 1), unitCode: "06.061", category: category,
                            content: "Đề nghị hỗ trợ")))
                if answered {
                    _ = try await client.answerRecommendation(
                        APIAnswerRecommendationRequest(
                            id: recorded.id, answer: "Đã hướng dẫn", answeredOn: Date(year: 2023, month: 2, day: 10)))
                }
            }
            let open = try await client.listRecommendations(
                APIListRecommendationsRequest(
                    from: Date(year: 2023, month: 1, day: 1), through: Date(year: 2023, month: 3, day: 31),
                    unansweredOnly: true))
            #expect(open.recommendations.map(\.category) == ["truyền thanh cơ sở"])
            let counts = try await client.countRecommendations(
                APIRecommendationCountsRequest(
                    from: Date(year: 2023, month: 1, day: 1), through: Date(year: 2023, month: 3, day: 31)))
            #expect(counts.received == 3 && counts.answered == 2)
            #expect(counts.categories.map(\.category) == ["truyền thanh cơ sở", "chuyển đổi số"])
        }
    }

    /// Tasks are paged in the store: a status is asked of SQL in the words of
    /// ``DXTask/status(on:)`` (held here to what the domain says of each task, at the days where
    /// the statuses change), and a search reads a batch of 200 at a time.
    @Test func tasksArePagedWithTheirStatusAskedOfTheStore() async throws {
        try await withDX(today: day("2023-12-31")) { client, _ in
            let asOf = day("2023-06-15")
            for index in 0..<430 {
                // Deadlines around the day asked (it included), each completed on its deadline,
                // the day after, the day asked, after it, or not at all.
                guard let deadline = asOf.adding(days: index % 41 - 20) else { continue }
                let completed: CalendarDate? =
                    switch index % 5 {
                    case 0: nil
                    case 1: deadline
                    case 2: deadline.adding(days: 1)
                    case 3: asOf
                    default: asOf.adding(days: 1)
                    }
                _ = try await client.saveTask(
                    APISaveTaskRequest(
                        task: APITask(
                            code: "T\(1000 + index)",
                            title: index % 3 == 0 ? "Báo cáo số \(index)" : "Nhiệm vụ \(index)",
                            sourceDocument: "KH \(index)/KH-UBND", leadUnit: "Sở TTTT", deadline: deadline.proto,
                            completedOn: completed?.proto)))
            }
            func all(_ request: APIListTasksRequest) async throws -> [APITask] {
                try await everyItem(request, size: 37, page: \.page) {
                    let found = try await client.listTasks($0)
                    return (found.tasks, found.page)
                }
            }
            let every = try await all(APIListTasksRequest(year: 2023, today: asOf.proto))
            #expect(every.count == 434)
            #expect(every.filter { $0.code.hasPrefix("T") }.count == 430)
            // The wire's status is the domain's (DXTask.status(on:)); the filter must agree with it.
            for status in [APITaskStatus.doneOnTime, .doneLate, .inProgress, .overdue] {
                let expected = every.filter { $0.status == status }
                #expect(!expected.isEmpty, "\(status)")
                let listed = try await all(APIListTasksRequest(year: 2023, status: status, today: asOf.proto))
                #expect(listed.map(\.code) == expected.map(\.code), "\(status)")
                let searched = try await all(
                    APIListTasksRequest(year: 2023, query: "bao cao", status: status, today: asOf.proto))
                #expect(
                    searched.map(\.code) == expected.filter { $0.title.hasPrefix("Báo cáo") }.map(\.code), "\(status)")
            }
            // A page from the middle of a search, past the store's first batch.
            let page = try await client.listTasks(
                APIListTasksRequest(
                    year: 2023, query: "nhiem vu", today: asOf.proto, page: PageRequest(pageSize: 40, pageToken: "250"))
            )
            let matching = every.filter { $0.title.hasPrefix("Nhiệm vụ") }
            #expect(page.tasks.map(\.code) == matching[250..<286].map(\.code))
            #expect(page.page == PageInfo(nextPageToken: "", totalSize: Int64(matching.count)))
            #expect(matching.count == 286)
            await expectFailure(.invalidArgument, "status") {
                _ = try await client.listTasks(APIListTasksRequest(status: .unrecognized(9)))
            }
        }
    }

    /// Information systems are paged in the store, by owner and by words, and the indicators
    /// count them in SQL: approved by the period's end, and owners with every system approved.
    @Test func systemsArePagedAndTheirApprovalsCountedByTheStore() async throws {
        try await withDX(today: day("2023-12-31")) { client, indicators in
            let owners = ["UBND tỉnh", "Sở TTTT", "Sở Y tế"]
            for index in 0..<230 {
                let code = "HT\(String(1000 + index))"
                _ = try await client.saveInformationSystem(
                    APISaveInformationSystemRequest(
                        system: APIInformationSystem(
                            code: code, name: index % 4 == 0 ? "Cổng dịch vụ \(index)" : "Phần mềm \(index)",
                            owner: owners[index % 3], operator: "Sở TTTT", proposedLevel: 2)))
                // Every system of the third owner is approved, by the end of March or after it;
                // a few of the first owner's are approved in March.
                guard index % 3 == 2 || index % 30 == 0 else { continue }
                for status in [APIDossierStatus.drafting, .submitted, .reviewed] {
                    _ = try await client.moveSecurityDossier(APIMoveSecurityDossierRequest(code: code, status: status))
                }
                _ = try await client.moveSecurityDossier(
                    APIMoveSecurityDossierRequest(
                        code: code, status: .approved, decisionNumber: "\(index)/QĐ",
                        decidedOn: Date(year: 2023, month: index == 227 ? 5 : 3, day: 1)))
            }
            func all(_ request: APIListInformationSystemsRequest) async throws -> [APIInformationSystem] {
                try await everyItem(request, size: 33, page: \.page) {
                    let found = try await client.listInformationSystems($0)
                    return (found.systems, found.page)
                }
            }
            let every = try await all(APIListInformationSystemsRequest())
            #expect(every.map(\.code) == (0..<230).map { "HT\(1000 + $0)" })
            let health = try await all(APIListInformationSystemsRequest(owner: "Sở Y tế"))
            #expect(health.map(\.code) == every.filter { $0.owner == "Sở Y tế" }.map(\.code))
            let portals = try await all(APIListInformationSystemsRequest(owner: "Sở TTTT", query: "cong dich vu"))
            #expect(
                portals.map(\.code)
                    == every.filter { $0.owner == "Sở TTTT" && $0.name.hasPrefix("Cổng") }.map(\.code))
            #expect(!portals.isEmpty)
            // Q1: the third owner's approved in March (one of them in May) and eight of the first
            // owner's (0, 30, ..., 210): no owner wholly. By the year's end the third owner is.
            let march = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(
                    codes: ["dx.approved_security_dossier_rate", "dx.units_with_approved_security_dossier_rate"],
                    period: q1)
            ).values
            let approvedInMarch = (0..<230).filter { $0 % 3 == 2 || $0 % 30 == 0 }.count - 1
            #expect(march.map(\.numerator) == [Double(approvedInMarch), 0] && march.map(\.denominator) == [230, 3])
            let year = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(
                    codes: ["dx.approved_security_dossier_rate", "dx.units_with_approved_security_dossier_rate"],
                    period: Period(kind: .year, year: 2023))
            ).values
            #expect(year.map(\.numerator) == [Double(approvedInMarch + 1), 1])
        }
    }

    /// Recommendations are paged in the store: a search reads them a batch at a time (200) and
    /// keeps only the page asked, across batches, with the total of all that match.
    @Test func recommendationsArePagedAndSearchedAcrossTheStoresBatches() async throws {
        try await withDX { client, _ in
            for index in 0..<450 {
                _ = try await client.recordRecommendation(
                    APIRecordRecommendationRequest(
                        requestID: "r\(index)",
                        recommendation: APIRecommendation(
                            receivedOn: Date(year: 2023, month: 1 + Int32(index % 3), day: 1 + Int32(index % 28)),
                            unitCode: "06.061", category: index % 2 == 0 ? "truyền thanh cơ sở" : "chuyển đổi số",
                            content: index % 3 == 0 ? "Cụm loa số \(index) bị hỏng" : "Đề nghị tập huấn \(index)")))
            }
            let quarter = APIListRecommendationsRequest(
                from: Date(year: 2023, month: 1, day: 1), through: Date(year: 2023, month: 3, day: 31))
            func all(_ request: APIListRecommendationsRequest) async throws -> [APIRecommendation] {
                try await everyItem(request, size: 40, page: \.page) {
                    let found = try await client.listRecommendations($0)
                    return (found.recommendations, found.page)
                }
            }
            let every = try await all(quarter)
            #expect(every.count == 450)
            #expect(
                every.map { "\($0.receivedOn?.month ?? 0)-\($0.receivedOn?.day ?? 0)" }
                    == every.sorted {
                        ($0.receivedOn?.month ?? 0, $0.receivedOn?.day ?? 0, $0.id) < (
                            $1.receivedOn?.month ?? 0, $1.receivedOn?.day ?? 0, $1.id
                        )
                    }.map { "\($0.receivedOn?.month ?? 0)-\($0.receivedOn?.day ?? 0)" })
            var search = quarter
            search.query = "loa so"
            search.page = PageRequest(pageSize: 50, pageToken: "100")
            let third = try await client.listRecommendations(search)
            let matching = every.filter { $0.content.hasPrefix("Cụm loa") }
            #expect(third.page?.totalSize == 150 && matching.count == 150)
            #expect(third.recommendations.map(\.id) == matching[100..<150].map(\.id))
            #expect(third.page?.nextPageToken == "")
            search.category = "chuyển đổi số"
            search.page = nil
            #expect(try await all(search).map(\.id) == matching.filter { $0.category == "chuyển đổi số" }.map(\.id))
            let counts = try await client.countRecommendations(
                APIRecommendationCountsRequest(from: quarter.from, through: quarter.through))
            #expect(counts.received == 450 && counts.categories.map(\.received) == [225, 225])
            #expect(counts.categories.map(\.category) == ["chuyển đổi số", "truyền thanh cơ sở"])
            await expectFailure(.invalidArgument, "category") {
                _ = try await client.recordRecommendation(
                    APIRecordRecommendationRequest(
                        requestID: "long",
                        recommendation: APIRecommendation(
                            receivedOn: Date(year: 2023, month: 1, day: 1), unitCode: "06.061",
                            category: String(repeating: "c", count: 201), content: "x")))
            }
        }
    }

    /// A search longer than any an officer types is refused by name, before a record is compared
    /// with it.
    @Test func everySearchableListRefusesAnOversizedQuery() async throws {
        let query = String(repeating: "ạ", count: 201)
        try await withDX { client, _ in
            var tasks = APIListTasksRequest()
            tasks.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listTasks(tasks) }
            var systems = APIListInformationSystemsRequest()
            systems.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listInformationSystems(systems) }
            var recommendations = APIListRecommendationsRequest()
            recommendations.from = CommonAPI.Date(year: 2023, month: 1, day: 1)
            recommendations.through = CommonAPI.Date(year: 2023, month: 3, day: 31)
            recommendations.query = query
            await expectFailure(.invalidArgument, "query") {
                _ = try await client.listRecommendations(recommendations)
            }
            tasks.query = String(query.prefix(200))
            let found = try await client.listTasks(tasks)
            #expect(found.tasks.isEmpty)
        }
    }
}

struct DXImportTests {
    static let file = """
        indicator_code,unit_code,period,numerator,denominator
        dx.online_dossier_rate,06.058.01,2023-Q1,40,100
        dx.online_dossier_rate,06.058.02,2023-Q1,9,10
        dx.online_dossier_rate,99.999,2023-Q1,1,2
        dx.online_dossier_rate,06.058.03,2023-Q5,1,2
        dx.online_dossier_rate,06.058.03,2023-Q1,3,2
        dx.provincial_dti_tier,06,2022,1,
        dx.nothing,06,2023-Q1,1,1

        """

    func send(_ text: String) -> @Sendable (RPCWriter<APIImportMeasurementsRequest>) async throws -> Void {
        let bytes = Array(text.utf8)
        return { writer in
            var start = 0
            while start < bytes.count {
                try await writer.write(
                    APIImportMeasurementsRequest(data: Array(bytes[start..<min(start + 23, bytes.count)])))
                start += 23
            }
        }
    }

    /// A file giving one figure twice in one batch is read as a correction in turn, the later line
    /// standing, as lines in different batches already were. It used to fail whole as an internal error.
    @Test func aFileGivingAFigureTwiceLeavesTheLaterLineStanding() async throws {
        try await withDX { client, _ in
            let file = """
                indicator_code,unit_code,period,numerator,denominator
                dx.online_dossier_rate,06.058.01,2023-Q1,40,100
                dx.online_dossier_rate,06.058.02,2023-Q1,9,10
                dx.online_dossier_rate,06.058.01,2023-Q1,45,100
                dx.online_dossier_rate,06.058.01,2023-Q1,45,100

                """
            let imported = try await client.importMeasurements(requests: send(file)).message
            #expect(imported.rows == 4 && imported.recorded == 3 && imported.unchanged == 1 && imported.refused == 0)
            let history = try await client.getMeasurementHistory(
                APIMeasurementHistoryRequest(
                    indicatorCode: "dx.online_dossier_rate", unitCode: "06.058.01", period: q1))
            #expect(history.revisions.map(\.numerator) == [40, 45])
            #expect(history.revisions.map(\.revision) == [1, 2] && history.revisions.map(\.current) == [false, true])
            // The figure as it stands, then a correction of it, in one file.
            let next = """
                indicator_code,unit_code,period,numerator,denominator
                dx.online_dossier_rate,06.058.01,2023-Q1,45,100
                dx.online_dossier_rate,06.058.01,2023-Q1,50,100

                """
            let corrected = try await client.importMeasurements(requests: send(next)).message
            #expect(corrected.recorded == 1 && corrected.unchanged == 1)
            let after = try await client.getMeasurementHistory(
                APIMeasurementHistoryRequest(
                    indicatorCode: "dx.online_dossier_rate", unitCode: "06.058.01", period: q1))
            #expect(after.revisions.map(\.numerator) == [40, 45, 50])
            #expect(after.revisions.map(\.current) == [false, false, true])
        }
    }

    @Test func figuresImportWithLineNumbersAndARerunRecordsNothing() async throws {
        try await withDX { client, _ in
            let first = try await client.importMeasurements(requests: send(Self.file)).message
            #expect(first.rows == 7 && first.recorded == 3 && first.refused == 4)
            #expect(
                first.problems.map { "\($0.line):\($0.field)" }
                    == ["4:unit_code", "5:period", "6:numerator", "8:indicator_code"], "\(first.problems)")
            let again = try await client.importMeasurements(requests: send(Self.file)).message
            #expect(again.recorded == 0 && again.unchanged == 3)
            let exported = try await client.exportMeasurements(APIExportMeasurementsRequest()) { responses in
                var bytes: [UInt8] = []
                for try await response in responses { bytes += response.data }
                return String(decoding: bytes, as: UTF8.self)
            }
            #expect(
                exported.split(separator: "\r\n").map(String.init) == [
                    "indicator_code,unit_code,period,numerator,denominator",
                    "dx.online_dossier_rate,06.058.01,2023-Q1,40,100", "dx.online_dossier_rate,06.058.02,2023-Q1,9,10",
                    "dx.provincial_dti_tier,06,2022,1,",
                ])
            let round = try await client.importMeasurements(requests: send(exported)).message
            #expect(round.unchanged == 3 && round.recorded == 0 && round.problemsTotal == 0)
        }
    }
}

struct CommunityProviderTests {
    @Test func teamsMarketsAndTheDTIFeedTheirIndicators() async throws {
        try await withDX { client, indicators in
            // Two of the city's villages get a team; one pilot market has 40 of 50 traders on QR.
            let villages = ["06.058.01.v01", "06.058.01.v02"]
            for village in villages {
                _ = try await client.saveDigitalTeam(
                    APISaveDigitalTeamRequest(
                        team: APIDigitalTeam(
                            unitCode: village, foundingDecision: "15/QĐ-UBND",
                            foundedOn: Date(year: 2022, month: 12, day: 1),
                            members: [
                                APITeamMember(name: "Hoàng Văn A", role: "tổ trưởng"),
                                APITeamMember(name: "Lý Thị B", role: "thành viên"),
                            ])))
            }
            _ = try await client.saveCashlessMarket(
                APISaveCashlessMarketRequest(
                    market: APICashlessMarket(
                        code: "CHO-CM", name: "Chợ Chợ Mới", unitCode: "06.065", traders: 50, tradersAcceptingQr: 40,
                        productsListedOnline: 12, asOf: Date(year: 2023, month: 3, day: 31))))
            await expectFailure(.invalidArgument, "traders_accepting_qr") {
                _ = try await client.saveCashlessMarket(
                    APISaveCashlessMarketRequest(
                        market: APICashlessMarket(
                            code: "X", name: "X", unitCode: "06.065", traders: 5, tradersAcceptingQr: 6,
                            asOf: Date(year: 2023, month: 3, day: 31))))
            }
            _ = try await client.saveDtiResult(
                APISaveDtiResultRequest(result: APIDtiResult(year: 2022, pillar: "tổng", score: 0.31, rank: 63)))
            _ = try await client.saveDtiResult(
                APISaveDtiResultRequest(result: APIDtiResult(year: 2022, pillar: "chính quyền số", score: 0.3)))
            let dti = try await client.listDtiResults(
                APIListDtiResultsRequest(year: 2022, page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(dti.results.map(\.rank) == [63] && dti.page == PageInfo(nextPageToken: "", totalSize: 2))
            let markets = try await client.listCashlessMarkets(
                APIListCashlessMarketsRequest(page: PageRequest(pageSize: 1)))
            #expect(markets.markets.map(\.code) == ["CHO-CM"] && markets.page == PageInfo(totalSize: 1))
            // A team's members are one record: a request of 20,000 names is refused as it arrives, so no
            // page of teams can grow past what an answer holds.
            await expectFailure(.resourceExhausted, "request") {
                _ = try await client.saveDigitalTeam(
                    APISaveDigitalTeamRequest(
                        team: APIDigitalTeam(
                            unitCode: villages[0], foundingDecision: "15/QĐ-UBND",
                            foundedOn: Date(year: 2022, month: 12, day: 1),
                            members: (0..<20_000).map { APITeamMember(name: "Thành viên \($0)", role: "thành viên") })))
            }
            let teams = try await client.listDigitalTeams(APIListDigitalTeamsRequest(unitCode: "06.058"))
            #expect(teams.teams.count == 2 && teams.members == 4)
            let values = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(
                    codes: ["dx.village_digital_team_rate", "dx.cashless_market_qr_rate"], period: q1,
                    unitCode: "06.058.01")
            )
            .values
            #expect(values[0].numerator == 2 && values[0].denominator > 2)
            #expect(values[1].denominator == 0 && values[1].value == nil)  // the market is in Chợ Mới, not this ward
            let province = try await indicators.computeIndicators(
                ComputeIndicatorsRequest(codes: ["dx.cashless_market_qr_rate"], period: q1)
            ).values
            #expect(province[0].value == 80)
        }
    }
}

struct DXDemoDataTests {
    static let file = repositoryFile("Deploy/demo/dx-measurements-2023.csv")

    @Test func theDemoFiguresRollUpToTheReportsRates() async throws {
        let data = try Data(contentsOf: Self.file)
        try await withDX(today: day("2023-04-10")) { client, _ in
            let imported = try await client.importMeasurements { writer in
                try await writer.write(APIImportMeasurementsRequest(data: Array(data)))
            }.message
            #expect(imported.problemsTotal == 0 && imported.recorded == 45, "\(imported.problems)")
            let results = try await client.getPlanResults(APIGetPlanResultsRequest(period: q1, unitCode: "06")).results
            let byCode = Dictionary(uniqueKeysWithValues: results.map { ($0.kpi?.code ?? "", $0) })
            #expect(byCode["dx.full_process_online_service_rate"]?.result == 67)
            #expect(byCode["dx.online_dossier_rate"]?.result == 49)
            #expect(byCode["dx.online_meeting_rate"]?.result == 40)
            #expect(byCode["dx.online_meeting_rate"]?.verdict == .met)
            #expect(byCode["dx.provincial_dti_tier"]?.verdict == .notYetMeasured)
        }
    }
}

struct DXSchemaTests {
    @Test func aPlanLoadedBeforeItHadPrecisionGetsThePlansWording() async throws {
        // What the earlier migration 2 wrote for the DTI line.
        try await withUpgradedDatabase(named: "dx", migrations: DXSchema.migrations, from: 6) { sql in
            try await sql.raw(
                """
                INSERT INTO kpis (code, name, unit, direction, computation, external_service, external_code,
                    has_denominator, percentage, over_time, ord)
                VALUES ('dx.provincial_dti_tier', 'Chỉ số chuyển đổi số cấp tỉnh', 'Bậc', 'higherIsBetter',
                    'measured', '', '', 0, 0, 'latest', 11)
                """
            ).run()
            try await sql.raw(
                "INSERT INTO kpi_targets (kpi_code, year, value, decision) VALUES ('dx.provincial_dti_tier', 2023, 2, 'x')"
            ).run()
        } after: { upgraded in
            let plan = try await KPIStore(database: upgraded).all()
            #expect(plan.map(\.code) == ["dx.provincial_dti_tier"])  // an existing plan is not replaced
            #expect(plan.first?.decimals == 0 && plan.first?.targets[2023]?.text == "≥ 2")
        }
    }
}
