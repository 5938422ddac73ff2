import NIOCore
import Synchronization

/// The server's open connections, so that a shutdown can reach each one on its own event loop.
final class HTTP2ConnectionRegistry: Sendable {
    private let connections = Mutex<[ObjectIdentifier: NIOLoopBound<HTTP2ServerConnectionHandler>]>([:])

    func add(_ connection: NIOLoopBound<HTTP2ServerConnectionHandler>) {
        connections.withLock { $0[ObjectIdentifier(connection.value)] = connection }
    }

    func remove(_ id: ObjectIdentifier) {
        _ = connections.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { connections.withLock { $0.count } }

    func beginGracefulShutdown(gracePeriod: Duration) {
        for connection in connections.withLock({ Array($0.values) }) {
            connection.eventLoop.execute { connection.value.beginGracefulShutdown(gracePeriod: gracePeriod) }
        }
    }
}
