import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// A connection that only reads, as SQLKit's `SQLDatabase`, so the services' queries stay SQLKit's.
/// A statement that has run here before and was always quick (``SQLiteHandle/quickSteps``) runs
/// at once on the calling task's thread, which is the call's event loop: handing a read of one row
/// to a thread pool and back cost more than the read. Every other statement (new here, or ever
/// slow) runs on the thread pool, so an event loop only ever runs reads known to be short. A quick
/// read does not wait for a lock on the event loop either: it runs again on the pool instead.
struct SQLiteReader: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger
    let eventLoop: any EventLoop

    var dialect: any SQLDialect { SQLiteDialect() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var queryLogLevel: Logger.Level? { .trace }

    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, encodable) = serialize(query)
        let binds = try encodable.map { try Self.encoder.encode($0) }
        if handle.isQuick(sql), let rows = try handle.rows(sql, binds, withoutWaiting: true) {
            for row in rows { onRow(row) }
            return
        }
        let handle = self.handle
        let rows = try await NIOThreadPool.singleton.runIfActive {
            try handle.rows(sql, binds, withoutWaiting: false) ?? []
        }
        for row in rows { onRow(row) }
    }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<
        Void
    > {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }
}
