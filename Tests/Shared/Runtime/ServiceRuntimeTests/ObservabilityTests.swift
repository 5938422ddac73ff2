import EchoContract
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import RPCCore
import RPCInProcess
import Synchronization
import Testing

@testable import ServiceRuntime

/// A metrics factory that notes each handle it is asked to make, and makes it with `inner`.
final class CountingMetricsFactory: MetricsFactory, Sendable {
    let inner: any MetricsFactory
    let made = Mutex<[String]>([])

    init(_ inner: any MetricsFactory) { self.inner = inner }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let status = dimensions.first { $0.0 == "status" }?.1 ?? ""
        made.withLock { $0.append("counter \(status)") }
        return inner.makeCounter(label: label, dimensions: dimensions)
    }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        made.withLock { $0.append("floating point counter") }
        return inner.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        made.withLock { $0.append("meter") }
        return inner.makeMeter(label: label, dimensions: dimensions)
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        made.withLock { $0.append("recorder") }
        return inner.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        made.withLock { $0.append("timer") }
        return inner.makeTimer(label: label, dimensions: dimensions)
    }
    func destroyCounter(_ handler: any CounterHandler) { inner.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        inner.destroyFloatingPointCounter(handler)
    }
    func destroyMeter(_ handler: any MeterHandler) { inner.destroyMeter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { inner.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { inner.destroyTimer(handler) }
}

/// A plain HTTP/1.1 GET over a real socket, read until the server closes.
struct UnansweredRequest: Error {
    let path: String
    let received: Int
}

func httpGet(port: Int, path: String, method: String = "GET") async throws -> (status: Int, body: String) {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = Mutex<[UInt8]>([])
        let done: EventLoopPromise<Void>
        init(done: EventLoopPromise<Void>) { self.done = done }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            let bytes = received.withLock {
                $0 += buffer.readableBytesView; return $0
            }
            if Self.isComplete(bytes) { done.succeed() }
        }
        func channelInactive(context: ChannelHandlerContext) { done.succeed() }

        /// A whole response: its head, and as many body bytes as its content-length says. The
        /// answer is taken when it is whole, as a probe takes it, not when the server closes: once
        /// in a dozen full runs the server's close did not arrive (cause not found), stalling the run.
        static func isComplete(_ bytes: [UInt8]) -> Bool {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { return false }
            let head = text[..<end.lowerBound].lowercased()
            guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            else { return false }
            return text[end.upperBound...].utf8.count >= length
        }
    }
    let group = MultiThreadedEventLoopGroup.singleton
    let done = group.any().makePromise(of: Void.self)
    let collector = Collector(done: done)
    let channel = try await connectClient(port: port, collector)
    // A response that never comes whole fails the test, naming what was received, instead of
    // stalling the suite.
    let unanswered = channel.eventLoop.scheduleTask(in: .seconds(20)) {
        done.fail(UnansweredRequest(path: path, received: collector.received.withLock { $0.count }))
        channel.close(promise: nil)
    }
    var request = channel.allocator.buffer(capacity: 128)
    request.writeString("\(method) \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
    try await channel.writeAndFlush(request)
    try await done.futureResult.get()
    unanswered.cancel()
    try? await channel.close()
    let text = String(decoding: collector.received.withLock { $0 }, as: UTF8.self)
    let status = Int(text.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
    let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
    return (status, body)
}

/// A plain TCP connection to `port` on the loopback with `handler` as its only handler.
func connectClient(port: Int, _ handler: some ChannelInboundHandler & Sendable) async throws -> any Channel {
    try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
        }
        .connect(host: "127.0.0.1", port: port).get()
}

