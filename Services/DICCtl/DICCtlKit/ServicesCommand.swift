import ArgumentParser
import GRPCReflection
import RPCCore

struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services", abstract: "List the APIs a service offers (through server reflection).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await DICCtl.run {
            let names = try await connection.withClient { rpc in
                try await ServerReflectionService.Client(rpc).serverReflectionInfo(options: connection.callOptions) {
                    requests in
                    try await requests.write(ServerReflectionRequest(messageRequest: .listServices("")))
                } onResponses: { responses in
                    var names: [String] = []
                    for try await response in responses {
                        if case .listServicesResponse(let list)? = response.messageResponse {
                            names += list.service.map(\.name)
                        }
                    }
                    return names
                }
            }
            Output.print(connection.output, columns: ["SERVICE"], rows: names.map { [$0] }, json: names)
        }
    }
}
