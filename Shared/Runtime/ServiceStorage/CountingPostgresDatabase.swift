import Logging
import NIOCore
import PostgresKit
import Synchronization

/// A PostgreSQL connection that counts the rows its statements insert, update and delete, from
/// each statement's completion tag (`INSERT 0 3`), which SQLKit's database drops. A write needs to
/// know whether it changed rows it did not name for the audit (``Database/audited``); asking the
/// statistics views for that was a round trip and a plan of a view over every table, twice a
/// write, while the writers' lock was held.
struct CountingPostgresDatabase: PostgresDatabase {
    /// The rows changed through one connection's statements since it was wrapped.
    final class ChangedRows: Sendable {
        private let count = Atomic<Int>(0)
        var value: Int { count.load(ordering: .relaxed) }
        func add(_ rows: Int) { count.add(rows, ordering: .relaxed) }
    }

    let connection: PostgresConnection
    let changedRows: ChangedRows

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }

    func send(_ request: any PostgresRequest, logger: Logger) -> EventLoopFuture<Void> {
        connection.send(request, logger: logger)
    }

    func withConnection<T>(_ closure: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let changedRows = self.changedRows
        return closure(connection).map { result in
            if let metadata = result as? PostgresQueryMetadata, Self.changes(metadata.command) {
                changedRows.add(metadata.rows ?? 0)
            }
            return result
        }
    }

    static func changes(_ command: String) -> Bool {
        command == "INSERT" || command == "UPDATE" || command == "DELETE" || command == "MERGE"
    }
}
