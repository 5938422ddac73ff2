// dic-aggregator: the department's quarterly report, built from the three sector services'
// public APIs (never their databases), kept with what it was built from, on the shared runtime.
import AccessControl
import AdminUnits
import Aggregator
import CSV
import CommonAPI
import Foundation
import HTTP2Transport
import NIOPosix
import OpenSSLTLS
import OperatorFiles
import RPCCore
import Report
import ReportAPI
import ServiceRuntime

#if canImport(Glibc)
import Glibc
#endif

let licensingAddress = ConfigurationKey(
    environment: "DIC_LICENSING_ADDRESS", flag: "--licensing-address", json: "licensingAddress",
    help: "dic-licensing's gRPC address, host:port (default 127.0.0.1:50051)")
let telecomAddress = ConfigurationKey(
    environment: "DIC_TELECOM_ADDRESS", flag: "--telecom-address", json: "telecomAddress",
    help: "dic-telecom's gRPC address, host:port (default 127.0.0.1:50052)")
let dxAddress = ConfigurationKey(
    environment: "DIC_DX_ADDRESS", flag: "--dx-address", json: "dxAddress",
    help: "dic-dx's gRPC address, host:port (default 127.0.0.1:50053)")
/// Secrets, as DIC_ADMIN_TOKEN is: from the environment or the file, never a flag. Tokens belong to
/// the service that issued them, so there is one per service; the upstream one serves any service
/// without its own.
let upstreamToken = ConfigurationKey(
    environment: "DIC_UPSTREAM_TOKEN", flag: "", json: "upstreamToken",
    help: "the token the aggregator presents to a service without its own token setting", isSecret: true)
let serviceTokens = [
    ConfigurationKey(
        environment: "DIC_LICENSING_TOKEN", flag: "", json: "licensingToken",
        help: "the token the aggregator presents to dic-licensing (a reader there)", isSecret: true),
    ConfigurationKey(
        environment: "DIC_TELECOM_TOKEN", flag: "", json: "telecomToken",
        help: "the token the aggregator presents to dic-telecom (a reader there)", isSecret: true),
    ConfigurationKey(
        environment: "DIC_DX_TOKEN", flag: "", json: "dxToken",
        help: "the token the aggregator presents to dic-dx (a reader there)", isSecret: true),
]
let upstreamCA = ConfigurationKey(
    environment: "DIC_UPSTREAM_TLS_CA", flag: "--upstream-tls-ca", json: "upstreamTLSCA",
    help: "CA certificates (PEM) to verify the services by; turns TLS to them on")
let upstreamTimeout = ConfigurationKey(
    environment: "DIC_UPSTREAM_TIMEOUT", flag: "--upstream-timeout", json: "upstreamTimeout",
    help: "seconds each service has to answer, retries included (default 10)")
let authority = ConfigurationKey(
    environment: "DIC_REPORT_AUTHORITY", flag: "--report-authority", json: "reportAuthority",
    help: "the letterhead's authority line, for every period (default: the letterheads')")
let place = ConfigurationKey(
    environment: "DIC_REPORT_PLACE", flag: "--report-place", json: "reportPlace",
    help: "the place the report is dated at, for every period (default: the letterheads')")
let letterheads = ConfigurationKey(
    environment: "DIC_LETTERHEADS", flag: "--letterheads", json: "letterheads",
    help: "a CSV file of dated letterheads (from,authority,department,place,number_suffix,recipients,copies_to,"
        + "signer_title,signer_name; lists separated by |); default: Bắc Kạn's, through the 2025 reforms")

