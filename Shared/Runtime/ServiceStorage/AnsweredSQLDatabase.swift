import Foundation
import Logging
import NIOCore
import PostgresKit

/// A pooled PostgreSQL connection's SQL, where every statement ends with an answer. postgres-nio
/// hands a statement to the connection's channel without a promise for the hand-over; when the
/// server has just closed the connection (a restart, a failover), the statement is dropped and its
/// result never arrives, which hung calls for good in the outage test. So each statement is
/// watched: once the connection is closed it fails at once as UNAVAILABLE, and one that gets no
/// answer within `limit` (past the server's statement timeout) fails so too, and its connection is
/// closed so the pool drops it.
struct AnsweredSQLDatabase: WrappingSQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection
    let limit: TimeAmount
    /// Rows inserted, updated or deleted through it (``CountingPostgresDatabase``).
    let changedRows = CountingPostgresDatabase.ChangedRows()

    init(_ connection: PostgresConnection, limit: TimeAmount) {
        self.base = CountingPostgresDatabase(connection: connection, changedRows: changedRows).sql()
        self.connection = connection
        self.limit = limit
    }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        answered(base.execute(sql: query, onRow))
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await answered(base.execute(sql: query, onRow)).get()
    }

    /// Commits the connection's transaction; returns the server's answer: `COMMIT`, or `ROLLBACK`
    /// when an error had ended the transaction (which SQLKit's `execute` does not tell apart).
    func commit() async throws -> String {
        let committed = connection.query(PostgresQuery(unsafeSQL: "COMMIT"), logger: logger) { _ in }
        return try await answered(committed).get().command
    }

    func answered<T: Sendable>(_ result: EventLoopFuture<T>) -> EventLoopFuture<T> {
        let loop = result.eventLoop
        let outcome = loop.makePromise(of: T.self)
        result.cascade(to: outcome)
        let connection = self.connection
        let deadline = NIODeadline.now() + limit
        // A promise completed twice keeps its first result, so a late answer changes nothing.
        let watch = loop.scheduleRepeatedTask(initialDelay: .milliseconds(500), delay: .milliseconds(500)) { task in
            if connection.isClosed {
                outcome.fail(StorageError(.unavailable, "the connection to the database was lost"))
                task.cancel()
            } else if NIODeadline.now() >= deadline {
                outcome.fail(StorageError(.unavailable, "the database did not answer a statement"))
                Database.abandon(connection)
                task.cancel()
            }
        }
        result.whenComplete { _ in watch.cancel() }
        return outcome.futureResult
    }
}
