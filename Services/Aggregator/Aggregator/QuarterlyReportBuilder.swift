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
import VietnameseNumbers

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

    let sources: Sources
    let letterheads: LetterheadHistory
    let deadline: Duration

    public init(
        sources: Sources, letterheads: LetterheadHistory = .bacKan, deadline: Duration = .seconds(10)
    ) {
        self.sources = sources
        self.letterheads = letterheads
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

        /// Reports under the count's lock: two steps finishing at once on two threads were counted
        /// 3 and 4 but could be reported 4 then 3, and the progress went backwards.
        func finished<T>(_ step: String, _ result: Result<T, ServiceCall.Failure>) -> Result<T, ServiceCall.Failure> {
            done.withLock { done in
                done += 1
                switch result {
                case .success: report(Progress(step: step, done: done, total: total, ok: true, detail: ""))
                case .failure(let failure):
                    report(Progress(step: step, done: done, total: total, ok: false, detail: failure.reason))
                }
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
        year: Int, quarter: Int, narratives: [String: [String]] = [:], office: Office = Office(),
        withAnalysis: Bool = false, deadline callerDeadline: ContinuousClock.Instant? = nil,
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
        let counter = ProgressCounter(total: withAnalysis ? 10 : 8, report: progress)
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
                try await Self.planResults(dx, period: period, options: options)
            })
        async let tasks = counter.finished(
            "dic-dx: nhiệm vụ",
            await call("dic-dx").run { options in
                try await Self.tasks(dx, year: Int32(year), asOf: asOf, options: options)
            })
        async let recommendations = counter.finished(
            "dic-dx: kiến nghị của cơ sở",
            await call("dic-dx").run { options in
                try await Self.recommendations(dx, from: from, through: through, options: options)
            })
        // The same quarter a year earlier, for the analysis annex.
        let lastYear = ReportingPeriod(.quarter, year: year - 1, index: quarter)
        async let lastYearPlan: Result<APIGetPlanResultsResponse, ServiceCall.Failure>? =
            withAnalysis
            ? counter.finished(
                "dic-dx: kết quả cùng kỳ năm trước",
                await call("dic-dx").run { options in
                    try await Self.planResults(dx, period: lastYear?.wire, options: options)
                }) : nil
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
        let lastYearReadings: Result<ComputeIndicatorsResponse, ServiceCall.Failure>? =
            withAnalysis
            ? counter.finished(
                "dic-telecom: chỉ tiêu hạ tầng cùng kỳ năm trước",
                await call("dic-telecom").run { options in
                    try await telecom.computeIndicators(
                        ComputeIndicatorsRequest(codes: externalCodes, period: lastYear?.wire), options: options)
                }) : nil

        // Every failure once, in the order met; the sections it affects say the same words.
        var failures: [String] = []
        func unavailable(_ failure: ServiceCall.Failure) -> String {
            let text = "\(failure.service) không trả lời (\(failure.reason))"
            if !failures.contains(text) { failures.append(text) }
            return text
        }

        var figures: [String: [String]] = [:]
        var unavailableIn: [String: String] = [:]
        switch await statistics {
        case .success(let statistics):
            let counts = statistics.actions.map {
                LicensingFigures.Count(
                    kind: Self.name(of: $0.kind), action: Self.name(of: $0.action), count: Int($0.count))
            }
            if let sentence = LicensingFigures.sentence(counts) { figures["2.1", default: []].append(sentence) }
            if let dossiers = statistics.dossiers, dossiers.received > 0 {
                figures["2.1", default: []].append(Self.dossierSentence(dossiers))
            }
            var tallies: [Enforcement] = []
            for count in statistics.enforcement {
                let field = Self.field(of: count.kind)
                if let index = tallies.firstIndex(where: { $0.field == field }) {
                    tallies[index].inspections += Int(count.inspections)
                    tallies[index].sanctions += Int(count.sanctions)
                    tallies[index].fines += count.finesVnd
                } else {
                    tallies.append(
                        Enforcement(
                            field: field, inspections: Int(count.inspections), sanctions: Int(count.sanctions),
                            fines: count.finesVnd))
                }
            }
            figures["2.4", default: []] += Self.enforcementSentence(tallies)
        case .failure(let failure):
            unavailableIn["2.1"] = unavailable(failure)
            unavailableIn["2.4"] = unavailable(failure)
        }

        var external: [String: KPITable.Reading] = [:]
        switch readings {
        case .success(let response):
            for value in response.values {
                external[value.code] = KPITable.Reading(value: value.value, note: value.note)
            }
        case .failure(let failure):
            unavailableIn["2.2"] = unavailable(failure)
        }

        var kpis: [QuarterlyReport.KPIRow] = []
        var lines: [KPITable.PlanLine] = []
        var decisions: [String] = []
        switch planResult {
        case .success(let response):
            lines = response.results.compactMap { Self.planLine($0, year: year) }
            decisions = Self.decisionNumbers(response.results.map(\.targetDecision))
            kpis = KPITable.rows(lines, external: external, quarter: quarter)
            for line in lines.sorted(by: { $0.order < $1.order }) {
                let value = line.externalCode.map { external[$0]?.value } ?? line.measuredResult
                let section =
                    line.externalCode.map { Self.isGrassrootsRadio($0) ? "2.1" : "2.2" } ?? "2.3"
                if !line.overrideText.isEmpty {
                    figures[section, default: []].append("\(line.name): \(line.overrideText).")
                    continue
                }
                guard let value else { continue }
                let figure = VietnameseNumbers.decimal(value, decimals: line.decimals)
                figures[section, default: []].append(
                    "\(line.name): \(figure)\(line.unit == "%" ? "%" : " " + line.unit.lowercased()).")
            }
            // Targets of the year not met (the last quarter's verdict), under their sector's difficulties.
            for (row, line) in zip(kpis, lines.filter { $0.target != nil }.sorted { $0.order < $1.order })
            where row.assessment == KPITable.notMet {
                let unit = row.unit == "%" ? "%" : ""
                figures[Self.difficultySector(externalCode: line.externalCode), default: []].append(
                    "Chỉ tiêu \"\(row.name)\" chưa đạt kế hoạch năm (\(row.result)\(unit)/\(row.target)\(unit)).")
            }
        case .failure(let failure):
            unavailableIn["2.3"] = unavailable(failure)
            unavailableIn["4"] = unavailable(failure)
        }

        var taskRows: [QuarterlyReport.TaskRow] = []
        var nextQuarter: [String] = []
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
            }.map { Self.sentenceBody($0.title) + "." }
            let overdue = ordered.filter { $0.status == .overdue }.map(\.title)
            if !overdue.isEmpty {
                figures["5.1.c", default: []].append(
                    "Nhiệm vụ quá hạn chưa hoàn thành: " + overdue.joined(separator: "; ") + ".")
            }
        case .failure(let failure):
            unavailableIn["4"] = unavailable(failure)
        }

        let quarterName = "Quý \(Self.roman[quarter - 1])/\(year)"
        var answers: [QuarterlyReport.AnswerRow]?
        switch await recommendations {
        case .success(let list):
            figures["7", default: []] += Self.recommendationsSentence(list, quarterName: quarterName)
            answers = list.isEmpty ? nil : Self.answerRows(list, names: office.unitNames)
        case .failure(let failure):
            unavailableIn["7"] = unavailable(failure)
        }
        let intake = office.districtEntries.filter { $0.year == year && $0.quarter == quarter }
        figures["6", default: []] += Self.districtActivities(intake, names: office.unitNames)
        figures["8", default: []] += Self.difficultiesSentence(intake, quarterName: quarterName)

        // The register: the quarter's documents under their sections, next quarter's planned ones in Part II.
        let nextPeriod =
            quarter == 4
            ? ReportingPeriod(.quarter, year: year + 1, index: 1)
            : ReportingPeriod(.quarter, year: year, index: quarter + 1)
        var items: [String: [String]] = [:]
        var planned: [String] = []
        for document in office.documents.sorted(by: { ($0.issuedOn, $0.number) < ($1.issuedOn, $1.number) }) {
            if document.section == ReportOutline.partTwo {
                if let nextPeriod, nextPeriod.start <= document.issuedOn, document.issuedOn <= nextPeriod.end {
                    planned.append(Self.sentenceBody(document.citation) + ".")
                }
            } else if quarterPeriod.start <= document.issuedOn, document.issuedOn <= quarterPeriod.end {
                items[document.section, default: []].append(Self.sentenceBody(document.citation) + ";")
            }
        }
        // A list ends with a full stop, its other lines with a semicolon.
        for (key, list) in items {
            guard let last = list.last else { continue }
            items[key] = list.dropLast() + [String(last.dropLast()) + "."]
        }

        // Part I in the department's order: every section, each saying so when nothing fills it.
        var sections: [QuarterlyReport.Section] = []
        for entry in ReportOutline.partOne {
            var title = entry.title
            if entry.key == "4" { title = Self.tableTitle(decisions: decisions, register: office.documents) }
            if entry.key == "8" {
                title =
                    "Tổng hợp khó khăn vướng mắc của cơ sở cần xin ý kiến, trao đổi tại Hội nghị giao ban "
                    + "Quý \(Self.roman[quarter - 1]) của Sở"
            }
            // Numbered as printed ("2.1. Lĩnh vực …"); a lettered sub-section gets its letter when printed.
            if !entry.optional { title = ReportOutline.heading(key: entry.key, title: title) }
            let section = QuarterlyReport.Section(
                key: entry.key, title: title, narrative: narratives[entry.key] ?? [], figures: figures[entry.key] ?? [],
                unavailable: unavailableIn[entry.key], items: items[entry.key], isGroup: entry.isGroup ? true : nil)
            if entry.optional && section.isEmpty { continue }
            sections.append(section)
        }

        let letterhead =
            letterheads.letterhead(on: quarterPeriod.end)
            ?? Letterhead(
                from: quarterPeriod.start, authority: "", department: "", place: "", numberSuffix: "/BC",
                recipients: [], copiesTo: [])
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

        var analysis: [QuarterlyReport.AnalysisRow]?
        if withAnalysis, let lastYearPlan = await lastYearPlan {
            var previous: [String: Double] = [:]
            if case .success(let response) = lastYearPlan {
                for result in response.results {
                    if let value = result.result { previous[result.kpi?.code ?? ""] = value }
                }
            }
            if case .success(let response) = lastYearReadings {
                for value in response.values { if let number = value.value { previous[value.code] = number } }
            }
            analysis = KPITable.analysis(lines, rows: kpis, lastYear: previous)
        }

        var report = QuarterlyReport(
            header: .init(
                authority: letterhead.authority, department: letterhead.department,
                number: "Số:      \(letterhead.numberSuffix)",
                placeAndDate: "\(letterhead.place), ngày      tháng     năm \(year)",
                title: title, recipients: letterhead.recipients, copiesTo: letterhead.copiesTo,
                signerTitle: letterhead.signerTitle, signerName: letterhead.signerName, draft: true),
            partOneTitle: partOne, sections: sections, kpis: kpis, tasks: taskRows,
            partTwoTitle: partTwo, nextQuarterNarrative: narratives[ReportOutline.partTwo] ?? [],
            nextQuarter: planned + nextQuarter,
            unavailable: failures,
            provenance: .init(snapshotAt: Self.vietnamTime(now), sources: await versions), tableSection: "4",
            answers: answers, analysis: analysis)
        report.year = year
        report.quarter = quarter
        return report
    }

    /// A plan line from the DX service's result, with the override set for the period.
    static func planLine(_ result: APIPlanResult, year: Int) -> KPITable.PlanLine? {
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
        line.overrideText = result.override?.text ?? ""
        line.overrideNote = result.override?.note ?? ""
        return line
    }

    /// The plan's results for a period, every page of them.
    static func planResults(
        _ dx: APIDigitalTransformationService.Client, period: CommonAPI.Period?, options: CallOptions
    ) async throws -> APIGetPlanResultsResponse {
        APIGetPlanResultsResponse(
            results: try await PageRequest.all { page in
                let found = try await dx.getPlanResults(
                    APIGetPlanResultsRequest(period: period, page: page), options: options)
                return (found.results, found.page)
            })
    }

    /// The year's tasks, every page of them.
    static func tasks(
        _ dx: APIDigitalTransformationService.Client, year: Int32, asOf: CommonAPI.Date?, options: CallOptions
    ) async throws -> APIListTasksResponse {
        APIListTasksResponse(
            tasks: try await PageRequest.all { page in
                let found = try await dx.listTasks(
                    APIListTasksRequest(year: year, today: asOf, page: page), options: options)
                return (found.tasks, found.page)
            })
    }

    /// Every recommendation received in the period, page by page (at most 10,000).
    static func recommendations(
        _ dx: APIDigitalTransformationService.Client, from: CommonAPI.Date, through: CommonAPI.Date,
        options: CallOptions
    ) async throws -> [Answered] {
        var list: [Answered] = []
        var token = ""
        for _ in 0..<20 {
            let page = try await dx.listRecommendations(
                APIListRecommendationsRequest(
                    from: from, through: through, page: PageRequest(pageSize: 500, pageToken: token)),
                options: options)
            list += page.recommendations.map {
                Answered(
                    receivedOn: $0.receivedOn.flatMap {
                        CalendarDate(year: Int($0.year), month: Int($0.month), day: Int($0.day))
                    },
                    unitCode: $0.unitCode, topic: $0.category, content: $0.content, answer: $0.answer,
                    answeredOn: $0.answeredOn.flatMap {
                        CalendarDate(year: Int($0.year), month: Int($0.month), day: Int($0.day))
                    })
            }
            token = page.page?.nextPageToken ?? ""
            if token.isEmpty { break }
        }
        return list.sorted { ($0.receivedOn.map { "\($0)" } ?? "") < ($1.receivedOn.map { "\($0)" } ?? "") }
    }

    /// The field a licence kind's inspections and sanctions are reported under.
    static func field(of kind: APILicenceKind) -> String {
        switch kind {
        case .website: "thông tin điện tử"
        case .newsletter, .nonCommercialPublication, .printingPress, .printingPublications, .printFacilityRegistration:
            "xuất bản, in và phát hành"
        case .unspecified, .unrecognized: "lĩnh vực khác"
        }
    }

    /// Every key a narrative may be filed under: each section of Part I, and Part II.
    public static let narrativeSections = ReportOutline.keys

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
