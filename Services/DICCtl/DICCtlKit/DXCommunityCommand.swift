import ArgumentParser
import CommonAPI
import DXAPI
import Foundation

struct DXTeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams", abstract: "Community digital technology teams and their members.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The unit (and every unit inside it).") var unit = ""
    @Option(help: "At most this many.") var limit: Int32 = 200

    func run() async throws {
        try await DICCtl.run {
            let found = try await connection.withClient { rpc in
                try await APIDigitalTransformationService.Client(rpc).listDigitalTeams(
                    APIListDigitalTeamsRequest(unitCode: unit, page: PageRequest(pageSize: limit)),
                    options: connection.callOptions)
            }
            Output.print(
                connection.output, columns: ["UNIT", "DECISION", "FOUNDED", "MEMBERS"],
                rows: found.teams.map {
                    [$0.unitCode, $0.foundingDecision, Output.date($0.foundedOn), "\($0.members.count)"]
                },
                json: found.teams.map {
                    [
                        "unitCode": $0.unitCode, "foundingDecision": $0.foundingDecision,
                        "foundedOn": Output.date($0.foundedOn),
                        "members": $0.members.map { ["name": $0.name, "role": $0.role] },
                    ] as [String: Any]
                })
            if connection.output == .table {
                Swift.print("\(found.page?.totalSize ?? 0) teams, \(found.members) members")
            }
        }
    }
}

struct DXMarketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markets", abstract: "Cashless-market pilots: traders, QR payment, products online.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The unit (and every unit inside it).") var unit = ""
    @Option(help: "At most this many.") var limit: Int32 = 100

    func run() async throws {
        try await DICCtl.run {
            let found = try await connection.withClient { rpc in
                try await APIDigitalTransformationService.Client(rpc).listCashlessMarkets(
                    APIListCashlessMarketsRequest(unitCode: unit, page: PageRequest(pageSize: limit)),
                    options: connection.callOptions)
            }
            let markets = found.markets
            Output.print(
                connection.output, columns: ["CODE", "NAME", "UNIT", "TRADERS", "QR", "ONLINE", "AS OF"],
                rows: markets.map {
                    [
                        $0.code, $0.name, $0.unitCode, "\($0.traders)", "\($0.tradersAcceptingQr)",
                        "\($0.productsListedOnline)", Output.date($0.asOf),
                    ]
                },
                json: markets.map {
                    [
                        "code": $0.code, "name": $0.name, "unitCode": $0.unitCode, "traders": $0.traders,
                        "tradersAcceptingQr": $0.tradersAcceptingQr, "productsListedOnline": $0.productsListedOnline,
                        "asOf": Output.date($0.asOf),
                    ] as [String: Any]
                })
            Output.footer(shown: markets.count, total: found.page?.totalSize, connection.output)
        }
    }
}

struct DXDTICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dti", abstract: "Provincial digital-transformation index results.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only this year (0: all).") var year: Int32 = 0
    @Option(help: "At most this many.") var limit: Int32 = 100

    func run() async throws {
        try await DICCtl.run {
            let found = try await connection.withClient { rpc in
                try await APIDigitalTransformationService.Client(rpc).listDtiResults(
                    APIListDtiResultsRequest(year: year, page: PageRequest(pageSize: limit)),
                    options: connection.callOptions)
            }
            let results = found.results
            Output.print(
                connection.output, columns: ["YEAR", "PILLAR", "SCORE", "RANK"],
                rows: results.map {
                    ["\($0.year)", $0.pillar, String(format: "%.4f", $0.score), $0.rank == 0 ? "" : "\($0.rank)/63"]
                },
                json: results.map {
                    ["year": $0.year, "pillar": $0.pillar, "score": $0.score, "rank": $0.rank] as [String: Any]
                })
            Output.footer(shown: results.count, total: found.page?.totalSize, connection.output)
        }
    }
}
