import EchoContract
import Foundation
import HTTP2Transport
import ProtoWire
import RPCCore
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Our HTTP/2 client against our HTTP/2 server over loopback.
struct HTTP2LoopbackTests {
    /// Fails every call with rich error details, as a service reporting field violations would.
    struct DetailedFailure: UnaryEchoService {
        static let details: [UInt8] = [0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]  // google.rpc.Status{3, "bad"}

        func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
            var metadata = Metadata()
            metadata.addBinary(Metadata.statusDetailsKey, Self.details)
            throw RPCError(.invalidArgument, "bad", metadata: metadata)
        }
    }

    func withServer<Result: Sendable>(
        service: some RPCService = EchoHandler(),
        highWatermark: Int? = nil,
        _ body: @Sendable (EchoService.Client, HTTP2Server, HTTP2ClientTransport) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTP2ServerConfiguration()
        configuration.threads = 1
        configuration.shutdownGracePeriod = .seconds(1)
        if let highWatermark { configuration.outboundHighWatermark = highWatermark }
        let server = HTTP2Server(host: "127.0.0.1", port: 0, configuration: configuration)
        // The transport's tests send texts of megabytes: no limit on a string but the message's.
        var router = RPCRouter(decoding: ProtoDecodingOptions(refusesNULInStrings: true))
        router.add(service)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [router] in try await server.serve(router: router) }
            let port = try await server.listeningPort()
            var clientConfiguration = HTTP2ClientConfiguration()
            if let highWatermark { clientConfiguration.outboundHighWatermark = highWatermark }
            let transport = HTTP2ClientTransport(host: "127.0.0.1", port: port, configuration: clientConfiguration)
            let client = EchoService.Client(RPCClient(transport: transport))
            do {
                let result = try await body(client, server, transport)
                await transport.close()
                server.beginGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await transport.close()
                group.cancelAll()
                throw error
            }
        }
    }

    @Test func unaryWithMetadataBothWays() async throws {
        try await withServer { client, _, _ in
            var metadata: Metadata = ["x-grpc-test-echo-initial": "hello"]
            metadata.addBinary("x-grpc-test-echo-trailing-bin", [0, 255, 7])
            let response = try await client.getWithMetadata(EchoRequest(text: "Bắc Kạn", id: 3), metadata: metadata)
            #expect(response.message.text == "Bắc Kạn")
            #expect(response.headers["x-grpc-test-echo-initial"] == "hello")
            #expect(response.trailers.binaryValues("x-grpc-test-echo-trailing-bin") == [[0, 255, 7]])
        }
    }

    @Test func allStreamingKinds() async throws {
        try await withServer { client, _, _ in
            let ids = try await client.expand(EchoRequest(values: Array(0..<100))) { responses in
                var ids: [Int64] = []
                for try await response in responses { ids.append(response.id) }
                return ids
            }
            #expect(ids == (0..<100).map(Int64.init))
            let collected = try await client.collect { writer in
                for index in 1...200 { try await writer.write(EchoRequest(text: "a", id: Int64(index))) }
            }
            #expect(collected.message.id == 20_100)
            let texts = try await client.chat { writer in
                for index in 0..<10 { try await writer.write(EchoRequest(text: "m\(index)")) }
            } onResponses: { responses in
                var texts: [String] = []
                for try await response in responses { texts.append(response.text) }
                return texts
            }
            #expect(texts == (0..<10).map { "m\($0)" })
        }
    }

    @Test func errorsCarryCodeAndUnicodeMessage() async throws {
        try await withServer { client, _, _ in
            let error = await #expect(throws: RPCError.self) {
                try await client.get(EchoRequest(failCode: 9, failMessage: "giấy phép đã hết hạn — 100%"))
            }
            #expect(error?.code == .failedPrecondition)
            #expect(error?.message == "giấy phép đã hết hạn — 100%")
        }
    }

    @Test func deadlineIsSentAndEnforced() async throws {
        try await withServer { client, _, _ in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await client.get(EchoRequest(delayMs: 5_000), options: CallOptions(timeout: .milliseconds(100)))
            }
            #expect(error?.code == .deadlineExceeded)
            // Before the handler's 5 s answer could arrive; a loaded machine took 2.2 s to say so.
            #expect(ContinuousClock.now - start < .seconds(4))
            // The connection is still good afterwards.
            let reply = try await client.get(EchoRequest(text: "after"))
            #expect(reply.text == "after")
        }
    }

    @Test func largeMessagesAndManyConcurrentCalls() async throws {
        try await withServer { client, _, _ in
            let big = String(repeating: "ạ", count: (3 << 20) / 3)
            let reply = try await client.get(EchoRequest(text: big))
            #expect(reply.text == big)
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<500 {
                    group.addTask { try await client.get(EchoRequest(id: Int64(index))).id }
                }
                var ids: [Int64] = []
                for try await id in group { ids.append(id) }
                return ids.sorted()
            }
            #expect(ids == (0..<500).map(Int64.init))
        }
    }

    /// A writer told to wait for the buffer to drain must not wait when it drained already: a
    /// message above the high watermark but within the flow-control window is often all sent by
    /// the flush that follows it, before the writer asks to be woken. That lost wake-up once hung
    /// the suite; the deadline turns a regression into a failure instead of a hang.
    @Test func writersPastTheHighWatermarkAreWokenWhenTheBufferHasAlreadyDrained() async throws {
        try await withServer(highWatermark: 8 << 10) { client, _, _ in
            let options = CallOptions(timeout: .seconds(10))
            let chunk = String(repeating: "b", count: 12 << 10)
            let collected = try await client.collect(options: options) { writer in
                for index in 1...100 { try await writer.write(EchoRequest(text: chunk, id: Int64(index))) }
            }
            #expect(collected.message.id == 5_050)
            #expect(collected.message.text.utf8.count == 100 * chunk.utf8.count)
            let sizes = try await client.expand(
                EchoRequest(values: Array(0..<100), responseBytes: 12 << 10), options: options
            ) { responses in
                var sizes: [Int] = []
                for try await response in responses { sizes.append(response.text.utf8.count) }
                return sizes
            }
            #expect(sizes == Array(repeating: 12 << 10, count: 100))
        }
    }

    /// Both ends of a connection disable Nagle (TCP_NODELAY at IPPROTO_TCP) and nothing sets
    /// SO_DEBUG, which once stood in for it by mistake and made every connection fail in a
    /// container without CAP_NET_ADMIN. Read from the process's own sockets with getsockopt.
    @Test func bothEndsSetNoDelayAndNotDebug() async throws {
        try await withServer { client, server, _ in
            _ = try await client.get(EchoRequest(text: "nodelay"))
            let port = try await server.listeningPort()
            let ends = Self.tcpSockets(touchingPort: port)
            // The listener, the accepted connection and the client's connection.
            #expect(ends.filter { !$0.listening }.count == 2, "\(ends)")
            for end in ends where !end.listening {
                #expect(end.noDelay && !end.debug, "\(end)")
            }
        }
    }

    struct SocketEnd: CustomStringConvertible {
        var localPort: Int
        var peerPort: Int?
        var listening: Bool { peerPort == nil }
        var noDelay: Bool
        var debug: Bool
        var description: String {
            "local \(localPort) peer \(peerPort.map(String.init) ?? "-") nodelay \(noDelay) debug \(debug)"
        }
    }

    /// This process's IPv4 TCP sockets whose local or peer port is `port`.
    static func tcpSockets(touchingPort wanted: Int) -> [SocketEnd] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        func port(of address: sockaddr_in) -> Int { Int(UInt16(bigEndian: address.sin_port)) }
        func option(_ fd: Int32, _ level: Int32, _ name: Int32) -> Bool {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, level, name, &value, &length) == 0 && value != 0
        }
        var found: [SocketEnd] = []
        for entry in entries {
            guard let fd = Int32(entry) else { continue }
            var local = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0, local.sin_family == sa_family_t(AF_INET) else { continue }
            var peer = sockaddr_in()
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let connected = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
            }
            let peerPort = connected == 0 ? port(of: peer) : nil
            guard port(of: local) == wanted || peerPort == wanted else { continue }
            found.append(
                SocketEnd(
                    localPort: port(of: local), peerPort: peerPort,
                    noDelay: option(fd, Int32(IPPROTO_TCP), TCP_NODELAY), debug: option(fd, SOL_SOCKET, SO_DEBUG)))
        }
        return found
    }

    @Test func gzipCompressedRequests() async throws {
        try await withServer { client, _, _ in
            let text = String(repeating: "nén gzip ", count: 10_000)
            let options = CallOptions(compression: .gzip)
            let reply = try await client.get(EchoRequest(text: text), options: options)
            #expect(reply.text == text)
            let collected = try await client.collect(options: options) { writer in
                for index in 1...10 { try await writer.write(EchoRequest(text: "ab", id: Int64(index))) }
            }
            #expect(collected.message.id == 55)
        }
    }

    /// Waits in `get` until cancelled, and reports that it was.
    final class CancellationProbe: UnaryEchoService {
        let started = RPCQueue<Void>()
        let cancelled = RPCQueue<Void>()

        func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
            started.yield(())
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                cancelled.yield(())
                throw error
            }
            return EchoResponse()
        }
        func collect(_ requests: RPCInbound<EchoRequest>, context: ServerContext) async throws -> EchoResponse {
            var texts: [String] = []
            for try await request in requests { texts.append(request.text) }
            return EchoResponse(text: texts.joined())
        }
    }

    @Test func clientResetCancelsTheServerHandler() async throws {
        let probe = CancellationProbe()
        try await withServer(service: probe) { client, _, _ in
            let call = Task { try await client.get(EchoRequest()) }
            _ = try await probe.started.next()
            call.cancel()  // the client sends RST_STREAM(CANCEL)
            _ = try await probe.cancelled.next()  // and the handler's task is cancelled
            let result = await call.result
            #expect(throws: RPCError.self) { try result.get() }
            // Only that stream was reset: the connection still carries calls.
            let next = try await client.collect { try await $0.write(EchoRequest(text: "next")) }
            #expect(next.message.text == "next")
        }
    }

    @Test func statusDetailsPassThrough() async throws {
        try await withServer(service: DetailedFailure()) { client, _, _ in
            let error = await #expect(throws: RPCError.self) { try await client.get(EchoRequest()) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.metadata.binaryValues(Metadata.statusDetailsKey) == [DetailedFailure.details])
        }
    }

    @Test func unknownMethodIsUnimplemented() async throws {
        try await withServer { client, _, _ in
            let missing = ProtoMethodDescriptor(
                service: "bench.Echo", name: "Nope", kind: .unary, inputType: "bench.EchoRequest",
                outputType: "bench.EchoResponse")
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.rpc.unary(missing, request: EchoRequest(), responseType: EchoResponse.self)
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test func nothingListeningIsUnavailableAtOnce() async throws {
        // A backoff far longer than any pause of a loaded machine: the default second (with its
        // jitter) could not be told from a 0.9 s stall of the whole test run.
        var configuration = HTTP2ClientConfiguration()
        configuration.backoffInitial = .seconds(30)
        let transport = HTTP2ClientTransport(host: "127.0.0.1", port: 1, configuration: configuration)
        let client = EchoService.Client(RPCClient(transport: transport))
        let error = await #expect(throws: RPCError.self) { try await client.get(EchoRequest()) }
        #expect(error?.code == .unavailable)
        // Within the backoff period the next call fails fast, without waiting for it to end.
        let start = ContinuousClock.now
        await #expect(throws: RPCError.self) { try await client.get(EchoRequest()) }
        #expect(ContinuousClock.now - start < .seconds(5))
        await transport.close()
    }
}

/// What a hostile caller can send over a real connection: each once crashed or wedged the server.
struct HTTP2HostileInputTests {
    /// Fails every call with a message quoting its input, as validation errors do.
    struct QuotingFailure: UnaryEchoService {
        func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
            throw RPCError(.notFound, "no record '\(request.text)'")
        }
        func expand(_ request: EchoRequest, responses: RPCWriter<EchoResponse>, context: ServerContext) async throws {
            context.addTrailer("x-huge", .string(String(repeating: "t", count: 70_000)))
        }
    }

    @Test func theLargestGRPCTimeoutIsServedNotAnOverflow() async throws {
        try await HTTP2LoopbackTests().withServer { client, _, _ in
            let response = try await client.get(
                EchoRequest(text: "still here"), options: CallOptions(timeout: .seconds(99_999_999 * 3600)))
            #expect(response.text == "still here")
        }
    }

    @Test func anErrorQuotingAHugeInputArrivesShortened() async throws {
        try await HTTP2LoopbackTests().withServer(service: QuotingFailure()) { client, _, _ in
            let error = await #expect(throws: RPCError.self) {
                try await client.get(EchoRequest(text: String(repeating: "x", count: 65_500)))
            }
            #expect(error?.code == .notFound)
            #expect((error?.message.utf8.count ?? .max) <= RPCStatus.maxMessageBytes)
            #expect(error?.message.hasPrefix("no record 'xxx") == true)
            // The connection still serves.
            let again = await #expect(throws: RPCError.self) { try await client.get(EchoRequest(text: "ok")) }
            #expect(again?.message == "no record 'ok'")
        }
    }

    @Test func trailersTooLargeToSendStillEndTheCall() async throws {
        try await HTTP2LoopbackTests().withServer(service: QuotingFailure()) { client, _, _ in
            let error = await #expect(throws: RPCError.self) {
                try await client.expand(EchoRequest(text: "a"), options: CallOptions(timeout: .seconds(20))) {
                    responses in
                    for try await _ in responses {}
                }
            }
            #expect(error?.code != .deadlineExceeded)
        }
    }
}
