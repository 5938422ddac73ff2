// dic-console: the officers' web application. It serves pages over HTTP (behind the edge's TLS in
// a deployment) and calls the services over gRPC as the signed-in officer.
import ConsoleKit
import Foundation
import HTTP2Transport
import Hummingbird
import Logging
import NIOPosix
import OpenSSLTLS
import RPCCore
import ServiceRuntime

#if canImport(Glibc)
import Glibc
#endif

let addresses = [
    (
        "licensing",
        ConfigurationKey(
            environment: "DIC_LICENSING_ADDRESS", flag: "--licensing-address", json: "licensingAddress",
            help: "dic-licensing's gRPC address, host:port (default 127.0.0.1:50051)"), 50051
    ),
    (
        "telecom",
        ConfigurationKey(
            environment: "DIC_TELECOM_ADDRESS", flag: "--telecom-address", json: "telecomAddress",
            help: "dic-telecom's gRPC address, host:port (default 127.0.0.1:50052)"), 50052
    ),
    (
        "dx",
        ConfigurationKey(
            environment: "DIC_DX_ADDRESS", flag: "--dx-address", json: "dxAddress",
            help: "dic-dx's gRPC address, host:port (default 127.0.0.1:50053)"), 50053
    ),
    (
        "aggregator",
        ConfigurationKey(
            environment: "DIC_AGGREGATOR_ADDRESS", flag: "--aggregator-address", json: "aggregatorAddress",
            help: "dic-aggregator's gRPC address, host:port (default 127.0.0.1:50054)"), 50054
    ),
]
let upstreamCA = ConfigurationKey(
    environment: "DIC_UPSTREAM_TLS_CA", flag: "--upstream-tls-ca", json: "upstreamTLSCA",
    help: "CA certificates (PEM) to verify the services by; turns TLS to them on")
let aggregatorCA = ConfigurationKey(
    environment: "DIC_AGGREGATOR_TLS_CA", flag: "--aggregator-tls-ca", json: "aggregatorTLSCA",
    help: "CA certificates (PEM) to verify the aggregator alone by, where only it speaks TLS (compose: it is the edge)")
let sessionKeyFile = ConfigurationKey(
    environment: "DIC_SESSION_KEY_FILE", flag: "--session-key-file", json: "sessionKeyFile",
    help: "the key that signs session cookies (default <data dir>/console-session.key, created when absent)")
let secureCookies = ConfigurationKey(
    environment: "DIC_SECURE_COOKIES", flag: "--secure-cookies", json: "secureCookies",
    help: "on: session cookies are always Secure (the console is reached over https); default: when the edge says https"
)

func run() async -> Int32 {
    let keys =
        [
            ConfigurationKey.listen, .dataDirectory, .logLevel, .logFormat, upstreamCA, sessionKeyFile, secureCookies,
            .identityIssuerAddress, aggregatorCA,
        ]
        + addresses.map(\.1)
    var logger = Logger(label: "dic-console")
    do {
        let source = try ConfigurationSource(
            arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
            keys: keys)
        let listen = try source.get(.listen, default: HostPort(host: "127.0.0.1", port: 8080), HostPort.parse)
        let dataDirectory = try source.get(.dataDirectory, default: "data") { .success($0) }
        logger.logLevel = try source.get(.logLevel, default: .info) { text in
            Logger.Level(rawValue: text).map { .success($0) } ?? .failure(ConfigurationReason("must be a log level"))
        }
        var client = HTTP2ClientConfiguration()
        client.tls = try source.get(upstreamCA, default: nil) { path -> Result<TLSContext?, ConfigurationReason> in
            do {
                return .success(try TLSContext.client(caPath: path))
            } catch {
                return .failure(ConfigurationReason("\(error)"))
            }
        }
        var aggregatorClient = client
        if let tls = try source.get(
            aggregatorCA, default: nil,
            { path -> Result<TLSContext?, ConfigurationReason> in
                do {
                    return .success(try TLSContext.client(caPath: path))
                } catch {
                    return .failure(ConfigurationReason("\(error)"))
                }
            })
        {
            aggregatorClient.tls = tls
        }
        var aggregatorAddress = HostPort(host: "127.0.0.1", port: 50054)
        let transports = try addresses.map { name, key, port in
            let address = try source.get(key, default: HostPort(host: "127.0.0.1", port: port), HostPort.parse)
            if name == "aggregator" { aggregatorAddress = address }
            return HTTP2ClientTransport(
                host: address.host, port: address.port, configuration: name == "aggregator" ? aggregatorClient : client,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton) as any ClientTransport
        }
        let issuer = try source.get(.identityIssuerAddress, default: nil) { text in
            HostPort.parse(text).map { Optional($0) }
        }.map { address in
            // Usually the aggregator itself, reached as the aggregator is.
            address == aggregatorAddress
                ? transports[3]
                : HTTP2ClientTransport(
                    host: address.host, port: address.port, configuration: client,
                    eventLoopGroup: MultiThreadedEventLoopGroup.singleton) as any ClientTransport
        }
        let keyPath = try source.get(sessionKeyFile, default: dataDirectory + "/console-session.key") { .success($0) }
        var settings = Console.Settings()
        settings.secureCookies = try source.get(secureCookies, default: false) { text in
            switch text {
            case "on": .success(true)
            case "off": .success(false)
            default: .failure(ConfigurationReason("must be on or off"))
            }
        }
        let console = try Console(
            upstreams: Upstreams(
                licensing: transports[0], telecom: transports[1], dx: transports[2], aggregator: transports[3],
                issuer: issuer),
            key: try SessionKey.loadOrCreate(at: keyPath), settings: settings)
        let runningLogger = logger
        let application = Application(
            router: console.router(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "dic-console"),
            onServerRunning: { channel in
                // The bound address, for a caller that asked for port 0.
                let port = channel.localAddress?.port ?? listen.port
                runningLogger.info("dic-console listening", metadata: ["address": "\(listen.host):\(port)"])
                FileHandle.standardOutput.write(Data("listening on \(listen.host):\(port)\n".utf8))
            },
            logger: logger)
        try await application.runService()
        return 0
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("dic-console: configuration error: \(error)\n".utf8))
        return 78
    } catch {
        FileHandle.standardError.write(Data("dic-console: \(error)\n".utf8))
        return 1
    }
}

exit(await run())
