import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI

/// `dicctl licensing sanctions`: sanction decisions and their payment.
struct SanctionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanctions", abstract: "Sanction decisions: record, settle, list.",
        subcommands: [List.self, Record.self, Settle.self])

    static func print(_ sanctions: [APISanction], _ format: OutputFormat) {
        Output.print(
            format,
            columns: ["ID", "DECIDED", "DECISION", "SUBJECT", "FINE (VND)", "SUSPENDS", "PAYMENT", "PROVISION"],
            rows: sanctions.map {
                [
                    $0.id, Output.date($0.decidedOn), $0.decisionNumber, $0.subjectID, "\($0.fineVnd)",
                    $0.suspendsLicence ? $0.licenceID : "", WireChoice.name($0.paymentStatus), $0.violatedProvision,
                ]
            },
            json: sanctions.map {
                [
                    "id": $0.id, "decidedOn": Output.date($0.decidedOn), "decisionNumber": $0.decisionNumber,
                    "subjectId": $0.subjectID, "licenceId": $0.licenceID, "inspectionId": $0.inspectionID,
                    "violatedProvision": $0.violatedProvision, "fineVnd": $0.fineVnd,
                    "extraPenalties": $0.extraPenalties, "suspendsLicence": $0.suspendsLicence,
                    "remedialMeasures": $0.remedialMeasures, "paymentStatus": WireChoice.name($0.paymentStatus),
                    "settledOn": Output.date($0.settledOn),
                ] as [String: Any]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sanctions by subject, licence, payment or dates.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words in the decision, provision, penalties or measures.") var query = ""
        @Option(help: "Organisation id.") var subject = ""
        @Option(help: "Licence id.") var licence = ""
        @Option(help: "unpaid, paid or exempted.") var payment: String?
        @Option(help: "Decided on or after, YYYY-MM-DD.") var from: String?
        @Option(help: "Decided on or before, YYYY-MM-DD.") var through: String?
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListSanctionsRequest(
                query: query, subjectID: subject, licenceID: licence,
                paymentStatus: try WireChoice.parse(payment, option: "--payment"),
                from: try from.map { try Output.parseDate($0, option: "--from") },
                through: try through.map { try Output.parseDate($0, option: "--through") },
                page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listSanctions(request, options: connection.callOptions)
                }
                SanctionsCommand.print(found.sanctions, connection.output)
                Output.footer(shown: found.sanctions.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a sanction decision; with --suspends the licence records the suspension.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The decision number.") var decision: String
        @Option(help: "Decided on, YYYY-MM-DD.") var on: String
        @Option(help: "The organisation sanctioned (id).") var subject: String
        @Option(help: "The provision violated.") var provision: String
        @Option(help: "The fine in VND.") var fine: Int64 = 0
        @Option(help: "The licence concerned (id).") var licence = ""
        @Option(help: "The inspection that found it (id).") var inspection = ""
        @Option(help: "An extra penalty (repeat).") var penalty: [String] = []
        @Option(help: "A remedial measure (repeat).") var measure: [String] = []
        @Flag(help: "The decision suspends the licence.") var suspends = false
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let sanction = APISanction(
                decisionNumber: decision, decidedOn: try Output.parseDate(on, option: "--on"), subjectID: subject,
                licenceID: licence, inspectionID: inspection, violatedProvision: provision, fineVnd: fine,
                extraPenalties: penalty, suspendsLicence: suspends, remedialMeasures: measure)
            try await DICCtl.run {
                let recorded = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).recordSanction(
                        APIRecordSanctionRequest(requestID: requestID, sanction: sanction),
                        options: connection.callOptions)
                }
                SanctionsCommand.print([recorded], connection.output)
            }
        }
    }

    struct Settle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a fine paid or exempted.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The sanction id.") var id: String
        @Option(help: "paid or exempted.") var payment = "paid"
        @Option(help: "On, YYYY-MM-DD.") var on: String
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let request = APISettleSanctionRequest(
                sanctionID: id, paymentStatus: try WireChoice.parse(payment, option: "--payment"),
                settledOn: try Output.parseDate(on, option: "--on"), requestID: requestID)
            try await DICCtl.run {
                let settled = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).settleSanction(request, options: connection.callOptions)
                }
                SanctionsCommand.print([settled], connection.output)
            }
        }
    }
}
