import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The small HTTP/1.1 admin listener: `GET /metrics` (Prometheus text format) and `GET /healthz`
/// (200 while serving, 503 once shutting down) for checkers that do not speak gRPC.
public final class AdminHTTPServer: Sendable {
    public let address: HostPort
    let metrics: @Sendable () -> String
    let healthy: @Sendable () -> Bool
    /// A connection that sends nothing for this long is closed: a scraper comes back every few
    /// seconds, while connections left open (or opened and never used) would pile up for good.
    let idleTimeout: TimeAmount
    private let state = Mutex<(channel: (any Channel)?, port: Int?)>((nil, nil))

    public init(
        address: HostPort, metrics: @escaping @Sendable () -> String, healthy: @escaping @Sendable () -> Bool,
        idleTimeout: Duration = .seconds(60)
    ) {
        self.address = address
        self.metrics = metrics
        self.healthy = healthy
        self.idleTimeout = TimeAmount(idleTimeout)
    }

    /// Binds and returns the port (useful with port 0); serving goes on until ``close()``.
    public func start(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> Int {
        let metrics = self.metrics
        let healthy = self.healthy
        let idleTimeout = self.idleTimeout
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(IdleCloser())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(metrics: metrics, healthy: healthy))
                }
            }
            .bind(host: address.host, port: address.port)
            .get()
        let port = channel.localAddress?.port ?? address.port
        state.withLock { $0 = (channel, port) }
        return port
    }

    public func close() async {
        let channel = state.withLock { $0.channel }
        try? await channel?.close()
    }

    /// Closes the connection when ``IdleStateHandler`` says nothing was read for the timeout.
    final class IdleCloser: ChannelInboundHandler {
        typealias InboundIn = NIOAny

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is IdleStateHandler.IdleStateEvent {
                context.close(promise: nil)
            } else {
                context.fireUserInboundEventTriggered(event)
            }
        }
    }

    final class AdminHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let metrics: @Sendable () -> String
        let healthy: @Sendable () -> Bool
        private var request: HTTPRequestHead?

        init(metrics: @escaping @Sendable () -> String, healthy: @escaping @Sendable () -> Bool) {
            self.metrics = metrics
            self.healthy = healthy
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): request = head
            case .body: break
            case .end:
                guard let head = request else { return }
                request = nil
                respond(to: head, context: context)
            }
        }

        private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            let (status, contentType, body): (HTTPResponseStatus, String, String)
            switch (head.method, path) {
            case (.GET, "/metrics"), (.HEAD, "/metrics"):
                (status, contentType, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", metrics())
            case (.GET, "/healthz"), (.HEAD, "/healthz"):
                (status, contentType, body) =
                    healthy() ? (.ok, "text/plain", "ok\n") : (.serviceUnavailable, "text/plain", "shutting down\n")
            case (_, "/metrics"), (_, "/healthz"):
                (status, contentType, body) = (.methodNotAllowed, "text/plain", "use GET\n")
            default:
                (status, contentType, body) = (.notFound, "text/plain", "not found: try /metrics or /healthz\n")
            }
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: contentType)
            headers.add(name: "content-length", value: String(body.utf8.count))
            headers.add(name: "connection", value: head.isKeepAlive ? "keep-alive" : "close")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                promise: nil)
            if head.method != .HEAD {
                var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
                buffer.writeString(body)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            }
            let keepAlive = head.isKeepAlive
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        }
    }
}
