import ArgumentParser
import CommonAPI
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

    @Option(
        name: .long,
        help:
            "The deployment's identity issuer, host:port: $DIC_TOKEN is exchanged there for an identity the service accepts (default: $DIC_IDENTITY_ISSUER_ADDRESS; unset sends $DIC_TOKEN as it is)."
    )
    var identityIssuer: String?

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
        let (host, port) = try Self.split(resolvedAddress, option: "--address")
        var configuration = HTTP2ClientConfiguration()
        if let ca = tlsCa ?? ProcessInfo.processInfo.environment["DIC_TLS_CA"], !ca.isEmpty {
            configuration.tls = try TLSContext.client(caPath: ca)
        } else if tls {
            configuration.tls = try TLSContext.client()
        }
        let transport = HTTP2ClientTransport(host: host, port: port, configuration: configuration)
        var interceptors: [any ClientInterceptor] = []
        var issuerTransport: HTTP2ClientTransport?
        let issuer =
            identityIssuer
            ?? ProcessInfo.processInfo.environment["DIC_IDENTITY_ISSUER_ADDRESS"].flatMap {
                $0.isEmpty ? nil : $0
            }
        if let token = ProcessInfo.processInfo.environment["DIC_TOKEN"], !token.isEmpty {
            if let issuer {
                let (issuerHost, issuerPort) = try Self.split(issuer, option: "--identity-issuer")
                let transport = HTTP2ClientTransport(host: issuerHost, port: issuerPort, configuration: configuration)
                issuerTransport = transport
                interceptors.append(
                    BearerToken(
                        source: IdentityCredential(
                            issuer: transport, personalToken: token, timeout: .milliseconds(Int64(timeout * 1000)))))
            } else {
                interceptors.append(BearerToken(token: token))
            }
        }
        do {
            let result = try await body(RPCClient(transport: transport, interceptors: interceptors))
            await transport.close()
            await issuerTransport?.close()
            return result
        } catch {
            await transport.close()
            await issuerTransport?.close()
            throw error
        }
    }

    static func split(_ address: String, option: String) throws -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ValidationError("\(option): '\(address)' is not host:port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}

enum OutputFormat: String, ExpressibleByArgument {
    case table, json
}
