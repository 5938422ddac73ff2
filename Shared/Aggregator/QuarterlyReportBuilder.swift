import AdminUnits
import CommonAPI
import DXAPI
import DXMetrics
import Foundation
import Indicators
import LicensingAPI
import RPCCore
import Report

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

    public func build(year: Int, quarter: Int) async throws -> QuarterlyReport {
        guard (1...4).contains(quarter), (2000...2100).contains(year) else {
            throw RPCError(.invalidArgument, "quarter: \(year) Q\(quarter) is not a quarter")
        }
        guard let quarterPeriod = ReportingPeriod(.quarter, year: year, index: quarter) else {
            throw RPCError(.invalidArgument, "quarter: \(year) Q\(quarter) is not a quarter")
        }
        let period = quarterPeriod.wire
        let from = quarterPeriod.start.proto
        let through = quarterPeriod.end.proto

        let licensing = APILicensingService.Client(sources.licensing)
        let dx = APIDigitalTransformationService.Client(sources.dx)
        async let statistics = ServiceCall(service: "dic-licensing", deadline: deadline).run { options in
            try await licensing.getLicenceStatistics(
                APILicenceStatisticsRequest(from: from, through: through), options: options)
        }
        async let plan = ServiceCall(service: "dic-dx", deadline: deadline).run { options in
            try await dx.getPlanResults(APIGetPlanResultsRequest(period: period), options: options)
        }
        async let tasks = ServiceCall(service: "dic-dx", deadline: deadline).run { options in
            try await dx.listTasks(APIListTasksRequest(year: Int32(year)), options: options)
        }
        let planResult = await plan
        // Indicators other services compute, asked of the telecom service for the plan's codes.
        let externalCodes =
            (try? planResult.get())?.results.compactMap {
                $0.kpi?.externalService == "telecom" ? $0.kpi?.externalCode : nil
            } ?? []
        let telecom = IndicatorsService.Client(sources.telecom)
        let readings = await ServiceCall(service: "dic-telecom", deadline: deadline).run { options in
            try await telecom.computeIndicators(
                ComputeIndicatorsRequest(codes: externalCodes, period: period), options: options)
        }

        var failures: [ServiceCall.Failure] = []
        var sections: [QuarterlyReport.Section] = []

        var licensingSection = QuarterlyReport.Section(title: "2.1. Lĩnh vực thông tin - báo chí - xuất bản")
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
            failures.append(failure)
            licensingSection.unavailable = "\(failure.service) không trả lời (\(failure.reason))"
        }
        sections.append(licensingSection)

        var telecomSection = QuarterlyReport.Section(title: "2.2. Lĩnh vực bưu chính - viễn thông")
        var external: [String: KPITable.Reading] = [:]
        switch readings {
        case .success(let response):
            for value in response.values {
                external[value.code] = KPITable.Reading(value: value.value, note: value.note)
            }
        case .failure(let failure):
            failures.append(failure)
            telecomSection.unavailable = "\(failure.service) không trả lời (\(failure.reason))"
        }

        var dxSection = QuarterlyReport.Section(title: "2.3. Lĩnh vực công nghệ thông tin, chuyển đổi số")
        var kpis: [QuarterlyReport.KPIRow] = []
        switch planResult {
        case .success(let response):
            let lines = response.results.compactMap { result -> KPITable.PlanLine? in
                guard let kpi = result.kpi else { return nil }
                return KPITable.PlanLine(
                    order: Int(kpi.order), code: kpi.code, name: kpi.name, unit: kpi.unit,
                    direction: kpi.direction == .lowerIsBetter
                        ? .lowerIsBetter : kpi.direction == .rank ? .rank : .higherIsBetter,
                    target: result.target, measuredResult: kpi.measured ? result.result : nil,
                    externalCode: kpi.measured ? nil : kpi.externalCode)
            }
            kpis = KPITable.rows(lines, external: external)
            for line in lines.sorted(by: { $0.order < $1.order }) {
                let value = line.externalCode.map { external[$0]?.value } ?? line.measuredResult
                guard let value else { continue }
                let sentence =
                    "\(line.name): \(VietnameseNumbers.decimal(value))\(line.unit == "%" ? "%" : " " + line.unit.lowercased())."
                if line.externalCode != nil {
                    telecomSection.figures.append(sentence)
                } else {
                    dxSection.figures.append(sentence)
                }
            }
        case .failure(let failure):
            failures.append(failure)
            dxSection.unavailable = "\(failure.service) không trả lời (\(failure.reason))"
        }
        sections += [telecomSection, dxSection]

        var taskRows: [QuarterlyReport.TaskRow] = []
        var nextQuarter: [String] = []
        switch await tasks {
        case .success(let response):
            let ordered = response.tasks.sorted {
                ($0.deadline?.month ?? 0, $0.deadline?.day ?? 0, $0.code) < (
                    $1.deadline?.month ?? 0, $1.deadline?.day ?? 0, $1.code
                )
            }
            taskRows = ordered.enumerated().map { index, task in
                QuarterlyReport.TaskRow(
                    number: index + 1, title: task.title,
                    due: task.deadline.map { "Tháng \($0.month)/\($0.year)" } ?? "", result: Self.words(task.status))
            }
            let next = quarter == 4 ? 1 : quarter + 1
            nextQuarter = ordered.filter { task in
                guard let month = task.deadline?.month else { return false }
                return (Int(month) - 1) / 3 + 1 == next && quarter != 4
            }.map(\.title)
        case .failure(let failure):
            if !failures.contains(failure) { failures.append(failure) }
        }

        let nextQuarterIndex = quarter == 4 ? 1 : quarter + 1
        let nextYear = quarter == 4 ? year + 1 : year
        let title =
            quarter == 4
            ? "Kết quả thực hiện nhiệm vụ năm \(year) và nhiệm vụ công tác trọng tâm quý I năm \(nextYear)"
            : "Kết quả thực hiện nhiệm vụ quý \(Self.roman[quarter - 1]) và nhiệm vụ công tác trọng tâm quý \(Self.roman[nextQuarterIndex - 1]) năm \(year)"
        return QuarterlyReport(
            header: .init(
                authority: letterhead.authority, department: letterhead.department,
                number: "Số:      \(letterhead.numberSuffix)",
                placeAndDate: "\(letterhead.place), ngày      tháng     năm \(year)",
                title: title, recipients: letterhead.recipients),
            sections: sections, kpis: kpis, tasks: taskRows, nextQuarter: nextQuarter, complete: failures.isEmpty)
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

    static func words(_ status: APITaskStatus) -> String {
        switch status {
        case .doneOnTime: "Đã hoàn thành đúng hạn"
        case .doneLate: "Đã hoàn thành, chậm so với thời hạn"
        case .inProgress: "Đang thực hiện"
        case .overdue: "Quá hạn, chưa hoàn thành"
        case .unspecified, .unrecognized: ""
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
