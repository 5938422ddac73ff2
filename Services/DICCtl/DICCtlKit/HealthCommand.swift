import ArgumentParser
import GRPCHealth
import RPCCore

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Show whether a service is serving (exit status 1 when it is not).")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "One API to check, such as dic.common.v1.AdminUnits; the whole server by default.")
    var service = ""

    func run() async throws {
        try await DICCtl.run {
            let status = try await connection.withClient { rpc in
                try await HealthService.Client(rpc).check(
                    HealthCheckRequest(service: service), options: connection.callOptions
                ).status
            }
            let name = "\(status)".uppercased()
            Output.print(
                connection.output, columns: ["SERVICE", "STATUS"],
                rows: [[service.isEmpty ? "(server)" : service, name]],
                json: ["service": service, "status": name])
            if status != .serving { throw ExitCode.failure }
        }
    }
}
