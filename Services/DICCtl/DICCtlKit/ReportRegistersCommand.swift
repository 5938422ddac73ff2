import ArgumentParser
import CommonAPI
import Foundation
import RPCCore
import ReportAPI

/// `dicctl report documents`: the register of the department's documents and activities.
struct ReportDocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "The register of documents and activities: import, add, list, delete.",
        discussion: """
            Sections: 1, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 6, or II for an activity planned for the next
            quarter. The import reads the e-office export as CSV with the columns number, issued_on
            (YYYY-MM-DD or DD/MM/YYYY), issuer, kind, summary, section; it stores every row or none.
            """,
        subcommands: [List.self, Import.self, Add.self, Delete.self], defaultSubcommand: List.self)

    static func print(_ documents: [APIDocumentEntry], _ format: OutputFormat) {
        Output.print(
            format, columns: ["ID", "DATE", "SECTION", "KIND", "NUMBER", "SUMMARY"],
            rows: documents.map {
                [$0.id, Output.date($0.issuedOn), $0.section, $0.kind, $0.number, String($0.summary.prefix(60))]
            },
            json: documents.map {
                [
                    "id": $0.id, "issuedOn": Output.date($0.issuedOn), "section": $0.section, "kind": $0.kind,
                    "number": $0.number, "issuer": $0.issuer, "summary": $0.summary,
                ] as [String: Any]
            })
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import the e-office system's export (CSV).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row; store nothing.") var dryRun = false

        func run() async throws {
            try await DICCtl.run {
                let response = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).importDocuments(
                        options: CallOptions(timeout: .seconds(max(connection.timeout, 600)), compression: .gzip)
                    ) { writer in
                        try await FileUpload.stream(file) { bytes in
                            try await writer.write(APIImportDocumentsRequest(data: bytes, dryRun: dryRun))
                        }
                    }.message
                }
                Output.print(
                    connection.output, columns: ["ROWS", "ADDED", "UNCHANGED", "DRY RUN"],
                    rows: [["\(response.rows)", "\(response.added)", "\(response.unchanged)", dryRun ? "yes" : "no"]],
                    json: ["rows": response.rows, "added": response.added, "unchanged": response.unchanged])
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register one document or activity.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Its date, YYYY-MM-DD.") var on: String
        @Option(help: "The report section (1, 2.1 … 3.3, 6, II).") var section: String
        @Option(help: "Its number, such as 99/QĐ-UBND (none for an activity).") var number = ""
        @Option(help: "Its kind, such as 'Quyết định'.") var kind = ""
        @Option(help: "Who issued it, such as 'UBND tỉnh'.") var issuer = ""
        @Argument(help: "What it does, as the report words it.") var summary: String
        @Option(help: "Makes a retry safe (default: a new one).") var requestId = UUID().uuidString

        func run() async throws {
            let request = APISaveDocumentRequest(
                requestID: requestId,
                document: APIDocumentEntry(
                    number: number, issuedOn: try Output.parseDate(on, option: "--on"), issuer: issuer, kind: kind,
                    summary: summary, section: section))
            try await DICCtl.run {
                let saved = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).saveDocument(request, options: connection.callOptions)
                }
                ReportDocumentsCommand.print([saved], connection.output)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Registered documents in a date range.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "From, YYYY-MM-DD.") var from: String?
        @Option(help: "Through, YYYY-MM-DD.") var through: String?
        @Option(help: "Only this section.") var section = ""

        func run() async throws {
            let request = APIListDocumentsRequest(
                from: try from.map { try Output.parseDate($0, option: "--from") },
                through: try through.map { try Output.parseDate($0, option: "--through") }, section: section,
                page: PageRequest(pageSize: 1000))
            try await DICCtl.run {
                let response = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).listDocuments(request, options: connection.callOptions)
                }
                ReportDocumentsCommand.print(response.documents, connection.output)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an entry registered by mistake.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The entry's id.") var id: String

        func run() async throws {
            try await DICCtl.run {
                let response = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).deleteDocument(
                        APIDeleteEntryRequest(id: id), options: connection.callOptions)
                }
                guard response.deleted else { throw ValidationError("no document '\(id)'") }
            }
        }
    }
}

/// `dicctl report districts`: what the districts reported for a quarter.
struct ReportDistrictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "districts", abstract: "The districts' quarterly intake: activities and difficulties.",
        subcommands: [List.self, Add.self], defaultSubcommand: List.self)

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an activity or a difficulty.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The year.") var year: Int32
        @Option(help: "1 to 4.") var quarter: Int32
        @Option(help: "The district's unit code.") var unit: String
        @Option(help: "activity (section 6) or difficulty (section 8).") var kind: String
        @Option(help: "What the report groups it by, such as 'chuyển đổi số'.") var field = ""
        @Argument(help: "What the district reported.") var content: String
        @Option(help: "Makes a retry safe (default: a new one).") var requestId = UUID().uuidString

        func run() async throws {
            let entryKind: APIDistrictEntryKind
            switch kind {
            case "activity": entryKind = .activity
            case "difficulty": entryKind = .difficulty
            default: throw ValidationError("--kind: '\(kind)' is not activity or difficulty")
            }
            let request = APISaveDistrictEntryRequest(
                requestID: requestId,
                entry: APIDistrictEntry(
                    year: year, quarter: quarter, unitCode: unit, kind: entryKind, field: field, content: content))
            try await DICCtl.run {
                let saved = try await connection.withClient { rpc in
                    try await APIReportsService.Client(rpc).saveDistrictEntry(request, options: connection.callOptions)
                }
                ReportDistrictsCommand.print([saved], connection.output)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A quarter's entries.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The year.") var year: Int32
        @Option(help: "1 to 4.") var quarter: Int32

        func run() async throws {
            try await DICCtl.run {
                let entries = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await APIReportsService.Client(rpc).listDistrictEntries(
                            APIListDistrictEntriesRequest(year: year, quarter: quarter, page: page),
                            options: connection.callOptions)
                        return (found.entries, found.page)
                    }
                }
                ReportDistrictsCommand.print(entries, connection.output)
            }
        }
    }

    static func print(_ entries: [APIDistrictEntry], _ format: OutputFormat) {
        Output.print(
            format, columns: ["ID", "QUARTER", "UNIT", "KIND", "FIELD", "CONTENT"],
            rows: entries.map {
                [
                    $0.id, "\($0.year) Q\($0.quarter)", $0.unitCode, $0.kind == .activity ? "activity" : "difficulty",
                    $0.field, String($0.content.prefix(60)),
                ]
            },
            json: entries.map {
                [
                    "id": $0.id, "year": $0.year, "quarter": $0.quarter, "unitCode": $0.unitCode,
                    "kind": $0.kind == .activity ? "activity" : "difficulty", "field": $0.field, "content": $0.content,
                ] as [String: Any]
            })
    }
}

/// `dicctl report finalise`: the report the director signs; its quarter then takes no changes.
struct ReportFinaliseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalise", abstract: "Mark a report final (no more \"DỰ THẢO\"; its quarter is frozen).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The report's id, such as 2023-Q1-2.") var id: String

    func run() async throws {
        try await DICCtl.run {
            let summary = try await connection.withClient { rpc in
                try await APIReportsService.Client(rpc).finaliseReport(
                    APIFinaliseReportRequest(id: id), options: connection.callOptions)
            }
            Output.print(
                connection.output, columns: ["ID", "QUARTER", "GENERATED", "COMPLETE", "BY", "SOURCES"],
                rows: [ReportCommand.row(summary)], json: ReportCommand.json(summary))
        }
    }
}
