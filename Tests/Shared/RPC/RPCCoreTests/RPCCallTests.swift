import EchoContract
import ProtoWire
import RPCCore
import RPCInProcess
import Synchronization
import Testing

/// Every call kind through the real router, generated client and in-process transport.
struct RPCCallTests {
    @Test func unaryEchoesMessageAndMetadata() async throws {
        try await withInProcessServer { rpc in
            let client = EchoService.Client(rpc)
            var metadata: Metadata = ["x-grpc-test-echo-initial": "xin chào"]
            metadata.addBinary("x-grpc-test-echo-trailing-bin", [0, 1, 254, 255])
            let request = EchoRequest(text: "Bắc Kạn", id: 7, values: [1, 2], meta: Meta(name: "m", version: 3))
            let response = try await client.getWithMetadata(request, metadata: metadata)
            #expect(response.message == EchoResponse(text: "Bắc Kạn", id: 7, values: [1, 2], meta: request.meta))
            #expect(response.headers["x-grpc-test-echo-initial"] == "xin chào")
            #expect(response.trailers.binaryValues("x-grpc-test-echo-trailing-bin") == [[0, 1, 254, 255]])
        }
    }

    @Test func responseBytesControlsTheTextLength() async throws {
        try await withInProcessServer { rpc in
            let response = try await EchoService.Client(rpc).get(EchoRequest(responseBytes: 3 << 20))
            #expect(response.text.utf8.count == 3 << 20)
        }
    }

