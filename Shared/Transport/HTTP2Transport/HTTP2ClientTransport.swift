import NIOCore
import NIOPosix
import OpenSSLTLS
import RPCCore
import Synchronization

/// A gRPC channel to one server over HTTP/2 (h2c): calls are multiplexed over one connection,
/// made when first needed and made again after it is lost, with exponential backoff and jitter
/// between failed attempts. A call made while the server is unreachable fails at once with
/// UNAVAILABLE rather than waiting.
public final class HTTP2ClientTransport: ClientTransport {
    public let host: String
    public let port: Int
    public let configuration: HTTP2ClientConfiguration
    private let group: any EventLoopGroup
    private let ownsGroup: Bool
    private let state: Mutex<State>

    typealias Connection = NIOLoopBound<HTTP2ClientConnectionHandler>

    struct State {
        var connection:
            (handler: Connection, availability: HTTP2ClientConnectionHandler.Availability, channel: any Channel)?
        var connecting: Task<Connection, any Error>?
        var backoff: ConnectionBackoff
        var retryAt: ContinuousClock.Instant?
        var lastFailure: String?
        var closed = false
    }

    public init(
        host: String, port: Int, configuration: HTTP2ClientConfiguration = HTTP2ClientConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.group = eventLoopGroup ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.ownsGroup = eventLoopGroup == nil
        self.state = Mutex(
            State(
                backoff: ConnectionBackoff(
                    initial: configuration.backoffInitial, multiplier: configuration.backoffMultiplier,
                    maximum: configuration.backoffMaximum, jitter: configuration.backoffJitter)))
    }

    public func openCall(_ head: ClientCallHead) async throws(RPCError) -> any ClientCall {
        let connection = try await connection()
        let result: Result<(Int32, RPCQueue<ClientCallEvent>), RPCError>
        do {
            result = try await connection.eventLoop.submit { connection.value.openStream(head) }.get()
        } catch {
            throw RPCError(.unavailable, "the connection to \(host):\(port) was lost")
        }
        let (stream, events) = try result.get()
        return HTTP2ClientCall(handler: connection, stream: stream, events: events)
    }

    /// Closes the connection; calls in flight end with UNAVAILABLE.
    public func close() async {
        let channel = state.withLock { state -> (any Channel)? in
            state.closed = true
            state.connecting?.cancel()
            return state.connection?.channel
        }
        try? await channel?.close()
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    private func connection() async throws(RPCError) -> Connection {
        enum Next {
            case ready(Connection)
            case wait(Task<Connection, any Error>)
            case refuse(String)
        }
        let next = state.withLock { state -> Next in
            if state.closed { return .refuse("the channel is closed") }
            if let connection = state.connection, connection.availability.isUsable {
                return .ready(connection.handler)
            }
            state.connection = nil
            if let connecting = state.connecting { return .wait(connecting) }
            if let retryAt = state.retryAt, ContinuousClock.now < retryAt {
                return .refuse("cannot reach \(host):\(port): \(state.lastFailure ?? "connection failed")")
            }
            let task = Task { try await self.connect() }
            state.connecting = task
            return .wait(task)
        }
        switch next {
        case .ready(let connection):
            return connection
        case .refuse(let reason):
            throw RPCError(.unavailable, reason)
        case .wait(let task):
            do {
                return try await task.value
            } catch {
                throw RPCError(.unavailable, "cannot reach \(host):\(port): \(error)")
            }
        }
    }

    private func connect() async throws -> Connection {
        let configuration = self.configuration
        let authority = "\(host):\(port)"
        let serverName = configuration.serverName ?? host
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls = configuration.tls {
                            try channel.pipeline.syncOperations.addHandler(
                                TLSHandler(context: tls, serverName: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            HTTP2ClientConnectionHandler(configuration: configuration, authority: authority))
                    }
                }
                .connect(host: host, port: port)
                .get()
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(
                    try channel.pipeline.syncOperations.handler(type: HTTP2ClientConnectionHandler.self),
                    eventLoop: channel.eventLoop)
            }.get()
            let availability = try await channel.eventLoop.submit { handler.value.availability }.get()
            state.withLock { state in
                state.connection = (handler, availability, channel)
                state.connecting = nil
                state.retryAt = nil
                state.lastFailure = nil
                state.backoff.reset()
            }
            return handler
        } catch {
            state.withLock { state in
                var random = SystemRandomNumberGenerator()
                state.retryAt = ContinuousClock.now.advanced(by: state.backoff.next(using: &random))
                state.lastFailure = "\(error)"
                state.connecting = nil
            }
            throw error
        }
    }
}
