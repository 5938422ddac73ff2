import ArgumentParser
import CommonAPI
import Foundation
import RPCCore
import TelecomAPI

struct TelecomVillagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "villages", abstract: "Villages: positions, people, terrain, fibre.",
        subcommands: [List.self, Import.self, TelecomVillagesExportCommand.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Villages matching words or in a commune.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words in the code or name.") var query = ""
        @Option(help: "Commune code.") var commune = ""
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listVillages(
                        APIListVillagesRequest(query: query, communeCode: commune, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                Output.print(
                    connection.output,
                    columns: ["CODE", "NAME", "COMMUNE", "PEOPLE", "HOUSEHOLDS", "TERRAIN", "FIBRE"],
                    rows: found.villages.map {
                        [
                            $0.code, $0.name, $0.communeCode, "\($0.population)", "\($0.households)",
                            WireChoice.name($0.terrain), $0.fibreOperators.joined(separator: ";"),
                        ]
                    },
                    json: found.villages.map {
                        [
                            "code": $0.code, "name": $0.name, "communeCode": $0.communeCode,
                            "population": $0.population,
                            "households": $0.households, "terrain": WireChoice.name($0.terrain),
                            "townCentre": $0.townCentre, "fibreOperators": $0.fibreOperators,
                        ] as [String: Any]
                    })
                Output.footer(shown: found.villages.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import villages.",
            discussion: """
                Columns: code, commune_code, name, latitude, longitude, population, households, terrain
                (urban, rural, mountainous), town_centre (yes/no), fibre_operators ("vnpt;viettel").
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report; store nothing.") var dryRun = false

        func run() async throws {
            try await TelecomCommand.importFile(file, dryRun: dryRun, connection: connection) {
                client, options, requests in
                try await client.importVillages(options: options, requests: requests).message
            }
        }
    }
}

struct TelecomCoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage", abstract: "Village coverage: operators' declarations, the estimate, the gaps.",
        subcommands: [Import.self, Estimate.self, Show.self, Gaps.self, TelecomCoverageExportCommand.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import operators' coverage declarations.",
            discussion: "Columns: village_code, operator, technology (2G..5G), covered (yes/no), as_of (YYYY-MM-DD).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report; store nothing.") var dryRun = false

        func run() async throws {
            try await TelecomCommand.importFile(file, dryRun: dryRun, connection: connection) {
                client, options, requests in
                try await client.importCoverageDeclarations(options: options, requests: requests).message
            }
        }
    }

    struct Estimate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Estimate every village's coverage from the sites on air (replaces the last estimate).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Sites on air on this day, YYYY-MM-DD (default: today).") var asOf: String?

        func run() async throws {
            let request = APIEstimateCoverageRequest(asOf: try asOf.map { try Output.parseDate($0, option: "--as-of") })
            try await DICCtl.run {
                let result = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).estimateCoverage(request, options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["SITES ON AIR", "VILLAGES", "COVERED", "WITHOUT BROADBAND"],
                    rows: [
                        [
                            "\(result.sitesOnAir)", "\(result.villages)", "\(result.covered)",
                            "\(result.villagesWithoutBroadband)",
                        ]
                    ],
                    json: [
                        "sitesOnAir": result.sitesOnAir, "villages": result.villages, "covered": result.covered,
                        "villagesWithoutBroadband": result.villagesWithoutBroadband,
                    ])
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A village's coverage records.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The village code.") var village: String
        @Flag(help: "Only the records that stand (a declaration over an estimate).") var effective = false
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listCoverage(
                        APIListCoverageRequest(
                            villageCode: village, effectiveOnly: effective, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                let records = found.coverage
                Output.print(
                    connection.output,
                    columns: ["OPERATOR", "TECHNOLOGY", "COVERED", "SOURCE", "AS OF", "SITE", "DISTANCE"],
                    rows: records.map {
                        [
                            $0.operator, TelecomCommand.technologyName($0.technology),
                            $0.covered ? "yes" : "no", WireChoice.name($0.source), Output.date($0.asOf), $0.siteCode,
                            $0.siteCode.isEmpty ? "" : "\(Int($0.distanceM)) m",
                        ]
                    },
                    json: records.map {
                        [
                            "operator": $0.operator,
                            "technology": TelecomCommand.technologyName($0.technology),
                            "covered": $0.covered, "source": WireChoice.name($0.source), "asOf": Output.date($0.asOf),
                            "siteCode": $0.siteCode, "distanceM": $0.distanceM,
                        ] as [String: Any]
                    })
                Output.footer(shown: records.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Gaps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Villages without 3G/4G/5G, most people first, with the nearest sites.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The commune, district or province.") var unit = ""
        @Flag(help: "Rank by households instead of people.") var households = false
        @Option(help: "At most this many.") var limit: Int32 = 100
        @Option(help: "The gaps as they stood on this day, YYYY-MM-DD (default: today).") var asOf: String?

        func run() async throws {
            let request = APIListCoverageGapsRequest(
                ranking: households ? .households : .population, unitCode: unit, limit: limit,
                asOf: try asOf.map { try Output.parseDate($0, option: "--as-of") })
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listCoverageGaps(request, options: connection.callOptions)
                }
                Output.print(
                    connection.output,
                    columns: ["VILLAGE", "NAME", "COMMUNE", "PEOPLE", "HOUSEHOLDS", "NEAREST SITES"],
                    rows: found.gaps.map { gap in
                        let village = gap.village ?? APIVillage()
                        return [
                            village.code, village.name, village.communeCode, "\(village.population)",
                            "\(village.households)",
                            gap.nearestSites.map { "\($0.code) \(String(format: "%.1f", $0.distanceM / 1000)) km" }
                                .joined(separator: ", "),
                        ]
                    },
                    json: found.gaps.map { gap in
                        [
                            "village": gap.village?.code ?? "", "name": gap.village?.name ?? "",
                            "population": gap.village?.population ?? 0,
                            "nearestSites": gap.nearestSites.map { ["code": $0.code, "distanceM": $0.distanceM] },
                        ] as [String: Any]
                    })
                Output.footer(shown: found.gaps.count, total: found.total, connection.output)
            }
        }
    }
}

/// `dicctl telecom villages export` and `coverage export`: CSV on standard output.
struct TelecomExportCommand: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    func export(
        _ call:
            @escaping @Sendable (
                APITelecomService.Client, CallOptions,
                @escaping @Sendable (ClientResponseStream<APIExportResponse>) async throws -> Void
            ) async throws -> Void
    ) async throws {
        try await DICCtl.run {
            try await connection.withClient { rpc in
                try await call(APITelecomService.Client(rpc), connection.callOptions) { responses in
                    for try await response in responses {
                        try FileHandle.standardOutput.write(contentsOf: response.data)
                    }
                }
            }
        }
    }
}

struct TelecomVillagesExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write every village as CSV, which `import` reads back.")
    @OptionGroup var export: TelecomExportCommand

    func run() async throws {
        try await export.export { client, options, body in
            try await client.exportVillages(APIExportRequest(), options: options, onResponses: body)
        }
    }
}

struct TelecomCoverageExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the coverage that stands (a declaration over an estimate) as CSV.")
    @OptionGroup var export: TelecomExportCommand

    func run() async throws {
        try await export.export { client, options, body in
            try await client.exportCoverage(APIExportRequest(), options: options, onResponses: body)
        }
    }
}