    @Test(arguments: [StatusCode.invalidArgument, .notFound, .failedPrecondition, .aborted, .unauthenticated])
    func failuresCarryCodeMessageAndTrailers(code: StatusCode) async throws {
        try await withInProcessServer { rpc in
            var metadata = Metadata()
            metadata.addBinary("x-grpc-test-echo-trailing-bin", [9])
            let error = await #expect(throws: RPCError.self) {
                try await EchoService.Client(rpc).get(
                    EchoRequest(failCode: Int32(code.rawValue), failMessage: "giấy phép không tồn tại 🇻🇳"),
                    metadata: metadata)
            }
            #expect(error?.code == code)
            #expect(error?.message == "giấy phép không tồn tại 🇻🇳")
            #expect(error?.metadata.binaryValues("x-grpc-test-echo-trailing-bin") == [[9]])
        }
    }

    @Test func deadlineEndsTheCallAndCancelsTheHandler() async throws {
        let observed = CancellationProbe()
        try await withInProcessServer([observed]) { rpc in
            let start = ContinuousClock.now
            let error = await #expect(throws: RPCError.self) {
                try await EchoService.Client(rpc).get(
                    EchoRequest(delayMs: 10_000), options: CallOptions(timeout: .milliseconds(50)))
            }
            #expect(error?.code == .deadlineExceeded)
            // Well before the handler's 10 s answer; a loaded machine took 2.5 s to say so.
            #expect(ContinuousClock.now - start < .seconds(5))
            try await observed.waitForCancellation()
        }
    }

    @Test func serverStreamingSendsOneResponsePerValueThenTheStatus() async throws {
        try await withInProcessServer { rpc in
            let client = EchoService.Client(rpc)
            let ids = try await client.expand(EchoRequest(text: "t", values: [5, 6, 7])) { responses in
                var ids: [Int64] = []
                for try await response in responses { ids.append(response.id) }
                return ids
            }
            #expect(ids == [5, 6, 7])
            // A failure after messages: the messages arrive, then iteration throws the status.
            let received = Mutex<[Int64]>([])
            let error = await #expect(throws: RPCError.self) {
                try await client.expand(EchoRequest(values: [1, 2], failCode: 10, failMessage: "later")) { responses in
                    for try await response in responses { received.withLock { $0.append(response.id) } }
                }
            }
            #expect(error?.code == .aborted)
            #expect(received.withLock { $0 } == [1, 2])
        }
    }

    @Test func clientStreamingCollectsEveryRequest() async throws {
        try await withInProcessServer { rpc in
            let response = try await EchoService.Client(rpc).collect { requests in
                for index in 1...100 {
                    try await requests.write(EchoRequest(text: "\(index % 10)", id: Int64(index)))
                }
            }
            #expect(response.message.id == 5050)
            #expect(response.message.text.count == 100)
        }
    }

    @Test func bidirectionalAnswersEachRequestAsItArrives() async throws {
        try await withInProcessServer { rpc in
            let (inbox, sender) = AsyncStream<Int>.makeStream()
            let texts = try await EchoService.Client(rpc).chat { requests in
                // Send the next request only after the previous answer came back: proves interleaving.
                var iterator = inbox.makeAsyncIterator()
                for index in 0..<5 {
                    try await requests.write(EchoRequest(text: "r\(index)", id: Int64(index)))
                    _ = await iterator.next()
                }
            } onResponses: { responses in
                var texts: [String] = []
                for try await response in responses {
                    texts.append(response.text)
                    sender.yield(Int(response.id))
                }
                return texts
            }
            #expect(texts == ["r0", "r1", "r2", "r3", "r4"])
        }
    }

    @Test func unknownMethodIsUnimplemented() async throws {
        try await withInProcessServer { rpc in
            let missing = ProtoMethodDescriptor(
                service: "bench.Echo", name: "Missing", kind: .unary, inputType: "bench.EchoRequest",
                outputType: "bench.EchoResponse")
            let error = await #expect(throws: RPCError.self) {
                _ = try await rpc.unary(missing, request: EchoRequest(), responseType: EchoResponse.self)
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test func undecodableRequestIsInvalidArgumentNamingTheField() async throws {
        try await withInProcessServer { rpc in
            let call = try await rpc.transport.openCall(
                ClientCallHead(method: EchoService.get, metadata: [:], deadline: nil))
            try await call.send([0x0A, 0x02, 0xC3, 0x28])  // text (1) with invalid UTF-8
            call.closeSending()
            guard case .end(let status, _) = await call.next() else {
                Issue.record("expected the call to end")
                return
            }
            #expect(status.code == .invalidArgument)
            #expect(status.message == "request does not decode: text: string is not valid UTF-8")
        }
    }

    @Test func clientCancellationReachesTheHandler() async throws {
        let probe = CancellationProbe()
        try await withInProcessServer([probe]) { rpc in
            let task = Task {
                try await EchoService.Client(rpc).get(EchoRequest(delayMs: 60_000))
            }
            try await probe.waitForStart()
            task.cancel()
            let result = await task.result
            #expect(throws: RPCError.self) { try result.get() }
            try await probe.waitForCancellation()
        }
    }

    @Test func gracefulShutdownFinishesCallsInFlightAndRefusesNewOnes() async throws {
        let transport = InProcessTransport()
        let held = HeldCallProbe()
        var router = RPCRouter()
        router.add(held)
        let client = EchoService.Client(RPCClient(transport: transport.client))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [router] in try await transport.server.serve(router: router) }
            while !transport.server.isServing { await Task.yield() }
            let slow = Task { try await client.get(EchoRequest(text: "slow")) }
            try await held.waitForStart()
            transport.server.beginGracefulShutdown()
            // A deadline, so that a call let in by mistake fails the test rather than waiting forever.
            let refused = await #expect(throws: RPCError.self) {
                try await client.get(EchoRequest(text: "new"), options: CallOptions(timeout: .seconds(10)))
            }
            #expect(refused?.code == .unavailable)
            held.release()
            #expect(try await slow.value.text == "slow")
            try await group.waitForAll()  // serve returns once idle
        }
    }
}

/// A service whose one method waits until cancelled, and reports that it was.
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

    func waitForStart() async throws { _ = try await started.next() }
    func waitForCancellation() async throws { _ = try await cancelled.next() }
}
