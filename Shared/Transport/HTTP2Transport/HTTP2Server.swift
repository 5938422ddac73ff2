import NIOCore
import NIOPosix
import OpenSSLTLS
import RPCCore
import Synchronization

/// A gRPC server over HTTP/2 with prior knowledge (h2c). TLS plugs in as a channel handler in front
/// of the connection handler (the security issue adds it).
public final class HTTP2Server: ServerTransport {
    public let host: String
    public let port: Int
    public let configuration: HTTP2ServerConfiguration
    private let registry: HTTP2ConnectionRegistry
    private let state = Mutex<State>(State())

    struct State {
        var listener: (any Channel)?
        var shutdownRequested = false
        var boundPort: Int?
        var portWaiters: [CheckedContinuation<Int, any Error>] = []
    }

    /// The event loops to serve on when they are the caller's (shared with its database clients,
    /// so that a call and its queries stay on one thread); nil: the server's own, made and shut
    /// down by ``serve(router:)``.
    private let sharedGroup: MultiThreadedEventLoopGroup?

    public init(
        host: String, port: Int, configuration: HTTP2ServerConfiguration = HTTP2ServerConfiguration(),
        group: MultiThreadedEventLoopGroup? = nil
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.sharedGroup = group
        self.registry = HTTP2ConnectionRegistry(
            maxConnections: configuration.maxConnections, maxBufferedBytes: configuration.maxBufferedBytes)
    }

    /// The port actually bound (useful with port 0), once listening.
    public func listeningPort() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let port = state.withLock { state -> Int? in
                if let port = state.boundPort { return port }
                state.portWaiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }

    public func serve(router: RPCRouter) async throws {
        if let sharedGroup {
            try await serve(router: router, group: sharedGroup)
            return
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        do {
            try await serve(router: router, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    private func serve(router: RPCRouter, group: MultiThreadedEventLoopGroup) async throws {
        let registry = self.registry
        let configuration = self.configuration
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    // Over the connection cap: closed before any TLS or HTTP/2 work is done for it.
                    guard registry.admitConnection() else {
                        return channel.close()
                    }
                    channel.closeFuture.whenComplete { _ in registry.connectionClosed() }
                    return channel.eventLoop.makeCompletedFuture {
                        // The seam for TLS: bytes in front of the connection handler are decrypted.
                        if let tls = configuration.tls {
                            try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tls.context))
                        }
                        try channel.pipeline.syncOperations.addHandler(
                            HTTP2ServerConnectionHandler(
                                router: router, configuration: configuration, registry: registry))
                    }
                }
                .bind(host: host, port: port)
                .get()
        } catch {
            let waiters = state.withLock { state in
                defer { state.portWaiters = [] }
                return state.portWaiters
            }
            for waiter in waiters { waiter.resume(throwing: error) }
            throw error
        }
        let (shutdownAlready, waiters) = state.withLock { state in
            state.listener = channel
            state.boundPort = channel.localAddress?.port
            defer { state.portWaiters = [] }
            return (state.shutdownRequested, state.portWaiters)
        }
        for waiter in waiters { waiter.resume(returning: channel.localAddress?.port ?? port) }
        if shutdownAlready { channel.close(promise: nil) }
        try await withTaskCancellationHandler {
            try await channel.closeFuture.get()
            // The listener is closed: wait for connections to drain (they close themselves).
            var waited = 0
            while registry.count > 0 {
                try await Task.sleep(for: .milliseconds(10))
                waited += 1
                if waited % 500 == 0 {  // every 5 s: an operator waiting for a stop sees why
                    configuration.logger.notice(
                        "stopping: waiting for connections to close", metadata: ["connections": "\(registry.count)"])
                }
            }
        } onCancel: {
            channel.close(promise: nil)
            registry.beginGracefulShutdown(gracePeriod: .zero)
        }
    }

    public func beginGracefulShutdown() {
        let listener = state.withLock { state in
            state.shutdownRequested = true
            return state.listener
        }
        listener?.close(promise: nil)
        registry.beginGracefulShutdown(gracePeriod: configuration.shutdownGracePeriod)
    }
}