struct ObservabilityTests {
    @Test func callMetricsCountByStatusAndTimeEachMethod() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        var router = RPCRouter(interceptors: [CallMetricsInterceptor(factory: factory)])
        router.add(EchoHandler())
        try await InProcessTransport.withServer(router) { rpc in
            let client = EchoService.Client(rpc)
            for _ in 0..<3 { _ = try await client.get(EchoRequest()) }
            _ = try? await client.get(EchoRequest(failCode: 5))
        }
        let text = registry.emitToString()
        #expect(text.contains(#"rpc_server_calls_total{service="bench.Echo",method="Get",status="OK"} 3"#))
        #expect(text.contains(#"rpc_server_calls_total{service="bench.Echo",method="Get",status="NOT_FOUND"} 1"#))
        #expect(text.contains(#"rpc_server_call_duration_seconds_count{service="bench.Echo",method="Get"} 4"#))
        #expect(text.contains(#"rpc_server_calls_in_flight{service="bench.Echo",method="Get"} 0"#))
    }

    @Test func callsRefusedOnTheirHeadersAreCountedByStatus() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        var router = RPCRouter(interceptors: [CallMetricsInterceptor(factory: factory), RefusingAdmission()])
        router.add(EchoHandler())
        try await InProcessTransport.withServer(router) { rpc in
            for _ in 0..<2 { _ = try? await EchoService.Client(rpc).get(EchoRequest()) }
        }
        let text = registry.emitToString()
        #expect(
            text.contains(#"rpc_server_calls_total{service="bench.Echo",method="Get",status="UNAUTHENTICATED"} 2"#),
            "\(text)")
    }

    @Test func metricHandlesAreMadeOncePerMethodAndStatusNotPerCall() async throws {
        let factory = CountingMetricsFactory(PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()))
        var router = RPCRouter(interceptors: [CallMetricsInterceptor(factory: factory)])
        router.add(EchoHandler())
        try await InProcessTransport.withServer(router) { rpc in
            let client = EchoService.Client(rpc)
            for _ in 0..<20 { _ = try await client.get(EchoRequest()) }
            for _ in 0..<5 { _ = try? await client.get(EchoRequest(failCode: 5)) }
        }
        // The in-flight meter, the duration timer, the OK counter and then NOT_FOUND's: four
        // handles for 25 calls.
        #expect(factory.made.withLock { $0 } == ["meter", "timer", "counter OK", "counter NOT_FOUND"])
    }

    @Test func adminListenerServesMetricsAndHealth() async throws {
        let healthy = Mutex(true)
        let server = AdminHTTPServer(
            address: HostPort(host: "127.0.0.1", port: 0), metrics: { "dic_test_metric 42\n" },
            healthy: { healthy.withLock { $0 } })
        let port = try await server.start()
        let metrics = try await httpGet(port: port, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body == "dic_test_metric 42\n")
        #expect(try await httpGet(port: port, path: "/healthz").status == 200)
        healthy.withLock { $0 = false }
        let draining = try await httpGet(port: port, path: "/healthz")
        #expect(draining.status == 503)
        #expect(draining.body == "shutting down\n")
        #expect(try await httpGet(port: port, path: "/nope").status == 404)
        #expect(try await httpGet(port: port, path: "/metrics", method: "POST").status == 405)
        await server.close()
    }

    final class ClosedWatch: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let closed: EventLoopPromise<Void>
        init(closed: EventLoopPromise<Void>) { self.closed = closed }
        func channelInactive(context: ChannelHandlerContext) { closed.succeed() }
    }

    struct StillOpen: Error {}

    @Test func anAdminConnectionThatSendsNothingIsClosed() async throws {
        let server = AdminHTTPServer(
            address: HostPort(host: "127.0.0.1", port: 0), metrics: { "" }, healthy: { true },
            idleTimeout: .milliseconds(200))
        let port = try await server.start()
        let group = MultiThreadedEventLoopGroup.singleton
        let closed = group.any().makePromise(of: Void.self)
        let watch = ClosedWatch(closed: closed)
        let channel = try await connectClient(port: port, watch)
        // Well past the timeout, so only a server that never closes fails it.
        let giveUp = channel.eventLoop.scheduleTask(in: .seconds(20)) { closed.fail(StillOpen()) }
        await #expect(throws: Never.self) { try await closed.futureResult.get() }
        giveUp.cancel()
        try? await channel.close()
        await server.close()
    }
}
