import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// A ``SQLiteHandle`` as SQLKit's `SQLDatabase`, so the services' queries stay SQLKit's.
///
/// A statement that has run on this connection before and was always quick
/// (``SQLiteHandle/quickSteps``) runs at once on the calling task's thread, which is the call's
/// event loop: handing a statement of a few microseconds to a thread pool and back cost more than
/// the statement. Every other statement (new here, or ever slow) runs on the thread pool, and so do
/// those that wait for the disk (a commit's fsync, a checkpoint, `VACUUM`), so an event loop only
/// ever runs statements known to be short. A statement run at once does not wait for a lock
/// either: it runs again on the pool instead (one that meets a lock has done nothing).
struct SQLiteHandleDatabase: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger
    let eventLoop: any EventLoop

    var dialect: any SQLDialect { SQLiteDialect() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var queryLogLevel: Logger.Level? { .trace }

    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = try statement(query)
        if !Self.waitsForTheDisk(sql), let rows = try handle.rowsIfQuick(sql, binds) {
            for row in rows { onRow(row) }
            return
        }
        let handle = self.handle
        let rows = try await NIOThreadPool.singleton.runIfActive {
            try handle.rows(sql, binds, withoutWaiting: false) ?? []
        }
        for row in rows { onRow(row) }
    }

    /// Runs the statement even in a cancelled task (the thread pool's async path refuses new work
    /// for one): what ends a transaction must always run.
    ///
    /// The future is the calling thread's event loop's when it has one (a call's handler runs on
    /// its connection's loop): awaiting a future of another loop wakes that loop's thread to hand
    /// the result back, two thread switches for nothing, and a write ran four such statements.
    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<
        Void
    > {
        let eventLoop = MultiThreadedEventLoopGroup.currentEventLoop ?? self.eventLoop
        do {
            let (sql, binds) = try statement(query)
            if !Self.waitsForTheDisk(sql), let rows = try handle.rowsIfQuick(sql, binds) {
                for row in rows { onRow(row) }
                return eventLoop.makeSucceededVoidFuture()
            }
            let handle = self.handle
            return NIOThreadPool.singleton.runIfActive(eventLoop: eventLoop) {
                try handle.rows(sql, binds, withoutWaiting: false) ?? []
            }.map { rows in
                for row in rows { onRow(row) }
            }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    private func statement(_ query: any SQLExpression) throws -> (String, [SQLiteData]) {
        let (sql, encodable) = (query as? PlainInsert)?.sqliteStatement() ?? serialize(query)
        return (sql, try encodable.map(Self.data))
    }

    /// A bound value as SQLite's, as `SQLiteDataEncoder` gives it: the types most values are
    /// (text, whole numbers, no value, bytes) directly, where the encoder first asks the runtime
    /// whether the value conforms to its protocol, a lookup in the conformance cache for every
    /// value (2% of a write).
    static func data(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let text as String: .text(text)
        case let number as Int: .integer(number)
        case let number as Int64: .integer(Int(number))
        // Only nil is left to match here (a value is taken by the cases above); the runtime casts
        // nil of any optional type to this one.
        case let text as String?: text.map(SQLiteData.text) ?? .null
        case let bytes as Data: bytes.sqliteData ?? .null
        default: try encoder.encode(value)
        }
    }

    /// Statements whose cost is the disk's, not SQLite's steps: a commit (fsync), a pragma
    /// (checkpoints, journal modes), `VACUUM`.
    static func waitsForTheDisk(_ sql: String) -> Bool {
        let head = sql.utf8.prefix(6)
        for word in ["COMMIT", "END", "PRAGMA", "VACUUM"] where head.starts(with: word.utf8) { return true }
        return false
    }
}
