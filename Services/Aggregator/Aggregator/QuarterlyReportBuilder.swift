import AdminUnits
import CalendarDates
import CommonAPI
import DXAPI
import Foundation
import Indicators
import LicensingAPI
import RPCCore
import Report
import Synchronization

/// Builds the quarterly report from the services' public APIs only, calling them at once. A
/// service that does not answer does not sink the report: its sections say so and the report is
/// marked incomplete.
public struct QuarterlyReportBuilder: Sendable {
    public struct Sources: Sendable {
        public var licensing: RPCClient
        public var telecom: RPCClient
        public var dx: RPCClient

        public init(licensing: RPCClient, telecom: RPCClient, dx: RPCClient) {
            self.licensing = licensing
            self.telecom = telecom
            self.dx = dx
        }
    }

    /// Who the report is from and where.
    public struct Letterhead: Sendable, Hashable {
        public var authority = "UBND TỈNH BẮC KẠN"
        public var department = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
        public var place = "Bắc Kạn"
        public var numberSuffix = "/BC-STTTT"
        public var recipients = [
            "Thường trực Tỉnh ủy;", "Thường trực HĐND tỉnh;", "Thường trực UBND tỉnh;", "Bộ Thông tin và Truyền thông.",
        ]

        public init() {}
    }

    let sources: Sources
    let letterhead: Letterhead
    let deadline: Duration

    public init(sources: Sources, letterhead: Letterhead = Letterhead(), deadline: Duration = .seconds(10)) {
        self.sources = sources
        self.letterhead = letterhead
        self.deadline = deadline
    }

    static let roman = ["I", "II", "III", "IV"]

    /// What a generation has done so far, for a progress bar.
    public struct Progress: Sendable, Hashable {
        /// "dic-licensing: thống kê giấy phép".
        public var step: String
        public var done: Int
        public var total: Int
        public var ok: Bool
        public var detail: String
    }

    /// Counts finished steps and reports each one.
    final class ProgressCounter: Sendable {
        let total: Int
        let report: @Sendable (Progress) -> Void
        let done = Mutex(0)

        init(total: Int, report: @escaping @Sendable (Progress) -> Void) {
            self.total = total
            self.report = report
        }

        func finished<T>(_ step: String, _ result: Result<T, ServiceCall.Failure>) -> Result<T, ServiceCall.Failure> {
            let done = done.withLock { done in
                done += 1
                return done
            }
            switch result {
            case .success: report(Progress(step: step, done: done, total: total, ok: true, detail: ""))
            case .failure(let failure):
                report(Progress(step: step, done: done, total: total, ok: false, detail: failure.reason))
            }
            return result
        }
    }

    /// The services' names as the report gives them.
    static let serviceNames = ["dic-licensing", "dic-telecom", "dic-dx"]

