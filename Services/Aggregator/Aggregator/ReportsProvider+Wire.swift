import CommonAPI
import Foundation
import RPCCore
import Report
import ReportAPI

extension ReportsProvider {
    static func year(_ year: Int32, field: String = "") throws(RPCError) -> Int {
        guard (2000...2100).contains(year) else {
            throw RPCError(.invalidArgument, "\(field)year: \(year) is not a year from 2000 to 2100")
        }
        return Int(year)
    }

    static func quarter(year: Int32, quarter: Int32, field: String = "") throws(RPCError) -> (Int, Int) {
        let year = try Self.year(year, field: field)
        guard (1...4).contains(quarter) else {
            throw RPCError(.invalidArgument, "\(field)quarter: \(quarter) is not 1 to 4")
        }
        return (year, Int(quarter))
    }

    static func render(
        _ report: QuarterlyReport, _ format: APIReportFormat
    ) throws -> (content: [UInt8], contentType: String, suffix: String) {
        switch format {
        case .html, .unspecified, .unrecognized:
            (Array(HTMLRenderer.render(report).utf8), "text/html; charset=utf-8", "html")
        case .markdown: (Array(MarkdownRenderer.render(report).utf8), "text/markdown; charset=utf-8", "md")
        case .json: (Array(try JSONRenderer.render(report).utf8), "application/json", "json")
        case .csv: (Array(TableCSV.both(report).utf8), "text/csv; charset=utf-8", "csv")
        case .docx:
            (
                try DOCXRenderer.render(report),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
            )
        }
    }

    static func summary(_ stored: ReportStore.Stored) -> APIReportSummary {
        APIReportSummary(
            id: stored.id, year: Int32(stored.year), quarter: Int32(stored.quarter), title: stored.report.header.title,
            snapshotAt: timestamp(stored.snapshotAtMs), generatedAt: timestamp(stored.generatedAtMs),
            sources: (stored.report.provenance?.sources ?? []).map {
                APISourceService(service: $0.service, version: $0.version)
            },
            complete: stored.report.complete, unavailable: stored.report.unavailable, generatedBy: stored.generatedBy,
            finalisedAt: stored.finalisedAtMs.map(timestamp), finalisedBy: stored.finalisedBy)
    }

    static func wire(_ narrative: ReportStore.Narrative) -> APINarrative {
        APINarrative(
            year: Int32(narrative.year), quarter: Int32(narrative.quarter), section: narrative.section,
            paragraphs: narrative.paragraphs, updatedAt: timestamp(narrative.updatedAtMs),
            updatedBy: narrative.updatedBy)
    }

    static func timestamp(_ milliseconds: Int64) -> Timestamp {
        Timestamp(seconds: milliseconds / 1000, nanos: Int32(milliseconds % 1000) * 1_000_000)
    }

    static func milliseconds(_ date: Foundation.Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
