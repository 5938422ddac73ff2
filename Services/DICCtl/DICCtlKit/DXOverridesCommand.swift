import ArgumentParser
import CommonAPI
import DXAPI
import Foundation
import RPCCore

/// `dicctl dx overrides`: a sentence in place of an indicator's figure for one period ("Chưa thực
/// hiện do chờ Bộ TTTT cấp phép tần số"), with the reason, kept with who set it.
struct DXOverridesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overrides", abstract: "Words in place of an indicator's figure for a period: set, clear, list.",
        subcommands: [List.self, Set.self, Clear.self], defaultSubcommand: List.self)

    static func print(_ overrides: [APIResultOverride], _ format: OutputFormat) {
        Output.print(
            format, columns: ["INDICATOR", "PERIOD", "TEXT", "NOTE", "REASON", "BY", "AT"],
            rows: overrides.map {
                [
                    $0.indicatorCode, $0.period.map(Self.text) ?? "", $0.text, $0.note, $0.reason, $0.setBy,
                    Output.time($0.setAt),
                ]
            },
            json: overrides.map {
                [
                    "indicatorCode": $0.indicatorCode, "period": $0.period.map(Self.text) ?? "", "text": $0.text,
                    "note": $0.note, "reason": $0.reason, "setBy": $0.setBy, "setAt": Output.time($0.setAt),
                ] as [String: Any]
            })
    }

    static func text(_ period: Period) -> String {
        switch period.kind {
        case .quarter: "\(period.year)-Q\(period.index)"
        case .halfYear: "\(period.year)-H\(period.index)"
        case .month: "\(period.year)-\(period.index < 10 ? "0" : "")\(period.index)"
        default: "\(period.year)"
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the words (or a note) for one period.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The indicator's code.") var indicator: String
        @Option(help: "2023-Q1, 2023-03, 2023-H1 or 2023.") var period: String
        @Option(help: "The result cell's words (empty: keep the figure).") var text = ""
        @Option(help: "A note beside the result.") var note = ""
        @Option(help: "Why the figure is not printed (required).") var reason: String

        func run() async throws {
            let request = APISetResultOverrideRequest(
                override: APIResultOverride(
                    indicatorCode: indicator, period: try DXCommand.period(period), text: text, note: note,
                    reason: reason))
            try await DICCtl.run {
                let set = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).setResultOverride(
                        request, options: connection.callOptions)
                }
                DXOverridesCommand.print([set], connection.output)
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the figure again for the period.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The indicator's code.") var indicator: String
        @Option(help: "2023-Q1, 2023-03, 2023-H1 or 2023.") var period: String

        func run() async throws {
            let request = APIClearResultOverrideRequest(indicatorCode: indicator, period: try DXCommand.period(period))
            try await DICCtl.run {
                let response = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).clearResultOverride(
                        request, options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["CLEARED"], rows: [[response.cleared ? "yes" : "no"]],
                    json: ["cleared": response.cleared])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The overrides set, for a period or all.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this period.") var period: String?

        func run() async throws {
            let request = APIListResultOverridesRequest(period: try period.map { try DXCommand.period($0) })
            try await DICCtl.run {
                let overrides = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        var paged = request
                        paged.page = page
                        let found = try await APIDigitalTransformationService.Client(rpc).listResultOverrides(
                            paged, options: connection.callOptions)
                        return (found.overrides, found.page)
                    }
                }
                DXOverridesCommand.print(overrides, connection.output)
            }
        }
    }
}
