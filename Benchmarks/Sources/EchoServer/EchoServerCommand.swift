import ArgumentParser
import EchoContract
import Foundation
import GRPCHealth
import GRPCReflection
import HTTP2Transport
import OpenSSLTLS
import RPCCore

#if canImport(Glibc)
import Glibc
#endif

/// The Echo contract served by our HTTP/2 transport, for benchmarks and interop tests. Prints
/// `listening on HOST:PORT` once bound (with `--port 0`, the port the system chose).
@main
struct EchoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-server", abstract: "Serve the Echo benchmark contract over gRPC (h2c).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 50051

    @Option(help: "Event-loop threads; defaults to the processors it may run on.")
    var threads = HTTP2ServerConfiguration().threads

    @Option(help: "Keepalive: ping a connection silent this long (milliseconds).")
    var keepaliveIntervalMs: Int?

    @Option(help: "Keepalive: close when the ping is not answered within this long (milliseconds).")
    var keepaliveTimeoutMs: Int?

    @Option(help: "Close connections older than this (milliseconds), gracefully.")
    var maxConnectionAgeMs: Int?

    @Option(help: "Grace for calls in flight when a shutdown begins (milliseconds).")
    var shutdownGraceMs: Int?

    @Option(help: "TLS certificate chain, PEM (default $DIC_TLS_CERT); with --tls-key, TLS is on.")
    var tlsCert: String?

    @Option(help: "TLS private key, PEM (default $DIC_TLS_KEY).")
    var tlsKey: String?

    @Option(help: "CA for client certificates, PEM (default $DIC_TLS_CLIENT_CA): mutual TLS required.")
    var tlsClientCa: String?

    mutating func run() async throws {
        guard threads > 0 else { throw ValidationError("--threads must be at least 1") }
        var configuration = HTTP2ServerConfiguration()
        configuration.threads = threads
        if let keepaliveIntervalMs { configuration.keepaliveInterval = .milliseconds(keepaliveIntervalMs) }
        if let keepaliveTimeoutMs { configuration.keepaliveTimeout = .milliseconds(keepaliveTimeoutMs) }
        if let maxConnectionAgeMs { configuration.maxConnectionAge = .milliseconds(maxConnectionAgeMs) }
        if let shutdownGraceMs { configuration.shutdownGracePeriod = .milliseconds(shutdownGraceMs) }
        let environment = ProcessInfo.processInfo.environment
        if let cert = tlsCert ?? environment["DIC_TLS_CERT"], let key = tlsKey ?? environment["DIC_TLS_KEY"] {
            // A TLS key with a certificate that does not load must stop the server, never fall back to h2c.
            do {
                configuration.tls = try TLSContextProvider(
                    certificateChainPath: cert, privateKeyPath: key,
                    clientCAPath: tlsClientCa ?? environment["DIC_TLS_CLIENT_CA"])
            } catch {
                throw ValidationError("TLS: \(error)")
            }
        }
        let server = HTTP2Server(host: host, port: port, configuration: configuration)
        let health = HealthProvider()
        // The Echo contract is protobuf's own, as the peers serve it: any string, NUL included.
        var router = RPCRouter(decoding: .default)
        router.add(EchoHandler())
        router.add(health)
        router.add(
            ReflectionService(
                services: [EchoService.descriptor, HealthService.descriptor],
                files: [EchoService.file, HealthService.file]))
        let host = self.host
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [router] in try await server.serve(router: router) }
            group.addTask {
                let port = try await server.listeningPort()
                print("listening on \(host):\(port)")
                fflush(nil)  // all streams: the test harness reads this line through a pipe
            }
            group.addTask {
                // SIGTERM and SIGINT drain in-flight calls, then exit.
                await SignalWaiter.wait(for: [SIGTERM, SIGINT])
                health.markAllNotServing()
                server.beginGracefulShutdown()
            }
            // Every task ends by itself: serve returns once a shutdown has drained the calls in
            // flight. Cancelling serve here instead would cut those calls off. An error (a port in
            // use) ends the loop, and leaving the group cancels the rest.
            for try await _ in group {}
        }
    }
}
