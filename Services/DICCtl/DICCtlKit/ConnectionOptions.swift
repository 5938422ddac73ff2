import ArgumentParser
import Foundation
import HTTP2Transport
import OpenSSLTLS
import RPCCore

/// How dicctl reaches a service, shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long, help: "Service address, host:port (default: $DIC_ADDRESS, or the service's own port on 127.0.0.1)."
    )
    var address: String?

    @Option(name: .long, help: "Seconds to wait for an answer.")
    var timeout: Double = 30

    @Option(name: .long, help: "table or json.")
    var output: OutputFormat = .table

    @Option(name: .long, help: "CA certificates (PEM) to verify the service by; turns TLS on (default: $DIC_TLS_CA).")
    var tlsCa: String?

    @Flag(name: .long, help: "Use TLS, verifying the service against the system's trusted CAs.")
    var tls = false

    var resolvedAddress: String {
        address ?? ProcessInfo.processInfo.environment["DIC_ADDRESS"]
            ?? Self.defaultAddress(arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Each service's own default port, chosen by the service command the arguments name
    /// (`dicctl telecom ...` talks to 127.0.0.1:50052); the rest go to dic-units on 50050.
    static func defaultAddress(arguments: [String]) -> String {
        let ports = ["licensing": 50051, "telecom": 50052, "dx": 50053, "report": 50054]
        let command = arguments.first { !$0.hasPrefix("-") }
        return "127.0.0.1:\(command.flatMap { ports[$0] } ?? 50050)"
    }

    var callOptions: CallOptions { CallOptions(timeout: .milliseconds(Int64(timeout * 1000))) }

    /// Runs `body` with a client to the service, and closes the connection afterwards.
    func withClient<T>(_ body: (RPCClient) async throws -> T) async throws -> T {
        let address = resolvedAddress
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ValidationError("--address: '\(address)' is not host:port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var configuration = HTTP2ClientConfiguration()
        if let ca = tlsCa ?? ProcessInfo.processInfo.environment["DIC_TLS_CA"], !ca.isEmpty {
            configuration.tls = try TLSContext.client(caPath: ca)
        } else if tls {
            configuration.tls = try TLSContext.client()
        }
        let transport = HTTP2ClientTransport(host: host, port: port, configuration: configuration)
        var interceptors: [any ClientInterceptor] = []
        if let token = ProcessInfo.processInfo.environment["DIC_TOKEN"], !token.isEmpty {
            interceptors.append(BearerToken(token: token))
        }
        do {
            let result = try await body(RPCClient(transport: transport, interceptors: interceptors))
            await transport.close()
            return result
        } catch {
            await transport.close()
            throw error
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument {
    case table, json
}
