import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI

/// `dicctl licensing inspections`: inspections of licence holders.
struct InspectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspections", abstract: "Inspections: record and list.", subcommands: [List.self, Record.self])

    static func print(_ inspections: [APIInspection], _ format: OutputFormat) {
        Output.print(
            format, columns: ["ID", "DATE", "DECISION", "SUBJECT", "LICENCE", "PLAN", "FINDINGS"],
            rows: inspections.map {
                [
                    $0.id, Output.date($0.inspectedOn), $0.decisionNumber, $0.subjectID, $0.licenceID, $0.plan,
                    $0.findings,
                ]
            },
            json: inspections.map {
                [
                    "id": $0.id, "inspectedOn": Output.date($0.inspectedOn), "decisionNumber": $0.decisionNumber,
                    "plan": $0.plan, "team": $0.team, "subjectId": $0.subjectID, "licenceId": $0.licenceID,
                    "findings": $0.findings,
                ]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Inspections by subject, licence, dates or words.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words in the plan, decision, team or findings.") var query = ""
        @Option(help: "Organisation id.") var subject = ""
        @Option(help: "Licence id.") var licence = ""
        @Option(help: "On or after, YYYY-MM-DD.") var from: String?
        @Option(help: "On or before, YYYY-MM-DD.") var through: String?
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListInspectionsRequest(
                query: query, subjectID: subject, licenceID: licence,
                from: try from.map { try Output.parseDate($0, option: "--from") },
                through: try through.map { try Output.parseDate($0, option: "--through") },
                page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listInspections(request, options: connection.callOptions)
                }
                InspectionsCommand.print(found.inspections, connection.output)
                Output.footer(shown: found.inspections.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an inspection; prints its id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The inspection decision number.") var decision: String
        @Option(help: "The organisation inspected (id).") var subject: String
        @Option(help: "Inspected on, YYYY-MM-DD.") var on: String
        @Option(help: "The licence concerned (id).") var licence = ""
        @Option(help: "The plan it belongs to.") var plan = ""
        @Option(help: "The team.") var team = ""
        @Option(help: "What was found.") var findings = ""
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let inspection = APIInspection(
                plan: plan, decisionNumber: decision, team: team, subjectID: subject, licenceID: licence,
                inspectedOn: try Output.parseDate(on, option: "--on"), findings: findings)
            try await DICCtl.run {
                let recorded = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).recordInspection(
                        APIRecordInspectionRequest(requestID: requestID, inspection: inspection),
                        options: connection.callOptions)
                }
                InspectionsCommand.print([recorded], connection.output)
            }
        }
    }
}
