import EchoContract
import HTTP2Transport
import NIOCore
import NIOPosix
import RPCCore
import Synchronization
import Testing

/// A server given its caller's event loops serves on them and leaves them running when it stops:
/// the host shares them with its database clients and shuts them down after the database.
struct HTTP2ServerSharedLoopsTests {
    /// Answers with the text sent, noting which event loop the handler ran on.
    final class LoopProbe: UnaryEchoService {
        let loops = Mutex<[ObjectIdentifier]>([])

        func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
            if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
                loops.withLock { $0.append(ObjectIdentifier(loop as AnyObject)) }
            }
            return EchoResponse(text: request.text)
        }
    }

    @Test func callsAreServedOnTheGivenLoopsWhichOutliveTheServer() async throws {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = loops.next()
        let probe = LoopProbe()
        var configuration = HTTP2ServerConfiguration()
        configuration.shutdownGracePeriod = .seconds(1)
        let server = HTTP2Server(host: "127.0.0.1", port: 0, configuration: configuration, group: loops)
        var router = RPCRouter()
        router.add(probe)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [router] in try await server.serve(router: router) }
            let port = try await server.listeningPort()
            let transport = HTTP2ClientTransport(host: "127.0.0.1", port: port)
            let client = EchoService.Client(RPCClient(transport: transport))
            #expect(try await client.get(EchoRequest(text: "một")).text == "một")
            #expect(try await client.get(EchoRequest(text: "hai")).text == "hai")
            await transport.close()
            server.beginGracefulShutdown()
            try await group.waitForAll()
        }
        #expect(
            probe.loops.withLock { $0 } == [ObjectIdentifier(loop as AnyObject), ObjectIdentifier(loop as AnyObject)])
        // Stopped, the server has left the loops to their owner: they still run work.
        #expect(try await loop.submit { 7 }.get() == 7)
        try await loops.shutdownGracefully()
    }
}
