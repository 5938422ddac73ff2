import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import ServiceTesting
import Testing

@testable import ServiceStorage

struct SQLiteHandleDatabaseTests {
    /// A commit's cost is its fsync, not SQLite's steps: however quick it was, it never runs on an
    /// event loop; the statements of a write before it may.
    @Test func whatWaitsForTheDiskIsToldFromWhatDoesNot() {
        for sql in ["COMMIT", "END", "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = WAL", "VACUUM INTO ?1"] {
            #expect(SQLiteHandleDatabase.waitsForTheDisk(sql), "\(sql)")
        }
        for sql in [
            "BEGIN IMMEDIATE", "SAVEPOINT write", "RELEASE write", "ROLLBACK TO write",
            "INSERT INTO audit_log VALUES (?1)",
            "SELECT 1", "UPDATE licences SET status = ?1", "", "EN",
        ] {
            #expect(!SQLiteHandleDatabase.waitsForTheDisk(sql), "\(sql)")
        }
    }

    /// What ends a transaction is awaited as a future: one of another loop than the caller's would
    /// wake that loop's thread only to hand the result back (four times a write, measured).
    @Test func aStatementsFutureIsTheCallingLoopsWhetherItRanThereOrOnThePool() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: [Migration(1, "none", sql: [])]) { database in
            let handle = try SQLiteHandle.open(path: database.path)
            defer { handle.close() }
            let elsewhere = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let sql = SQLiteHandleDatabase(handle: handle, logger: Logger(label: "test"), eventLoop: elsewhere.any())
            let caller = MultiThreadedEventLoopGroup.singleton.any()
            // The first run goes to the pool (not yet known quick), the second runs at once; a
            // pragma always goes to the pool.
            for statement in ["SELECT 1", "SELECT 1", "PRAGMA user_version"] {
                let future = try await caller.submit { sql.execute(sql: SQLRaw(statement)) { _ in } }.get()
                #expect(future.eventLoop === caller, "\(statement)")
                try await future.get()
            }
            // Off any event loop, the database's own loop.
            #expect(sql.execute(sql: SQLRaw("SELECT 1")) { _ in }.eventLoop === sql.eventLoop)
            try await elsewhere.shutdownGracefully()
        }
    }

    /// Values bound without the encoder are what the encoder would give, type for type, and a
    /// missing value is NULL.
    @Test func boundValuesAreWhatTheEncoderGives() throws {
        let values: [any Encodable & Sendable] = [
            "", "tên có dấu", "a\u{0}b", Int.min, Int.max, 0, Int64.min, Int32(-7), UInt8(255), 1.5, true,
            String?.none, String?.some("x"), Int?.none, Int?.some(3), Data([0, 1]), Data(), Data?.none,
            Data?.some(Data([9])), Int64?.none, [1, 2], [String](),
        ]
        let encoder = SQLiteDataEncoder()
        for value in values {
            #expect(try SQLiteHandleDatabase.data(value) == encoder.encode(value), "\(value)")
        }
        #expect(try SQLiteHandleDatabase.data(String?.none) == .null)
        #expect(try SQLiteHandleDatabase.data(Int64.min) == .integer(Int.min))
    }
}