let definition = ServiceHost.Definition(
    name: "aggregator",
    defaults: RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50054), metricsListen: HostPort(host: "127.0.0.1", port: 9054)),
    migrations: AdminUnitStore.migrations + ReportStore.migrations,
    services: [APIReportsService.descriptor],
    files: [APIReportsService.file, CommonProtoFile.descriptor],
    settings: [
        licensingAddress, telecomAddress, dxAddress, upstreamToken, upstreamCA, upstreamTimeout, authority, place,
        letterheads, .identityIssuerAddress,
    ] + serviceTokens + ConfigurationKey.unitKeys
) { environment in
    let settings = environment.settings
    let addresses = try [
        (licensingAddress, HostPort(host: "127.0.0.1", port: 50051)),
        (telecomAddress, HostPort(host: "127.0.0.1", port: 50052)),
        (dxAddress, HostPort(host: "127.0.0.1", port: 50053)),
    ].map { key, fallback in try settings.get(key, default: fallback, HostPort.parse) }
    let shared = try settings.get(upstreamToken, default: "") { .success($0) }
    let tokens = try serviceTokens.map { key in try settings.get(key, default: shared) { .success($0) } }
    let timeout = try settings.get(upstreamTimeout, default: 10.0) { text in
        guard let seconds = Double(text), seconds > 0, seconds <= 600 else {
            return .failure(ConfigurationReason("expected seconds, more than 0 and at most 600"))
        }
        return .success(seconds)
    }
    var client = HTTP2ClientConfiguration()
    client.tls = try settings.get(upstreamCA, default: nil) { path -> Result<TLSContext?, ConfigurationReason> in
        do {
            return .success(try TLSContext.client(caPath: path))
        } catch {
            return .failure(ConfigurationReason("\(error)"))
        }
    }
    // Who the aggregator is to the services: a token exchanged at the identity issuer for one
    // identity, or each token as it is; with no token, on the issuer itself, an identity it signs.
    let issuerTransport = try settings.get(.identityIssuerAddress, default: nil) { text in
        HostPort.parse(text).map { Optional($0) }
    }.map { address in
        HTTP2ClientTransport(
            host: address.host, port: address.port, configuration: client,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton) as any ClientTransport
    }
    var exchanged: [String: IdentityCredential] = [:]
    let credentials: [(any BearerSource)?] = tokens.map { token in
        if token.isEmpty {
            return environment.identityIssuer.map { SelfIssuedIdentity(issuer: $0, principal: "dic-aggregator") }
        }
        guard let issuerTransport else { return FixedBearer(token: token) }
        if let known = exchanged[token] { return known }
        let credential = IdentityCredential(issuer: issuerTransport, personalToken: token)
        exchanged[token] = credential
        return credential
    }
    let clients = zip(addresses, credentials).map { address, credential in
        RPCClient(
            transport: HTTP2ClientTransport(
                host: address.host, port: address.port, configuration: client,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton),
            interceptors: credential.map { [BearerToken(source: $0)] } ?? [])
    }
    let history = try settings.get(letterheads, default: LetterheadHistory.bacKan) { path in
        // A letterhead file is a few lines; anything large, or not a regular file, is not one.
        guard let data = try? OperatorFile.read(path, atMost: 1 << 20) else {
            return .failure(ConfigurationReason("expected a readable letterhead CSV file of at most 1 MiB"))
        }
        do throws(CSVHeader.Problem) {
            return .success(try LetterheadHistory(csv: data))
        } catch {
            return .failure(ConfigurationReason("line \(error.line): \(error.field): \(error.reason)"))
        }
    }
    let authorityLine = try settings.get(authority, default: nil) { .success(Optional($0)) }
    let placeName = try settings.get(place, default: nil) { .success(Optional($0)) }
    let builder = QuarterlyReportBuilder(
        sources: .init(licensing: clients[0], telecom: clients[1], dx: clients[2]),
        letterheads: history.overriding(authority: authorityLine, place: placeName),
        deadline: .milliseconds(Int64(timeout * 1000)))
    // The units name the districts in sections 6 and 7 and check the districts' entries.
    let units = try await environment.adminUnits().store
    environment.logger.info(
        "reporting from the services",
        metadata: [
            "licensing": "\(addresses[0])", "telecom": "\(addresses[1])", "dx": "\(addresses[2])",
            "tokens": "\(tokens.map { $0.isEmpty ? "none" : "set" }.joined(separator: ","))",
        ])
    return [
        ReportsProvider(
            builder: builder, database: environment.database,
            unitNames: {
                let registry = units.registry
                return registry.units.isEmpty ? nil : registry.units.mapValues(\.name)
            })
    ]
}

exit(await ServiceHost.run(definition))
