import ArgumentParser
import CommonAPI
import LicensingAPI

/// `dicctl licensing procedures`: the procedures and their statutory times.
struct ProceduresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procedures", abstract: "Administrative procedures and their processing times.",
        subcommands: [List.self, Set.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every procedure.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await DICCtl.run {
                let procedures = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await APILicensingService.Client(rpc).listProcedures(
                            APIListProceduresRequest(page: page), options: connection.callOptions)
                        return (found.procedures, found.page)
                    }
                }
                Output.print(
                    connection.output, columns: ["CODE", "KIND", "ACTION", "DAYS", "COUNTED IN", "NAME"],
                    rows: procedures.map {
                        [
                            $0.code, WireChoice.name($0.kind), WireChoice.name($0.action), "\($0.processingDays)",
                            WireChoice.name($0.dayCount) + " days", $0.name,
                        ]
                    },
                    json: procedures.map {
                        [
                            "code": $0.code, "name": $0.name, "kind": WireChoice.name($0.kind),
                            "action": WireChoice.name($0.action), "processingDays": $0.processingDays,
                            "dayCount": WireChoice.name($0.dayCount),
                        ] as [String: Any]
                    })
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a procedure or change one (administrators); dossiers already received keep their time.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The procedure code, such as 1.003868.") var code: String
        @Option(help: "Name.") var name: String
        @Option(help: "Licence kind.") var kind: String
        @Option(help: "Licence action it leads to.") var action: String
        @Option(help: "Statutory processing time.") var days: Int32
        @Option(help: "working or calendar.") var counted: String = "working"

        func run() async throws {
            let procedure = APIProcedure(
                code: code, name: name, kind: try WireChoice.parse(kind, option: "--kind"),
                action: try WireChoice.parse(action, option: "--action"), processingDays: days,
                dayCount: try WireChoice.parse(counted, option: "--counted"))
            try await DICCtl.run {
                _ = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).saveProcedure(
                        APISaveProcedureRequest(procedure: procedure), options: connection.callOptions)
                }
                Swift.print("saved \(code)")
            }
        }
    }
}
