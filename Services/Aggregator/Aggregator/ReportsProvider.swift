import CalendarDates
import CommonAPI
import Foundation
import RPCCore
import Report
import ReportAPI
import ServiceStorage

/// `dic.report.v1.Reports`: generates the quarterly report from the services, keeps it, renders
/// it on request, and keeps people's narratives. Handlers translate; the report is built by
/// ``QuarterlyReportBuilder`` and kept by ``ReportStore``.
public struct ReportsProvider: APIReportsService.ServiceProtocol {
    let builder: QuarterlyReportBuilder
    let store: ReportStore
    let registers: OfficeRegisterStore
    let now: @Sendable () -> Foundation.Date
    /// The deployment's units' names by code (nil: the aggregator keeps no units).
    let unitNames: @Sendable () -> [String: String]?

    public init(
        builder: QuarterlyReportBuilder, database: Database,
        now: @escaping @Sendable () -> Foundation.Date = { Foundation.Date() },
        unitNames: @escaping @Sendable () -> [String: String]? = { nil }
    ) {
        self.builder = builder
        self.store = ReportStore(database: database)
        self.registers = OfficeRegisterStore(database: database)
        self.now = now
        self.unitNames = unitNames
    }

    public func generateQuarterlyReport(
        _ request: APIGenerateQuarterlyReportRequest, responses: RPCWriter<APIGenerateQuarterlyReportEvent>,
        context: ServerContext
    ) async throws {
        let (year, quarter) = try Self.quarter(year: request.year, quarter: request.quarter)
        // A retry is answered with its first report, even once the quarter is final.
        if let kept = try await store.kept(forRequestID: request.requestID) {
            try await responses.write(APIGenerateQuarterlyReportEvent(event: .report(Self.summary(kept))))
            return
        }
        try await refuseIfFinal(year: year, quarter: quarter)
        let office = try await office(year: year, quarter: quarter)
        let withAnalysis = request.withAnalysis
        let narratives = Dictionary(
            try await store.narratives(year: year, quarter: quarter).map { ($0.section, $0.paragraphs) },
            uniquingKeysWith: { first, _ in first })
        let snapshot = now()
        // The builder reports progress synchronously; the events go out in order as it works.
        let (events, sink) = AsyncStream.makeStream(of: QuarterlyReportBuilder.Progress.self)
        let builder = builder
        async let built = {
            defer { sink.finish() }
            return try await builder.build(
                year: year, quarter: quarter, narratives: narratives, office: office, withAnalysis: withAnalysis,
                deadline: context.deadline, now: snapshot,
                progress: { sink.yield($0) })
        }()
        for await progress in events {
            try await responses.write(
                APIGenerateQuarterlyReportEvent(
                    event: .progress(
                        APIReportProgress(
                            step: progress.step, done: Int32(progress.done), total: Int32(progress.total),
                            ok: progress.ok, detail: progress.detail))))
        }
        let report = try await built
        let stored = try await store.add(
            report, year: year, quarter: quarter, snapshotAtMs: Self.milliseconds(snapshot),
            generatedAtMs: Self.milliseconds(now()), generatedBy: context.principal ?? "anonymous",
            requestID: request.requestID)
        try await responses.write(APIGenerateQuarterlyReportEvent(event: .report(Self.summary(stored))))
    }

    public func listReports(
        _ request: APIListReportsRequest, context: ServerContext
    ) async throws -> APIListReportsResponse {
        if request.year != 0 { _ = try Self.year(request.year) }
        guard (0...4).contains(request.quarter) else {
            throw RPCError(.invalidArgument, "quarter: \(request.quarter) is not 1 to 4 (or 0 for any)")
        }
        let window = try PageWindow(request.page, defaultSize: 50, maximumSize: 500)
        let (reports, total) = try await store.list(
            year: Int(request.year), quarter: Int(request.quarter), limit: window.limit, offset: window.offset)
        let (page, info) = window.fitting(reports.map(Self.summary), total: total)
        return APIListReportsResponse(reports: page, page: info)
    }

    public func getReport(_ request: APIGetReportRequest, context: ServerContext) async throws -> APIReportDocument {
        let stored: ReportStore.Stored
        if !request.id.isEmpty {
            guard let found = try await store.get(id: request.id) else {
                throw RPCError(.notFound, "id: no report '\(request.id)'")
            }
            stored = found
        } else {
            let (year, quarter) = try Self.quarter(year: request.year, quarter: request.quarter)
            guard let newest = try await store.list(year: year, quarter: quarter, limit: 1, offset: 0).reports.first
            else {
                throw RPCError(.notFound, "quarter: no report for \(year) Q\(quarter) yet; generate one first")
            }
            stored = newest
        }
        let format = request.format == .unspecified ? .html : request.format
        // The snapshot is frozen; only whether it is still a draft is read from its row.
        var report = stored.report
        report.header.draft = stored.finalisedAtMs == nil
        let (content, type, suffix) = try Self.render(report, format)
        return APIReportDocument(
            summary: Self.summary(stored), format: format, contentType: type,
            fileName: "bao-cao-quy-\(stored.quarter)-\(stored.year).\(suffix)", content: content)
    }

