import CoreMetrics
import NIOCore
import Synchronization

/// The server's open connections, so that a shutdown reaches each one on its own event loop —
/// including one accepted just after the shutdown began (the listener closes asynchronously, and
/// clients reconnect the moment they see GOAWAY), which would otherwise never be told and would
/// keep the server from ever finishing.
final class HTTP2ConnectionRegistry: Sendable {
    /// How to begin draining one connection (on its own event loop).
    typealias Drain = @Sendable (Duration) -> Void

    private struct State {
        var connections: [ObjectIdentifier: Drain] = [:]
        /// Set once a shutdown has begun: its grace period.
        var shutdown: Duration?
    }

    private let state = Mutex(State())
    /// `grpc_server_connections`: open HTTP/2 connections.
    private let gauge = Gauge(label: "grpc_server_connections")
    /// Request memory across every connection of the server.
    let budget: RequestMemoryBudget
    let maxConnections: Int
    /// Accepted sockets not yet closed, counted from accept (before TLS or HTTP/2 set-up).
    private let accepted = Atomic<Int>(0)

    init(maxConnections: Int = .max, maxBufferedBytes: Int = .max) {
        self.maxConnections = maxConnections
        self.budget = RequestMemoryBudget(limit: maxBufferedBytes, maxConnections: maxConnections)
    }

    /// Takes a connection slot for a socket just accepted; false when the server is full, and the
    /// socket is to be closed at once. Each slot taken is given back by ``connectionClosed()``.
    func admitConnection() -> Bool {
        let now = accepted.add(1, ordering: .relaxed).newValue
        guard now <= maxConnections else {
            accepted.subtract(1, ordering: .relaxed)
            Counter(label: "grpc_server_limit_hits_total", dimensions: [("limit", "max_connections")]).increment()
            return false
        }
        return true
    }

    func connectionClosed() {
        accepted.subtract(1, ordering: .relaxed)
    }

    func add(_ id: ObjectIdentifier, drain: @escaping Drain) {
        let (lateArrival, count) = state.withLock { state -> (Duration?, Int) in
            state.connections[id] = drain
            return (state.shutdown, state.connections.count)
        }
        gauge.record(count)
        if let grace = lateArrival { drain(grace) }
    }

    func add(_ connection: NIOLoopBound<HTTP2ServerConnectionHandler>) {
        add(ObjectIdentifier(connection.value)) { grace in
            connection.eventLoop.execute { connection.value.beginGracefulShutdown(gracePeriod: grace) }
        }
    }

    func remove(_ id: ObjectIdentifier) {
        let count = state.withLock { state -> Int in
            state.connections.removeValue(forKey: id)
            return state.connections.count
        }
        gauge.record(count)
    }

    var count: Int { state.withLock { $0.connections.count } }

    func beginGracefulShutdown(gracePeriod: Duration) {
        let drains = state.withLock { state -> [Drain] in
            state.shutdown = min(state.shutdown ?? gracePeriod, gracePeriod)
            return Array(state.connections.values)
        }
        for drain in drains { drain(gracePeriod) }
    }
}
