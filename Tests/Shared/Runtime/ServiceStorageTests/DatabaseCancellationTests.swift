import Foundation
import SQLKit
import ServiceTesting
import Synchronization
import Testing

@testable import ServiceStorage

/// A call's task can be cancelled (client gone, deadline passed) at any moment of its write. The
/// transaction must end either way, and the next write must work: once, one cancelled write left
/// the connection inside a transaction and every later write of the service failed.
struct DatabaseCancellationTests {
    enum Point: String, CaseIterable, Sendable {
        /// Cancelled while waiting for the lock, before BEGIN.
        case beforeBegin
        /// Cancelled between two statements of the body.
        case midBody
        /// Cancelled after the body's last statement, before COMMIT.
        case beforeCommit
    }

    @Test(arguments: Point.allCases)
    func aWriteCancelledAtAnyPointEndsItsTransactionAndLeavesNothing(_ point: Point) async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/c.sqlite", migrations: unitMigrations + AuditLog.migrations, logger: testLogger)
            let reached = AsyncStream<Void>.makeStream()
            let proceed = AsyncStream<Void>.makeStream()
            // Holds the lock so that the cancelled write waits for it (the first point).
            let holder = Task {
                try await database.write { _ in
                    if point == .beforeBegin {
                        reached.continuation.yield()
                        for await _ in proceed.stream { break }
                    }
                }
            }
            // The holder must have the lock before the write starts, or the write may take it
            // first and finish before it is cancelled (a race that once failed CI).
            if point == .beforeBegin {
                for await _ in reached.stream { break }
            }
            let write = Task {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'a', 'a')").run()
                    if point != .beforeBegin {
                        reached.continuation.yield()
                        for await _ in proceed.stream { break }
                    }
                    if point == .midBody {
                        try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('2', 'b', 'b')").run()
                    }
                }
            }
            if point != .beforeBegin {
                for await _ in reached.stream { break }
            }
            write.cancel()
            proceed.continuation.yield()
            proceed.continuation.finish()
            _ = await write.result
            try await holder.value
            // Nothing of the cancelled write was kept, and the same write now succeeds.
            let count = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
            await #expect(throws: Never.self) {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'a', 'a')").run()
                }
                try await database.auditFailure(
                    AuditCall(principal: "p", method: "/a.B/C", requestID: "r"), outcome: "CANCELLED: gone")
            }
            try await database.close()
        }
    }

    /// A run's commit is every writer's in it, and the writer that runs it may be one whose call
    /// was cancelled. With the search upkeep's statements new to the connection (its kept
    /// statements emptied, as a full cache does), that commit failed in the cancelled task, and
    /// the earlier writer's change, whose caller was still waiting, failed with it.
    /// On PostgreSQL (`DIC_TEST_BACKEND=postgres`) the same run, whose statements all wait on futures.
    @Test func aCancelledWriterStillCommitsTheRunForTheWritersBeforeIt() async throws {
        try await withTemporaryDatabase(migrations: unitMigrations + AuditLog.migrations) { database in
            let reached = AsyncStream<Void>.makeStream()
            let proceed = AsyncStream<Void>.makeStream()
            let first = Task {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('h', 'h', 'h')").run()
                    reached.continuation.yield()
                    for await _ in proceed.stream { break }
                }
            }
            for await _ in reached.stream { break }
            let cancelled = Task {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('c', 'c', 'c')").run()
                }
            }
            // The second writer waits for the lock, so the first leaves the run open for it.
            while database.lock.waiting == 0 { await Task.yield() }
            if case .sqlite(let handle, _) = database.backend { handle.forgetStatements() }
            cancelled.cancel()
            proceed.continuation.yield()
            proceed.continuation.finish()
            await #expect(throws: CancellationError.self) { try await cancelled.value }
            await #expect(throws: Never.self) { try await first.value }
            let ids = try await database.read {
                try await $0.raw("SELECT id FROM units ORDER BY id").all().map {
                    try $0.decode(column: "id", as: String.self)
                }
            }
            #expect(ids == ["h"])
        }
    }

    @Test func aFailedChangeIsAuditedEvenFromACancelledTask() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/c.sqlite", migrations: unitMigrations + AuditLog.migrations, logger: testLogger)
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await database.auditFailure(
                    AuditCall(principal: "p", method: "/a.B/C", requestID: "r"), outcome: "CANCELLED: gone")
            }
            try await task.value
            let records = try await database.listAudit(Database.AuditQuery())
            #expect(records.map(\.outcome) == ["CANCELLED: gone"])
            try await database.close()
        }
    }
}
