import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI

/// `dicctl licensing dossiers`: the one-stop office's dossiers.
struct DossiersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossiers", abstract: "Dossiers: receive, move on, list, and the overdue ones.",
        subcommands: [List.self, Overdue.self, Get.self, Receive.self, Move.self])

    static func print(_ dossiers: [APIDossier], _ format: OutputFormat) {
        Output.print(
            format, columns: ["CODE", "PROCEDURE", "APPLICANT", "CHANNEL", "RECEIVED", "DUE", "STATUS", "TIMELINESS"],
            rows: dossiers.map {
                [
                    $0.code, $0.procedureCode, $0.applicantID, WireChoice.name($0.channel), Output.date($0.receivedOn),
                    $0.dueOn == nil ? "(waiting)" : Output.date($0.dueOn), WireChoice.name($0.status),
                    WireChoice.name($0.timeliness),
                ]
            },
            json: dossiers.map {
                [
                    "code": $0.code, "procedureCode": $0.procedureCode, "applicantId": $0.applicantID,
                    "channel": WireChoice.name($0.channel), "onlineType": WireChoice.name($0.onlineType),
                    "receivedOn": Output.date($0.receivedOn), "dueOn": Output.date($0.dueOn),
                    "status": WireChoice.name($0.status), "timeliness": WireChoice.name($0.timeliness),
                    "feeVnd": $0.feeVnd, "paidOnline": $0.paidOnline, "resultLicence": $0.resultLicence,
                    "steps": $0.steps.map {
                        ["on": Output.date($0.on), "status": WireChoice.name($0.status), "note": $0.note]
                    },
                ] as [String: Any]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Dossiers by status, procedure, channel or dates.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words in the code or the applicant's name.") var query = ""
        @Option(help: "received, in_process, supplement_requested, resolved...") var status: String?
        @Option(help: "Procedure code.") var procedure = ""
        @Option(help: "in_person, postal or online.") var channel: String?
        @Option(help: "Received on or after, YYYY-MM-DD.") var from: String?
        @Option(help: "Received on or before, YYYY-MM-DD.") var through: String?
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListDossiersRequest(
                query: query, status: try WireChoice.parse(status, option: "--status"), procedureCode: procedure,
                channel: try WireChoice.parse(channel, option: "--channel"),
                receivedFrom: try from.map { try Output.parseDate($0, option: "--from") },
                receivedThrough: try through.map { try Output.parseDate($0, option: "--through") },
                page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listDossiers(request, options: connection.callOptions)
                }
                DossiersCommand.print(found.dossiers, connection.output)
                Output.footer(shown: found.dossiers.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Overdue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open dossiers past their due date, oldest due first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "As of this day, YYYY-MM-DD (default: the service's today).") var asOf: String?

        func run() async throws {
            let request = APIListDossiersRequest(
                overdueOnly: true, today: try asOf.map { try Output.parseDate($0, option: "--as-of") },
                page: PageRequest(pageSize: 1000))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listDossiers(request, options: connection.callOptions)
                }
                DossiersCommand.print(found.dossiers, connection.output)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One dossier with its steps.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String

        func run() async throws {
            try await DICCtl.run {
                let dossier = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).getDossier(
                        APIGetDossierRequest(code: code), options: connection.callOptions)
                }
                switch connection.output {
                case .json: DossiersCommand.print([dossier], .json)
                case .table:
                    DossiersCommand.print([dossier], .table)
                    Swift.print("")
                    Output.table(
                        columns: ["ON", "STATUS", "NOTE"],
                        rows: dossier.steps.map { [Output.date($0.on), WireChoice.name($0.status), $0.note] })
                }
            }
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a dossier the one-stop office received.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The one-stop system's dossier code.") var code: String
        @Option(help: "Procedure code (see `dicctl licensing procedures`).") var procedure: String
        @Option(help: "The applicant's organisation id.") var applicant: String
        @Option(help: "in_person, postal or online.") var channel: String
        @Option(help: "For online dossiers: full_process or partial.") var onlineType: String?
        @Option(help: "Received on, YYYY-MM-DD.") var on: String
        @Option(help: "Fee in VND.") var fee: Int64 = 0
        @Flag(help: "The fee was paid online.") var paidOnline = false
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let request = APIReceiveDossierRequest(
                requestID: requestID, code: code, procedureCode: procedure, applicantID: applicant,
                channel: try WireChoice.parse(channel, option: "--channel"),
                onlineType: try WireChoice.parse(onlineType, option: "--online-type"),
                receivedOn: try Output.parseDate(on, option: "--on"), feeVnd: fee, paidOnline: paidOnline)
            try await DICCtl.run {
                let dossier = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).receiveDossier(request, options: connection.callOptions)
                }
                DossiersCommand.print([dossier], connection.output)
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a dossier on: in_process, supplement_requested, resolved, refused, returned, withdrawn.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String
        @Option(help: "The new status.") var to: String
        @Option(help: "On, YYYY-MM-DD.") var on: String
        @Option(help: "A note for the step.") var note = ""
        @Option(help: "For resolved: the licence number produced.") var licence = ""
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let request = APIMoveDossierRequest(
                requestID: requestID, code: code, status: try WireChoice.parse(to, option: "--to"),
                on: try Output.parseDate(on, option: "--on"), note: note, resultLicence: licence)
            try await DICCtl.run {
                let dossier = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).moveDossier(request, options: connection.callOptions)
                }
                DossiersCommand.print([dossier], connection.output)
            }
        }
    }
}
