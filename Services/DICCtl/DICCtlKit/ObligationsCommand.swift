import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI

/// `dicctl licensing obligations`: what holders owe, such as the website annual report.
struct ObligationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obligations", abstract: "Holders' obligations (the website annual report due 15 January).",
        subcommands: [List.self, Fulfil.self], defaultSubcommand: List.self)

    static func print(_ obligations: [APIObligation], _ format: OutputFormat) {
        Output.print(
            format, columns: ["LICENCE", "NUMBER", "HOLDER", "OBLIGATION", "YEAR", "DUE", "FULFILLED", "OVERDUE"],
            rows: obligations.map {
                [
                    $0.licenceID, $0.licenceNumber, $0.holderID, WireChoice.name($0.kind), "\($0.year)",
                    Output.date($0.dueOn), Output.date($0.fulfilledOn), $0.overdue ? "yes" : "",
                ]
            },
            json: obligations.map {
                [
                    "licenceId": $0.licenceID, "licenceNumber": $0.licenceNumber, "holderId": $0.holderID,
                    "kind": WireChoice.name($0.kind), "year": $0.year, "dueOn": Output.date($0.dueOn),
                    "fulfilledOn": Output.date($0.fulfilledOn), "overdue": $0.overdue,
                ] as [String: Any]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Obligations for the year reported on.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The year reported on.") var year: Int32
        @Flag(help: "Only those not yet met.") var outstanding = false
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listObligations(
                        APIListObligationsRequest(
                            year: year, outstandingOnly: outstanding, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                ObligationsCommand.print(found.obligations, connection.output)
                Output.footer(shown: found.obligations.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Fulfil: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an obligation met.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The licence id.") var licence: String
        @Option(help: "The year reported on.") var year: Int32
        @Option(help: "Met on, YYYY-MM-DD.") var on: String
        @Option(help: "The obligation.") var kind = "website_annual_report"
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let request = APIFulfilObligationRequest(
                licenceID: licence, kind: try WireChoice.parse(kind, option: "--kind"), year: year,
                fulfilledOn: try Output.parseDate(on, option: "--on"), requestID: requestID)
            try await DICCtl.run {
                let met = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).fulfilObligation(request, options: connection.callOptions)
                }
                ObligationsCommand.print([met], connection.output)
            }
        }
    }
}
