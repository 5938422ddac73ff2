import ArgumentParser
import CommonAPI
import DXAPI
import Foundation
import RPCCore

/// `dicctl dx recommendations`: what districts ask of the department, entered as they arrive,
/// answered, listed, and counted by subject for the quarterly report. Without a subcommand it
/// counts, as it always has.
struct DXRecommendationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations", abstract: "Recommendations from districts: record, answer, list, count.",
        subcommands: [Count.self, Record.self, Answer.self, List.self], defaultSubcommand: Count.self)

    static func print(_ recommendations: [APIRecommendation], _ format: OutputFormat) {
        Output.print(
            format, columns: ["ID", "RECEIVED", "UNIT", "CATEGORY", "ANSWERED", "CONTENT"],
            rows: recommendations.map {
                [
                    $0.id, Output.date($0.receivedOn), $0.unitCode, $0.category, Output.date($0.answeredOn),
                    String($0.content.prefix(60)),
                ]
            },
            json: recommendations.map {
                [
                    "id": $0.id, "receivedOn": Output.date($0.receivedOn), "unitCode": $0.unitCode,
                    "category": $0.category, "content": $0.content, "answer": $0.answer,
                    "answeredOn": Output.date($0.answeredOn),
                ] as [String: Any]
            })
    }

    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recommendations received in a period, by category.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "YYYY-MM-DD.") var from: String
        @Option(help: "YYYY-MM-DD.") var through: String

        func run() async throws {
            let request = APIRecommendationCountsRequest(
                from: try Output.parseDate(from, option: "--from"),
                through: try Output.parseDate(through, option: "--through"))
            try await DICCtl.run {
                let counts = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).countRecommendations(
                        request, options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["CATEGORY", "RECEIVED", "ANSWERED"],
                    rows: counts.categories.map { [$0.category, "\($0.received)", "\($0.answered)"] }
                        + [["TOTAL", "\(counts.received)", "\(counts.answered)"]],
                    json: [
                        "received": counts.received, "answered": counts.answered,
                        "categories": counts.categories.map {
                            ["category": $0.category, "received": $0.received, "answered": $0.answered]
                                as [String: Any]
                        },
                    ])
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a recommendation as it arrives.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Received on, YYYY-MM-DD.") var on: String
        @Option(help: "The district (or commune) that sent it.") var unit: String
        @Option(help: "Its subject, such as 'truyền thanh cơ sở'.") var category: String
        @Argument(help: "What it asks.") var content: String
        @Option(help: "Makes a retry safe (default: a new one).") var requestId = UUID().uuidString

        func run() async throws {
            let request = APIRecordRecommendationRequest(
                requestID: requestId,
                recommendation: APIRecommendation(
                    receivedOn: try Output.parseDate(on, option: "--on"), unitCode: unit, category: category,
                    content: content))
            try await DICCtl.run {
                let recorded = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).recordRecommendation(
                        request, options: connection.callOptions)
                }
                DXRecommendationsCommand.print([recorded], connection.output)
            }
        }
    }

    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the department's answer.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The recommendation's id.") var id: String
        @Argument(help: "The answer.") var answer: String
        @Option(help: "Answered on, YYYY-MM-DD (default: today).") var on: String?

        func run() async throws {
            let request = APIAnswerRecommendationRequest(
                id: id, answer: answer, answeredOn: try on.map { try Output.parseDate($0, option: "--on") })
            try await DICCtl.run {
                let answered = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).answerRecommendation(
                        request, options: connection.callOptions)
                }
                DXRecommendationsCommand.print([answered], connection.output)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recommendations received in a period.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "YYYY-MM-DD.") var from: String
        @Option(help: "YYYY-MM-DD.") var through: String
        @Option(help: "Only this category.") var category = ""
        @Flag(help: "Only those not answered yet.") var unanswered = false
        @Argument(help: "Words in the content or answer.") var query = ""
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListRecommendationsRequest(
                from: try Output.parseDate(from, option: "--from"),
                through: try Output.parseDate(through, option: "--through"), category: category,
                unansweredOnly: unanswered, query: query, page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).listRecommendations(
                        request, options: connection.callOptions)
                }
                DXRecommendationsCommand.print(found.recommendations, connection.output)
                Output.footer(shown: found.recommendations.count, total: found.page?.totalSize, connection.output)
            }
        }
    }
}
