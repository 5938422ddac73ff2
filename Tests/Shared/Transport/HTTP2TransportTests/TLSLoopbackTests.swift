import EchoContract
import Foundation
import HTTP2Transport
import OpenSSLTLS
import ProtoWire
import RPCCore
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Certificates made with the openssl CLI, as the Python TLS tests make them, once a run, in a
/// directory removed when the run ends.
enum TestCertificates {
    static var path: String { NSTemporaryDirectory() + "dic-tls-\(getpid())" }

    static let directory: String? = {
        let directory = path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestCertificates.path) }
        let script = """
            set -e; cd '\(directory)'
            EC='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'
            openssl req -x509 $EC -keyout ca.key -out ca.crt -days 30 -subj '/CN=Test CA'
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
            openssl req $EC -keyout server.key -out server.csr -subj '/CN=localhost'
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 30 -extfile server.ext
            printf 'subjectAltName=DNS:dic-aggregator.internal,IP:10.1.2.3\\nextendedKeyUsage=clientAuth\\n' > client.ext
            openssl req $EC -keyout client.key -out client.csr -subj '/O=DIC/CN=dic-aggregator'
            openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 30 -extfile client.ext
            """
        return system("(\(script)) > /dev/null 2>&1") == 0 ? directory : nil
    }()
}

/// Records the peer identity each call saw.
final class IdentityProbe: UnaryEchoService {
    let seen = Mutex<[PeerIdentity?]>([])
    func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
        seen.withLock { $0.append(context.peerIdentity) }
        return EchoResponse(text: request.text)
    }
}

struct TLSLoopbackTests {
    func withTLSServer<T: Sendable>(
        clientCA: Bool = false, service: some RPCService = EchoHandler(),
        _ body: @Sendable (Int, String) async throws -> T
    ) async throws -> T {
        let directory = try #require(TestCertificates.directory, "openssl could not make test certificates")
        var configuration = HTTP2ServerConfiguration()
        configuration.threads = 1
        configuration.shutdownGracePeriod = .seconds(1)
        configuration.tls = try TLSContextProvider(
            certificateChainPath: directory + "/server.crt", privateKeyPath: directory + "/server.key",
            clientCAPath: clientCA ? directory + "/ca.crt" : nil)
        let server = HTTP2Server(host: "127.0.0.1", port: 0, configuration: configuration)
        var router = RPCRouter()
        router.add(service)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [router] in try await server.serve(router: router) }
            let port = try await server.listeningPort()
            do {
                let result = try await body(port, directory)
                server.beginGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    func client(port: Int, tls: TLSContext, serverName: String? = nil) -> (EchoService.Client, HTTP2ClientTransport) {
        var configuration = HTTP2ClientConfiguration()
        configuration.tls = tls
        configuration.serverName = serverName
        let transport = HTTP2ClientTransport(host: "127.0.0.1", port: port, configuration: configuration)
        return (EchoService.Client(RPCClient(transport: transport)), transport)
    }

    @Test func ourClientOverTLS() async throws {
        try await withTLSServer { port, directory in
            let (client, transport) = client(port: port, tls: try TLSContext.client(caPath: directory + "/ca.crt"))
            let reply = try await client.get(EchoRequest(text: "an toàn"))
            #expect(reply.text == "an toàn")
            let ids = try await client.expand(EchoRequest(values: Array(0..<50))) { responses in
                var ids: [Int64] = []
                for try await response in responses { ids.append(response.id) }
                return ids
            }
            #expect(ids.count == 50)
            await transport.close()
        }
    }

    @Test func ourClientRefusesAServerWithTheWrongName() async throws {
        try await withTLSServer { port, directory in
            let (client, transport) = client(
                port: port, tls: try TLSContext.client(caPath: directory + "/ca.crt"), serverName: "wrong.example")
            let error = await #expect(throws: RPCError.self) { try await client.get(EchoRequest()) }
            #expect(error?.code == .unavailable)
            await transport.close()
        }
    }

    @Test func mutualTLSGivesHandlersTheVerifiedIdentity() async throws {
        let probe = IdentityProbe()
        try await withTLSServer(clientCA: true, service: probe) { port, directory in
            let tls = try TLSContext.client(
                caPath: directory + "/ca.crt", certificateChainPath: directory + "/client.crt",
                privateKeyPath: directory + "/client.key")
            let (client, transport) = client(port: port, tls: tls)
            _ = try await client.get(EchoRequest(text: "x"))
            await transport.close()
            let (anonymous, anonymousTransport) = self.client(
                port: port, tls: try TLSContext.client(caPath: directory + "/ca.crt"))
            await #expect(throws: RPCError.self) { try await anonymous.get(EchoRequest()) }
            await anonymousTransport.close()
        }
        let identity = try #require(probe.seen.withLock { $0 }.first ?? nil)
        #expect(identity.commonName == "dic-aggregator")
        #expect(identity.subject == "/O=DIC/CN=dic-aggregator")
        #expect(identity.dnsNames == ["dic-aggregator.internal"])
        #expect(identity.ipAddresses == ["10.1.2.3"])
        #expect(probe.seen.withLock { $0 }.count == 1)  // the anonymous client never reached the handler
    }

    @Test func aKeyThatDoesNotMatchTheCertificateIsRefused() throws {
        let directory = try #require(TestCertificates.directory)
        #expect(throws: TLSError.self) {
            try TLSContext.server(
                certificateChainPath: directory + "/server.crt", privateKeyPath: directory + "/client.key")
        }
    }
}
