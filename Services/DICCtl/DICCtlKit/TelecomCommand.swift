import ArgumentParser
import CommonAPI
import Foundation
import RPCCore
import TelecomAPI

struct TelecomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "telecom",
        abstract: "The post and telecom team's service, dic-telecom (default address 127.0.0.1:50052).",
        discussion: """
            Base stations against the plan, villages and their coverage, radio stations, postal points and
            urban cable. Imports read CSV files with a header (see `dicctl telecom <kind> import --help`),
            print each bad row as FILE:LINE: field: reason, and exit with status 1 when any row was refused.
            """,
        subcommands: [
            TelecomSitesCommand.self, TelecomPlanCommand.self, TelecomVillagesCommand.self,
            TelecomCoverageCommand.self, TelecomRadioCommand.self, TelecomPostalCommand.self,
            TelecomCablesCommand.self, TelecomWifiCommand.self, TelecomFrequencyCommand.self,
        ])

    /// Streams `file` to an import call with a progress bar, prints the outcome and the problems.
    static func importFile(
        _ file: String, dryRun: Bool, connection: ConnectionOptions,
        call:
            @escaping @Sendable (
                APITelecomService.Client, CallOptions,
                @escaping @Sendable (RPCWriter<APIImportRequest>) async throws -> Void
            ) async throws -> APIImportResponse
    ) async throws {
        try await DICCtl.run {
            let options = CallOptions(timeout: .seconds(max(connection.timeout, 3600)), compression: .gzip)
            let response = try await connection.withClient { rpc in
                try await call(APITelecomService.Client(rpc), options) { writer in
                    try await FileUpload.stream(file) { bytes in
                        try await writer.write(APIImportRequest(data: bytes, dryRun: dryRun))
                    }
                }
            }
            FileUpload.printProblems(
                file, response.problems.map { ($0.line, $0.field, $0.reason) }, total: response.problemsTotal)
            Output.print(
                connection.output, columns: ["ROWS", "ADDED", "UPDATED", "UNCHANGED", "REFUSED", "DRY RUN"],
                rows: [
                    [
                        "\(response.rows)", "\(response.added)", "\(response.updated)", "\(response.unchanged)",
                        "\(response.refused)", response.dryRun ? "yes" : "no",
                    ]
                ],
                json: [
                    "rows": response.rows, "added": response.added, "updated": response.updated,
                    "unchanged": response.unchanged, "refused": response.refused, "dryRun": response.dryRun,
                    "problems": response.problems.map {
                        ["line": $0.line, "field": $0.field, "reason": $0.reason] as [String: Any]
                    },
                ])
            if response.refused > 0 {
                FileHandle.standardError.write(
                    Data("error: \(response.refused) rows refused (see the lines above)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    static let technologyNames: [(APITechnology, String)] = [(._2G, "2G"), (._3G, "3G"), (._4G, "4G"), (._5G, "5G")]

    static func technologyName(_ technology: APITechnology) -> String {
        technologyNames.first { $0.0 == technology }?.1 ?? ""
    }

    static func technology(_ text: String?) throws -> APITechnology {
        guard let text else { return .unspecified }
        guard let match = technologyNames.first(where: { $0.1 == text.uppercased() }) else {
            throw ValidationError("--technology: '\(text)' is not 2G, 3G, 4G or 5G")
        }
        return match.0
    }

    static let mastNames: [(APIMastClass, String)] = [(.a1A, "A1a"), (.a1B, "A1b"), (.a2A, "A2a"), (.a2B, "A2b")]

    static func mastName(_ mast: APIMastClass) -> String { mastNames.first { $0.0 == mast }?.1 ?? "" }

    static func mast(_ text: String) throws -> APIMastClass {
        guard let match = mastNames.first(where: { $0.1.lowercased() == text.lowercased() }) else {
            throw ValidationError("mast class '\(text)' is not A1a, A1b, A2a or A2b")
        }
        return match.0
    }

    static func technologies(_ site: APISite) -> String {
        site.technologies.map { item in
            let name = technologyNames.first { $0.0 == item.technology }?.1 ?? "?"
            let on = item.switchedOn.map { "\(name):\(Output.date($0))" } ?? name
            return item.switchedOff.map { "\(on):\(Output.date($0))" } ?? on
        }.joined(separator: ";")
    }

    static func print(_ sites: [APISite], _ format: OutputFormat) {
        Output.print(
            format, columns: ["OPERATOR", "CODE", "UNIT", "POSITION", "TECHNOLOGIES", "MAST", "STATUS", "PLAN"],
            rows: sites.map {
                [
                    $0.operator, $0.code, $0.unitCode,
                    String(format: "%.5f,%.5f", $0.position?.latitude ?? 0, $0.position?.longitude ?? 0),
                    technologies($0), TelecomCommand.mastName($0.mastClass), WireChoice.name($0.status),
                    $0.planCheck.map {
                        "\(WireChoice.name($0.outcome)) (\($0.nearestPlannedSite) \(Int($0.nearestDistanceM)) m)"
                    } ?? "",
                ]
            },
            json: sites.map {
                [
                    "operator": $0.operator, "code": $0.code, "unitCode": $0.unitCode, "address": $0.address,
                    "latitude": $0.position?.latitude ?? 0, "longitude": $0.position?.longitude ?? 0,
                    "technologies": technologies($0), "mastClass": TelecomCommand.mastName($0.mastClass),
                    "mastHeightM": $0.mastHeightM, "tenants": $0.tenants, "status": WireChoice.name($0.status),
                    "planCheck": $0.planCheck.map {
                        [
                            "outcome": WireChoice.name($0.outcome), "matched": $0.matchedPlanCode,
                            "nearestPlannedSite": $0.nearestPlannedSite, "nearestDistanceM": $0.nearestDistanceM,
                            "checkedBy": $0.checkedBy, "checkedAt": Output.time($0.checkedAt),
                        ] as [String: Any]
                    } ?? [:],
                ] as [String: Any]
            })
    }
}

struct TelecomSitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites", abstract: "Base stations: list, import an operator's list, check against the plan.",
        subcommands: [List.self, Get.self, Import.self, Export.self, Check.self, Move.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sites by operator, unit, status or technology.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words in the code or address.") var query = ""
        @Option(help: "Operator code, such as viettel.") var `operator` = ""
        @Option(help: "The unit (and every unit inside it).") var unit = ""
        @Option(help: "proposed, location_checked, built, on_air or decommissioned.") var status: String?
        @Option(help: "2g, 3g, 4g or 5g.") var technology: String?
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListSitesRequest(
                query: query, operator: `operator`, unitCode: unit,
                status: try WireChoice.parse(status, option: "--status"),
                technology: try TelecomCommand.technology(technology),
                page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listSites(request, options: connection.callOptions)
                }
                TelecomCommand.print(found.sites, connection.output)
                Output.footer(shown: found.sites.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One site.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Operator code.") var `operator`: String
        @Argument(help: "Site code.") var code: String

        func run() async throws {
            try await DICCtl.run {
                let site = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).getSite(
                        APIGetSiteRequest(operator: `operator`, code: code), options: connection.callOptions)
                }
                TelecomCommand.print([site], connection.output)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an operator's site list.",
            discussion: """
                Columns: operator, code, unit_code, address, latitude, longitude, technologies
                ("2G:2012-05-01;4G:2019-03-01;5G", a switch-off day after a second colon), mast_class,
                mast_height_m, tenants ("vnpt;mobifone"), status, decommissioned_on (a decommissioned site's day).
                New sites are added, changed ones updated, identical ones left: a re-run changes nothing.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report; store nothing.") var dryRun = false

        func run() async throws {
            try await TelecomCommand.importFile(file, dryRun: dryRun, connection: connection) {
                client, options, requests in
                try await client.importSites(options: options, requests: requests).message
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every site as CSV, which `import` reads back.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await DICCtl.run {
                try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).exportSites(
                        APIExportRequest(), options: connection.callOptions
                    ) {
                        responses in
                        for try await response in responses {
                            try FileHandle.standardOutput.write(contentsOf: response.data)
                        }
                    }
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a site against the plan; records the finding, who checked and when.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Operator code.") var `operator`: String
        @Argument(help: "Site code.") var code: String

        func run() async throws {
            try await DICCtl.run {
                let site = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).checkSite(
                        APICheckSiteRequest(operator: `operator`, code: code), options: connection.callOptions)
                }
                TelecomCommand.print([site], connection.output)
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a site on: location_checked (needs a conforming check), built, on_air, decommissioned.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Operator code.") var `operator`: String
        @Argument(help: "Site code.") var code: String
        @Option(help: "The new status.") var to: String
        @Option(help: "The day of the move, YYYY-MM-DD (default: today); kept for a decommissioning.")
        var on: String?

        func run() async throws {
            let request = APIMoveSiteRequest(
                operator: `operator`, code: code, status: try WireChoice.parse(to, option: "--to"),
                on: try on.map { try Output.parseDate($0, option: "--on") })
            try await DICCtl.run {
                let site = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).moveSite(request, options: connection.callOptions)
                }
                TelecomCommand.print([site], connection.output)
            }
        }
    }
}
