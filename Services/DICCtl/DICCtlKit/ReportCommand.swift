import ArgumentParser
import CommonAPI
import Foundation
import RPCCore
import ReportAPI

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The quarterly report, dic-aggregator (default address 127.0.0.1:50054).",
        discussion: """
            `quarterly` builds the report from the services now and saves it in any format; `list` and
            `get` read the reports kept; `narrative` sets the paragraphs only people can write.
            """,
        subcommands: [
            Quarterly.self, List.self, Get.self, NarrativeCommand.self, ReportDocumentsCommand.self,
            ReportDistrictsCommand.self, ReportFinaliseCommand.self,
        ])

    static func format(_ text: String) throws -> APIReportFormat {
        switch text.lowercased() {
        case "html": .html
        case "markdown", "md": .markdown
        case "json": .json
        case "csv": .csv
        case "docx": .docx
        default: throw ValidationError("--format: '\(text)' is not html, markdown, json, csv or docx")
        }
    }

    /// Writes a document to `out` (a file, or a directory to put it in under its own name), or
    /// to standard output when `out` is empty; returns where it went.
    static func save(_ document: APIReportDocument, to out: String) throws -> String {
        guard !out.isEmpty else {
            FileHandle.standardOutput.write(Data(document.content))
            return "-"
        }
        var isDirectory: ObjCBool = false
        let path =
            FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue
            ? (out as NSString).appendingPathComponent(localFileName(document.fileName)) : out
        do {
            try Data(document.content).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("--out: cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// The server names the file; only its last path component is used, and a name that is no
    /// plain file name ("..", empty, control characters) becomes "bao-cao", so a hostile or broken
    /// server can never make dicctl write outside the directory the user chose.
    static func localFileName(_ offered: String) -> String {
        let last = offered.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        var kept = String.UnicodeScalarView()
        kept.append(
            contentsOf: last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\\" }.prefix(200))
        let name = String(kept)
        return name.isEmpty || name == "." || name == ".." ? "bao-cao" : name
    }

    static func row(_ summary: APIReportSummary) -> [String] {
        [
            summary.id, "\(summary.year) Q\(summary.quarter)", Output.time(summary.generatedAt),
            summary.complete ? "yes" : "no", summary.generatedBy,
            summary.sources.map { "\($0.service) \($0.version)" }.joined(separator: ", "),
        ]
    }

    static func json(_ summary: APIReportSummary) -> [String: Any] {
        [
            "id": summary.id, "year": summary.year, "quarter": summary.quarter, "title": summary.title,
            "generatedAt": Output.time(summary.generatedAt), "snapshotAt": Output.time(summary.snapshotAt),
            "complete": summary.complete, "unavailable": summary.unavailable, "generatedBy": summary.generatedBy,
            "sources": summary.sources.map { ["service": $0.service, "version": $0.version] },
        ]
    }

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a quarter's report from the services now, keep it, and save it.",
            discussion: """
                Prints each service's answer as it comes (a progress bar on a terminal), then where the
                report went. Exit status 3 when the report was made but is incomplete because a service
                did not answer; the report then names which.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The year.") var year: Int32
        @Option(help: "1 to 4.") var quarter: Int32
        @Option(help: "html, markdown, json, csv or docx; repeat for several (default html).") var format: [String] = []
        @Flag(help: "Annex the analysis table (same period last year, % of plan, verdict).") var withAnalysis = false
        @Option(help: "A file, or a directory for each format's file (default: standard output).") var out = ""
        @Option(help: "A unique id for this report (default: new); reuse it to retry without a second draft.")
        var requestID = UUID().uuidString

        func run() async throws {
            let formats = try (format.isEmpty ? ["html"] : format).map(ReportCommand.format)
            guard formats.count == 1 || !out.isEmpty else {
                throw ValidationError("--out: give a directory when asking for several formats")
            }
            try await DICCtl.run {
                let summary = try await connection.withClient { rpc in
                    let client = APIReportsService.Client(rpc)
                    let summary = try await client.generateQuarterlyReport(
                        APIGenerateQuarterlyReportRequest(
                            year: year, quarter: quarter, withAnalysis: withAnalysis, requestID: requestID),
                        options: CallOptions(timeout: .seconds(max(connection.timeout, 120)))
                    ) { events in
                        var bar: ProgressBar?
                        var summary: APIReportSummary?
                        for try await event in events {
                            switch event.event {
                            case .progress(let progress):
                                if bar == nil {
                                    bar = ProgressBar(total: Int(progress.total), label: "lập báo cáo", unit: "bước")
                                }
                                bar?.update(Int(progress.done))
                                if !progress.ok {
                                    FileHandle.standardError.write(
                                        Data("\nwarning: \(progress.step): \(progress.detail)\n".utf8))
                                }
                            case .report(let report): summary = report
                            case nil: break
                            }
                        }
                        bar?.finish()
                        return summary
                    }
                    guard let summary else {
                        throw RPCError(.internal, "the aggregator ended without sending the report")
                    }
                    for format in formats {
                        let document = try await client.getReport(
                            APIGetReportRequest(id: summary.id, format: format), options: connection.callOptions)
                        let path = try ReportCommand.save(document, to: out)
                        if path != "-" { FileHandle.standardError.write(Data("wrote \(path)\n".utf8)) }
                    }
                    return summary
                }
                if !out.isEmpty {
                    Output.print(
                        connection.output, columns: ["ID", "QUARTER", "GENERATED", "COMPLETE", "BY", "SOURCES"],
                        rows: [ReportCommand.row(summary)], json: ReportCommand.json(summary))
                }
                if !summary.complete {
                    FileHandle.standardError.write(
                        Data(
                            ("warning: the report is incomplete: " + summary.unavailable.joined(separator: "; ") + "\n")
                                .utf8))
                    throw ExitCode(3)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reports kept, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this year.") var year: Int32 = 0
        @Option(help: "Only this quarter.") var quarter: Int32 = 0
        @Option(help: "At most this many.") var limit: Int32 = 50

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).listReports(
                        APIListReportsRequest(year: year, quarter: quarter, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["ID", "QUARTER", "GENERATED", "COMPLETE", "BY", "SOURCES"],
                    rows: found.reports.map(ReportCommand.row), json: found.reports.map(ReportCommand.json))
                Output.footer(shown: found.reports.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A kept report in a format: by id, or the newest of a quarter.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "A report id, such as 2023-Q1-2.") var id = ""
        @Option(help: "The year (without --id).") var year: Int32 = 0
        @Option(help: "The quarter (without --id).") var quarter: Int32 = 0
        @Option(help: "html, markdown, json, csv or docx.") var format = "html"
        @Option(help: "A file or a directory (default: standard output).") var out = ""

        func run() async throws {
            let format = try ReportCommand.format(format)
            try await DICCtl.run {
                let document = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).getReport(
                        APIGetReportRequest(id: id, year: year, quarter: quarter, format: format),
                        options: connection.callOptions)
                }
                let path = try ReportCommand.save(document, to: out)
                if path != "-" { FileHandle.standardError.write(Data("wrote \(path)\n".utf8)) }
            }
        }
    }
}