    /// Builds the report for `year` and `quarter` from the services as they are now.
    /// - Parameters:
    ///   - narratives: paragraphs people wrote, by section key ("1", "2.1" … "5", "II").
    ///   - deadline: the caller's own deadline; no call to a service outlives it.
    ///   - now: when the services are asked, for the report's footer.
    ///   - progress: told as each call finishes.
    public func build(
        year: Int, quarter: Int, narratives: [String: [String]] = [:],
        deadline callerDeadline: ContinuousClock.Instant? = nil,
        now: Foundation.Date = Foundation.Date(), progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> QuarterlyReport {
        guard (1...4).contains(quarter), (2000...2100).contains(year) else {
            throw RPCError(.invalidArgument, "quarter: \(year) Q\(quarter) is not a quarter")
        }
        guard let quarterPeriod = ReportingPeriod(.quarter, year: year, index: quarter) else {
            throw RPCError(.invalidArgument, "quarter: \(year) Q\(quarter) is not a quarter")
        }
        let period = quarterPeriod.wire
        let from = quarterPeriod.start.proto
        let through = quarterPeriod.end.proto
        // Tasks as they stood when the quarter closed (or today, for the quarter still running):
        // the report is about the quarter, whenever it is printed.
        let asOf = min(quarterPeriod.end, CalendarDate.todayInVietnam(now: now)).proto
        // Each call gets this builder's deadline, or what remains of the caller's if that is sooner.
        var budget = deadline
        if let callerDeadline { budget = min(budget, max(.zero, callerDeadline - ContinuousClock.now)) }
        let counter = ProgressCounter(total: 8, report: progress)
        let budgetForCalls = budget
        let call: @Sendable (String) -> ServiceCall = { ServiceCall(service: $0, deadline: budgetForCalls) }

        let licensing = APILicensingService.Client(sources.licensing)
        let dx = APIDigitalTransformationService.Client(sources.dx)
        async let statistics = counter.finished(
            "dic-licensing: thống kê giấy phép và hồ sơ",
            await call("dic-licensing").run { options in
                try await licensing.getLicenceStatistics(
                    APILicenceStatisticsRequest(from: from, through: through), options: options)
            })
        async let plan = counter.finished(
            "dic-dx: kế hoạch và kết quả chỉ tiêu",
            await call("dic-dx").run { options in
                try await dx.getPlanResults(APIGetPlanResultsRequest(period: period), options: options)
            })
        async let tasks = counter.finished(
            "dic-dx: nhiệm vụ",
            await call("dic-dx").run { options in
                try await dx.listTasks(APIListTasksRequest(year: Int32(year), today: asOf), options: options)
            })
        async let recommendations = counter.finished(
            "dic-dx: kiến nghị của cơ sở",
            await call("dic-dx").run { options in
                try await dx.countRecommendations(
                    APIRecommendationCountsRequest(from: from, through: through), options: options)
            })
        async let versions = withTaskGroup(of: (Int, QuarterlyReport.Provenance.Source).self) { group in
            for (index, (name, client)) in zip(Self.serviceNames, [sources.licensing, sources.telecom, sources.dx])
                .enumerated()
            {
                group.addTask {
                    let admin = ServiceAdminService.Client(client)
                    let info = counter.finished(
                        "\(name): phiên bản",
                        await call(name).run { options in
                            try await admin.getServiceInfo(ServiceInfoRequest(), options: options)
                        })
                    return (index, .init(service: name, version: (try? info.get().version) ?? ""))
                }
            }
            var sources: [(Int, QuarterlyReport.Provenance.Source)] = []
            for await source in group { sources.append(source) }
            return sources.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let planResult = await plan
        // Indicators other services compute, asked of the telecom service for the plan's codes.
        let externalCodes =
            (try? planResult.get())?.results.compactMap {
                $0.kpi?.externalService == "telecom" ? $0.kpi?.externalCode : nil
            } ?? []
        let telecom = IndicatorsService.Client(sources.telecom)
        let readings = counter.finished(
            "dic-telecom: chỉ tiêu hạ tầng",
            await call("dic-telecom").run { options in
                try await telecom.computeIndicators(
                    ComputeIndicatorsRequest(codes: externalCodes, period: period), options: options)
            })

        // Every failure once, in the order met; the sections it affects say the same words.
        var failures: [String] = []
        func unavailable(_ failure: ServiceCall.Failure) -> String {
            let text = "\(failure.service) không trả lời (\(failure.reason))"
            if !failures.contains(text) { failures.append(text) }
            return text
        }

        var licensingSection = QuarterlyReport.Section(
            key: "2.1", title: "2.1. Lĩnh vực thông tin - báo chí - xuất bản")
        switch await statistics {
        case .success(let statistics):
            let counts = statistics.actions.map {
                LicensingFigures.Count(
                    kind: Self.name(of: $0.kind), action: Self.name(of: $0.action), count: Int($0.count))
            }
            if let sentence = LicensingFigures.sentence(counts) { licensingSection.figures.append(sentence) }
            if let dossiers = statistics.dossiers, dossiers.received > 0 {
                licensingSection.figures.append(Self.dossierSentence(dossiers))
            }
        case .failure(let failure):
            licensingSection.unavailable = unavailable(failure)
        }

        var telecomSection = QuarterlyReport.Section(key: "2.2", title: "2.2. Lĩnh vực bưu chính - viễn thông")
        var external: [String: KPITable.Reading] = [:]
        switch readings {
        case .success(let response):
            for value in response.values {
                external[value.code] = KPITable.Reading(value: value.value, note: value.note)
            }
        case .failure(let failure):
            telecomSection.unavailable = unavailable(failure)
        }

        var dxSection = QuarterlyReport.Section(key: "2.3", title: "2.3. Lĩnh vực công nghệ thông tin, chuyển đổi số")
        var kpis: [QuarterlyReport.KPIRow] = []
        switch planResult {
        case .success(let response):
            let lines = response.results.compactMap { result -> KPITable.PlanLine? in
                guard let kpi = result.kpi else { return nil }
                var line = KPITable.PlanLine(
                    order: Int(kpi.order), code: kpi.code, name: kpi.name, unit: kpi.unit,
                    direction: kpi.direction == .lowerIsBetter
                        ? .lowerIsBetter : kpi.direction == .rank ? .rank : .higherIsBetter,
                    target: result.target, measuredResult: kpi.measured ? result.result : nil,
                    externalCode: kpi.measured ? nil : kpi.externalCode,
                    targetText: kpi.targets.first { $0.year == Int32(year) }?.text ?? "",
                    decimals: kpi.decimals.map(Int.init) ?? 1)
                line.assessEachQuarter = kpi.assessEachQuarter
                return line
            }
            kpis = KPITable.rows(lines, external: external, quarter: quarter)
            for line in lines.sorted(by: { $0.order < $1.order }) {
                let value = line.externalCode.map { external[$0]?.value } ?? line.measuredResult
                guard let value else { continue }
                let figure = VietnameseNumbers.decimal(value, decimals: line.decimals)
                let sentence = "\(line.name): \(figure)\(line.unit == "%" ? "%" : " " + line.unit.lowercased())."
                if line.externalCode.map(Self.isGrassrootsRadio) == true {
                    // Commune radio is grassroots information: 2.1, as the department reports it.
                    licensingSection.figures.append(sentence)
                } else if line.externalCode != nil {
                    telecomSection.figures.append(sentence)
                } else {
                    dxSection.figures.append(sentence)
                }
            }
        case .failure(let failure):
            dxSection.unavailable = unavailable(failure)
        }

        var taskRows: [QuarterlyReport.TaskRow] = []
        var nextQuarter: [String] = []
        var overdue: [String] = []
        switch await tasks {
        case .success(let response):
            let ordered = response.tasks.sorted {
                ($0.deadline?.year ?? 0, $0.deadline?.month ?? 0, $0.deadline?.day ?? 0, $0.code) < (
                    $1.deadline?.year ?? 0, $1.deadline?.month ?? 0, $1.deadline?.day ?? 0, $1.code
                )
            }
            taskRows = ordered.enumerated().map { index, task in
                QuarterlyReport.TaskRow(
                    number: index + 1, title: task.title,
                    due: task.deadline.map { "Tháng \($0.month)/\($0.year)" } ?? "",
                    result: Self.words(task.status, due: task.deadline, reportYear: year, reportQuarter: quarter))
            }
            let next = quarter == 4 ? 1 : quarter + 1
            nextQuarter = ordered.filter { task in
                guard let month = task.deadline?.month else { return false }
                return (Int(month) - 1) / 3 + 1 == next && quarter != 4
            }.map(\.title)
            overdue = ordered.filter { $0.status == .overdue }.map(\.title)
        case .failure(let failure):
            _ = unavailable(failure)
        }

        // Part I in the seed's order; sections only people can write appear when they have.
        var sections: [QuarterlyReport.Section] = []
        for (key, title) in Self.narrativeOnlyBefore where narratives[key]?.isEmpty == false {
            sections.append(QuarterlyReport.Section(key: key, title: title))
        }
        sections += [licensingSection, telecomSection, dxSection]
        for (key, title) in Self.narrativeOnlyAfter where narratives[key]?.isEmpty == false {
            sections.append(QuarterlyReport.Section(key: key, title: title))
        }
        for index in sections.indices { sections[index].narrative = narratives[sections[index].key] ?? [] }

        // Difficulties: what people wrote, and what the figures show (targets not met, overdue tasks).
        var difficulties = QuarterlyReport.Section(
            key: "5", title: "5. Khó khăn, hạn chế, nguyên nhân", narrative: narratives["5"] ?? [])
        let notMet = kpis.filter { $0.assessment == KPITable.notMet }
        if !notMet.isEmpty {
            difficulties.figures.append(
                "Chỉ tiêu chưa đạt kế hoạch năm: "
                    + notMet.map {
                        "\($0.name) (\($0.result)\($0.unit == "%" ? "%" : "")/\($0.target)\($0.unit == "%" ? "%" : ""))"
                    }
                    .joined(separator: "; ") + ".")
        }
        if !overdue.isEmpty {
            difficulties.figures.append("Nhiệm vụ quá hạn chưa hoàn thành: " + overdue.joined(separator: "; ") + ".")
        }

        // The districts' recommendations received in the quarter, by subject, and how many were answered.
        var local = QuarterlyReport.Section(
            key: "8", title: "8. Tổng hợp khó khăn, vướng mắc, kiến nghị của cơ sở", narrative: narratives["8"] ?? [])
        switch await recommendations {
        case .success(let counts) where counts.received > 0:
            let subjects = counts.categories.sorted { ($1.received, $0.category) < ($0.received, $1.category) }
                .map { "\($0.category): \(VietnameseNumbers.count(Int($0.received)))" }
            local.figures.append(
                "Tiếp nhận \(VietnameseNumbers.count(Int(counts.received))) kiến nghị của cơ sở trong kỳ ("
                    + subjects.joined(separator: "; ")
                    + "); đã trả lời \(VietnameseNumbers.count(Int(counts.answered))), "
                    + "còn \(VietnameseNumbers.count(Int(counts.received - counts.answered))) chưa trả lời.")
        case .success: break
        case .failure(let failure): local.unavailable = unavailable(failure)
        }
        let laterSections = [difficulties, local].filter {
            !$0.narrative.isEmpty || !$0.figures.isEmpty || $0.unavailable != nil
        }

        let nextQuarterIndex = quarter == 4 ? 1 : quarter + 1
        let nextYear = quarter == 4 ? year + 1 : year
        let title =
            quarter == 4
            ? "Kết quả thực hiện nhiệm vụ năm \(year) và nhiệm vụ công tác trọng tâm quý I năm \(nextYear)"
            : "Kết quả thực hiện nhiệm vụ quý \(Self.roman[quarter - 1]) và nhiệm vụ công tác trọng tâm quý \(Self.roman[nextQuarterIndex - 1]) năm \(year)"
        let partOne =
            quarter == 4
            ? "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM \(year)"
            : "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ \(Self.roman[quarter - 1])/\(year)"
        let partTwo = "II. NHIỆM VỤ CÔNG TÁC TRỌNG TÂM QUÝ \(Self.roman[nextQuarterIndex - 1]) NĂM \(nextYear)"
        return QuarterlyReport(
            header: .init(
                authority: letterhead.authority, department: letterhead.department,
                number: "Số:      \(letterhead.numberSuffix)",
                placeAndDate: "\(letterhead.place), ngày      tháng     năm \(year)",
                title: title, recipients: letterhead.recipients),
            partOneTitle: partOne, sections: sections, kpis: kpis, tasks: taskRows,
            laterSections: laterSections,
            partTwoTitle: partTwo, nextQuarterNarrative: narratives["II"] ?? [], nextQuarter: nextQuarter,
            unavailable: failures,
            provenance: .init(snapshotAt: Self.vietnamTime(now), sources: await versions))
    }

    /// Part I sections with no figures behind them, shown when people have written them.
    static let narrativeOnlyBefore = [("1", "1. Công tác tham mưu xây dựng cơ chế, chính sách")]
    static let narrativeOnlyAfter = [
        ("2.4", "2.4. Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo"), ("3", "3. Công tác khác"),
    ]
    /// Every key a narrative may be filed under.
    public static let narrativeSections = ["1", "2.1", "2.2", "2.3", "2.4", "3", "5", "8", "II"]

    /// "20:15 ngày 31/03/2023", in Vietnam's time (UTC+7, no daylight saving).
    static func vietnamTime(_ date: Foundation.Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(two(c.hour)):\(two(c.minute)) ngày \(two(c.day))/\(two(c.month))/\(c.year ?? 0)"
    }

    /// The commune radio indicators (telecom computes them, the report puts them under 2.1).
    static func isGrassrootsRadio(_ code: String) -> Bool {
        code == "telecom.communes_with_operating_radio" || code.hasPrefix("telecom.radio_")
    }

    static func dossierSentence(_ d: APIDossierCounts) -> String {
        var parts = ["Tiếp nhận \(VietnameseNumbers.count(Int(d.received))) hồ sơ thủ tục hành chính"]
        if d.receivedOnline > 0 {
            parts[0] +=
                " (trực tuyến \(VietnameseNumbers.count(Int(d.receivedOnline)))"
                + (d.onlineRatePercent.map { ", đạt \(VietnameseNumbers.decimal($0))%" } ?? "") + ")"
        }
        let decided = d.resolvedEarly + d.resolvedOnTime + d.resolvedLate
        if decided > 0 {
            parts.append(
                "giải quyết \(VietnameseNumbers.count(Int(decided))) hồ sơ, trong đó đúng và trước hạn "
                    + "\(VietnameseNumbers.count(Int(d.resolvedEarly + d.resolvedOnTime))), quá hạn \(VietnameseNumbers.count(Int(d.resolvedLate)))"
            )
        }
        if d.pendingWithinTime + d.pendingOverdue > 0 {
            parts.append(
                "đang giải quyết \(VietnameseNumbers.count(Int(d.pendingWithinTime + d.pendingOverdue))) hồ sơ "
                    + "(quá hạn \(VietnameseNumbers.count(Int(d.pendingOverdue))))")
        }
        return parts.joined(separator: "; ") + "."
    }

    /// A task's result as the department writes it at the end of the report's quarter: an open task
    /// due by the end of the next quarter is under way ("Đang thực hiện"); one due the quarter
    /// after is done when its period comes ("Thực hiện khi đến kỳ báo cáo"); one due later is left
    /// blank, as the department's reports leave it.
    static func words(_ status: APITaskStatus, due: CommonAPI.Date?, reportYear: Int, reportQuarter: Int) -> String {
        switch status {
        case .doneOnTime: return "Đã hoàn thành đúng hạn"
        case .doneLate: return "Đã hoàn thành, chậm so với thời hạn"
        case .overdue: return "Quá hạn, chưa hoàn thành"
        case .unspecified, .unrecognized: return ""
        case .inProgress:
            guard let due else { return "Đang thực hiện" }
            let ahead = (Int(due.year) * 4 + (Int(due.month) - 1) / 3) - (reportYear * 4 + reportQuarter - 1)
            switch ahead {
            case ...1: return "Đang thực hiện"
            case 2: return "Thực hiện khi đến kỳ báo cáo"
            default: return ""
            }
        }
    }

    /// The licensing service's enum names as the domain's raw values (LICENCE_KIND_WEBSITE -> website).
    static func name(of kind: APILicenceKind) -> String {
        switch kind {
        case .website: "website"
        case .newsletter: "newsletter"
        case .nonCommercialPublication: "nonCommercialPublication"
        case .printingPress: "printingPress"
        case .printingPublications: "printingPublications"
        case .printFacilityRegistration: "printFacilityRegistration"
        case .unspecified, .unrecognized: ""
        }
    }

    static func name(of action: APILicenceAction) -> String {
        String(describing: action)
    }
}