    public func listReportSections(
        _ request: APIListReportSectionsRequest, context: ServerContext
    ) async throws -> APIListReportSectionsResponse {
        APIListReportSectionsResponse(
            sections: ReportOutline.partOne.map {
                APIReportSection(key: $0.key, title: $0.title, isGroup: $0.isGroup)
            } + [APIReportSection(key: ReportOutline.partTwo, title: "Nhiệm vụ công tác trọng tâm quý sau")])
    }

    public func finaliseReport(
        _ request: APIFinaliseReportRequest, context: ServerContext
    ) async throws -> APIReportSummary {
        do {
            guard
                let stored = try await store.finalise(
                    id: request.id, by: context.principal ?? "anonymous", atMs: Self.milliseconds(now()))
            else { throw RPCError(.notFound, "id: no report '\(request.id)'") }
            return Self.summary(stored)
        } catch let final as QuarterFinal {
            throw RPCError(
                .failedPrecondition,
                "id: \(final.year) Q\(final.quarter) already has a final report (\(final.reportID))")
        }
    }

    /// What the office's registers hold for a quarter's report: its documents and the next
    /// quarter's planned ones, the plan years' decisions, the districts' entries, the units' names.
    func office(year: Int, quarter: Int) async throws -> QuarterlyReportBuilder.Office {
        let from = CalendarDate(year: year - 1, month: 1, day: 1)
        let next = quarter == 4 ? (year + 1, 1) : (year, quarter + 1)
        let through = CalendarDate(year: next.0, month: next.1 * 3, day: 1)?.adding(months: 1)?.adding(days: -1)
        return QuarterlyReportBuilder.Office(
            documents: try await registers.documents(from: from, through: through).documents,
            districtEntries: try await registers.districtEntries(year: year, quarter: quarter),
            unitNames: unitNames() ?? [:])
    }

    public func saveNarrative(_ request: APISaveNarrativeRequest, context: ServerContext) async throws -> APINarrative {
        guard let wire = request.narrative else { throw RPCError(.invalidArgument, "narrative: required") }
        let (year, quarter) = try Self.quarter(year: wire.year, quarter: wire.quarter, field: "narrative.")
        try await refuseIfFinal(year: year, quarter: quarter)
        guard QuarterlyReportBuilder.narrativeSections.contains(wire.section) else {
            throw RPCError(
                .invalidArgument,
                "narrative.section: '\(wire.section)' is not a report section; one of "
                    + QuarterlyReportBuilder.narrativeSections.joined(separator: ", "))
        }
        var paragraphs: [String] = []
        for (index, paragraph) in wire.paragraphs.enumerated() {
            let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                throw RPCError(.invalidArgument, "narrative.paragraphs[\(index)]: empty")
            }
            guard text.count <= 20_000 else {
                throw RPCError(.invalidArgument, "narrative.paragraphs[\(index)]: longer than 20,000 characters")
            }
            paragraphs.append(text)
        }
        guard paragraphs.count <= 200 else {
            throw RPCError(.invalidArgument, "narrative.paragraphs: at most 200 paragraphs per section")
        }
        // A quarter's narratives are listed in one answer, and some twenty-five sections of a
        // request's 256 KiB each would pass the 4 MB answer: a section holds at most 64 KiB (the
        // whole of the seed report is 36 KB).
        let bytes = paragraphs.reduce(0) { $0 + $1.utf8.count }
        guard bytes <= Self.maximumNarrativeBytes else {
            throw RPCError(
                .invalidArgument,
                "narrative.paragraphs: \(bytes) bytes of text; a section holds at most \(Self.maximumNarrativeBytes)")
        }
        let narrative = ReportStore.Narrative(
            year: year, quarter: quarter, section: wire.section, paragraphs: paragraphs,
            updatedAtMs: Self.milliseconds(now()), updatedBy: context.principal ?? "anonymous")
        return try await store.save(narrative, requestID: request.requestID) { Self.wire($0) }
    }

    static let maximumNarrativeBytes = 65_536

    public func listNarratives(
        _ request: APIListNarrativesRequest, context: ServerContext
    ) async throws -> APIListNarrativesResponse {
        let (year, quarter) = try Self.quarter(year: request.year, quarter: request.quarter)
        return APIListNarrativesResponse(
            narratives: try await store.narratives(year: year, quarter: quarter).map(Self.wire))
    }
}
