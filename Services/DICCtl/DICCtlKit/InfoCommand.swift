import ArgumentParser
import CommonAPI
import RPCCore

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show which service and version runs, and its schema versions.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await DICCtl.run {
            let info = try await connection.withClient { rpc in
                try await ServiceAdminService.Client(rpc).getServiceInfo(
                    ServiceInfoRequest(), options: connection.callOptions)
            }
            let schemas = info.schemaVersions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            Output.print(
                connection.output, columns: ["SERVICE", "VERSION", "SCHEMAS"],
                rows: [[info.service, info.version, schemas.joined(separator: " ")]],
                json: ["service": info.service, "version": info.version, "schemaVersions": info.schemaVersions])
        }
    }
}
