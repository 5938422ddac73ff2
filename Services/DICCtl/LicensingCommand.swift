import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI
import RPCCore

struct LicensingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "licensing", abstract: "Licences at dic-licensing: read them, record actions, count them.",
        subcommands: [Get.self, Act.self, Expiring.self, Stats.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A licence, with its history (every version).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The licence id.") var id: String

        func run() async throws {
            try await DICCtl.run {
                let licence = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).getLicence(
                        APIGetLicenceRequest(id: id, includeHistory: true), options: connection.callOptions)
                }
                Output.print(
                    connection.output,
                    columns: ["VERSION", "ACTION", "EFFECTIVE", "STATUS", "VALID UNTIL", "DECISION"],
                    rows: licence.history.map {
                        [
                            "\($0.number)", "\($0.action)", Output.date($0.effectiveOn), "\($0.status)",
                            Output.date($0.validUntil), $0.decisionNumber,
                        ]
                    },
                    json: LicensingCommand.json(licence))
            }
        }
    }

    /// Actions that carry no new content; amendments and exchanges come through the API or an import.
    enum SimpleAction: String, ExpressibleByArgument, CaseIterable {
        case reissue, suspend, liftSuspension = "lift-suspension", revoke, cease

        var wire: APILicenceAction {
            switch self {
            case .reissue: .reissue
            case .suspend: .suspend
            case .liftSuspension: .liftSuspension
            case .revoke: .revoke
            case .cease: .cease
            }
        }
    }

    struct Act: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a reissue, suspension, lifting, revocation or cessation on a licence.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The licence id.") var id: String
        @Option(help: "reissue, suspend, lift-suspension, revoke or cease.") var action: SimpleAction
        @Option(help: "Effective date, YYYY-MM-DD.") var on: String
        @Option(help: "The decision number.") var decision = ""
        @Option(help: "Why.") var reason = ""
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let date = try Output.parseDate(on, option: "--on")
            try await DICCtl.run {
                let licence = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).applyLicenceAction(
                        APIApplyLicenceActionRequest(
                            requestID: requestID, licenceID: id, action: action.wire, effectiveOn: date,
                            decisionNumber: decision, reason: reason),
                        options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["ID", "STATUS", "VERSION", "ACTION"],
                    rows: [
                        [
                            licence.id, "\(licence.status)", "\(licence.current?.number ?? 0)",
                            "\(licence.current?.action ?? .unspecified)",
                        ]
                    ],
                    json: LicensingCommand.json(licence))
            }
        }
    }

    struct Expiring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Licences whose term ends within N days.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Days ahead.") var within: UInt32 = 30

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listExpiringLicences(
                        APIListExpiringLicencesRequest(withinDays: within), options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["ID", "KIND", "NUMBER", "HOLDER", "VALID UNTIL", "STATUS"],
                    rows: found.licences.map {
                        [
                            $0.id, "\($0.kind)", $0.number, $0.holderID, Output.date($0.validUntil),
                            "\($0.status)",
                        ]
                    },
                    json: found.licences.map(LicensingCommand.json))
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Actions by licence type for a period, as the quarterly report counts them.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD.") var through: String

        func run() async throws {
            let request = APILicenceStatisticsRequest(
                from: try Output.parseDate(from, option: "--from"),
                through: try Output.parseDate(through, option: "--through"))
            try await DICCtl.run {
                let stats = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).getLicenceStatistics(
                        request, options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["KIND", "ACTION", "COUNT"],
                    rows: stats.actions.map { ["\($0.kind)", "\($0.action)", "\($0.count)"] },
                    json: stats.actions.map { ["kind": "\($0.kind)", "action": "\($0.action)", "count": $0.count] })
            }
        }
    }

    static func json(_ licence: APILicence) -> [String: Any] {
        [
            "id": licence.id, "kind": "\(licence.kind)", "number": licence.number, "holderId": licence.holderID,
            "status": "\(licence.status)", "validUntil": Output.date(licence.validUntil),
            "versions": licence.history.map {
                ["number": $0.number, "action": "\($0.action)", "effectiveOn": Output.date($0.effectiveOn)]
                    as [String: Any]
            },
        ]
    }
}
