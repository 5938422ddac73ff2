import Foundation
import SQLKit
import ServiceTesting
import Testing

@testable import ServiceStorage

struct GroupCommitTests {
    static let migrations = [Migration(1, "rows", sql: ["CREATE TABLE rows (id INTEGER PRIMARY KEY)"])]

    struct Refused: Error {}

    /// A first write holds the connection until `count` more wait for their turn; then all go.
    /// Returns each later write's outcome (true: acknowledged) and the commits made meanwhile.
    func writeTogether(
        _ count: Int, failing: Set<Int> = [], in database: Database
    ) async throws -> (acknowledged: [Int], commits: Int) {
        let inside = AsyncStream<Void>.makeStream()
        let go = AsyncStream<Void>.makeStream()
        let first = Task {
            try await database.write { sql in
                try await sql.raw("INSERT INTO rows (id) VALUES (0)").run()
                inside.continuation.yield()
                for await _ in go.stream { break }
            }
        }
        for await _ in inside.stream { break }
        let before = commitCount(database)
        let later = (1...count).map { index in
            Task { () -> Int? in
                do {
                    try await database.write { sql in
                        try await sql.raw("INSERT INTO rows (id) VALUES (\(bind: index))").run()
                        if failing.contains(index) { throw Refused() }
                    }
                    // Acknowledged: a reader (another connection) sees it committed.
                    let seen = try await database.read { sql in
                        try await sql.raw("SELECT COUNT(*) AS n FROM rows WHERE id = \(bind: index)").first()?
                            .decode(column: "n", as: Int.self)
                    }
                    return seen == 1 ? index : -index
                } catch {
                    return nil
                }
            }
        }
        while database.lock.waiting < count {
            try Task.checkCancellation()  // a test past its time limit ends instead of spinning
            await Task.yield()
        }
        go.continuation.yield()
        try await first.value
        var acknowledged: [Int] = []
        for task in later { if let index = await task.value { acknowledged.append(index) } }
        return (acknowledged.sorted(), commitCount(database) - before)
    }

    func commitCount(_ database: Database) -> Int {
        database.commits.load(ordering: .relaxed)
    }

    @Test(.timeLimit(.minutes(1)), arguments: TestBackend.allCases)
    func writersWaitingTogetherShareOneCommitAndEachIsDurableWhenAcknowledged(backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            let (acknowledged, commits) = try await writeTogether(20, in: database)
            #expect(acknowledged == Array(1...20))
            #expect(commits == 1)  // the first write and the twenty after it: one commit
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: TestBackend.allCases)
    func aFailingWriteUndoesItselfOnlyAndTheOthersAreKept(backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            let (acknowledged, _) = try await writeTogether(10, failing: [4, 9], in: database)
            #expect(acknowledged == [1, 2, 3, 5, 6, 7, 8, 10])
            #expect(try await storedIDs(database) == [0, 1, 2, 3, 5, 6, 7, 8, 10])
        }
    }

    /// A write's savepoint keeps the pages it changes, as they were, in memory up to
    /// `SQLiteHandle.statementJournalSpillBytes` and in a temporary file past that. One that changes
    /// 600 rows of 1 KB (~600 KB of pages) goes to the file and is kept; one as large that fails is
    /// undone from it, and the write before it stays as it was.
    @Test(.timeLimit(.minutes(1)))
    func aWriteWhoseUndoPagesOutgrowMemoryIsKeptOrUndoneWhole() async throws {
        let migrations = [
            Migration(1, "bodies", sql: ["CREATE TABLE bodies (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"])
        ]
        try await withTemporaryDatabase(.sqlite, migrations: migrations) { database in
            #expect(SQLiteHandle.statementJournalConfigured)
            try await database.write { sql in
                for id in 1...600 {
                    try await sql.raw("INSERT INTO bodies (id, body) VALUES (\(bind: id), zeroblob(1000))").run()
                }
            }
            let bodies = { () async throws -> [Data] in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM bodies ORDER BY id").all().map {
                        try $0.decode(column: "body", as: Data.self)
                    }
                }
            }
            try await database.write { sql in try await sql.raw("UPDATE bodies SET body = randomblob(1000)").run() }
            let kept = try await bodies()
            #expect(kept.count == 600 && kept.allSatisfy { $0 != Data(count: 1000) })
            await #expect(throws: Refused.self) {
                try await database.write { sql in
                    try await sql.raw("UPDATE bodies SET body = randomblob(1000)").run()
                    throw Refused()
                }
            }
            #expect(try await bodies() == kept)
        }
    }

    /// A failed write that cannot be undone alone is not committed with its run. Its savepoint is
    /// ended here before it fails, so undoing it fails, as an I/O error reading its undo pages would;
    /// the run is rolled back whole, and a later write starts a new one.
    @Test(.timeLimit(.minutes(1)))
    func aFailedWriteThatCannotBeUndoneAloneIsNotCommitted() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: Self.migrations) { database in
            await #expect(throws: Refused.self) {
                try await database.write { sql in
                    try await sql.raw("RELEASE write").run()
                    try await sql.raw("INSERT INTO rows (id) VALUES (1)").run()
                    throw Refused()
                }
            }
            #expect(try await storedIDs(database) == [])
            try await database.write { sql in try await sql.raw("INSERT INTO rows (id) VALUES (2)").run() }
            #expect(try await storedIDs(database) == [2])
        }
    }

    /// PostgreSQL keeps a run's writes in one transaction only up to its limit (its sessions keep 64
    /// subtransactions in shared memory): more writers waiting at once make more commits.
    @Test(.timeLimit(.minutes(1)))
    func aPostgreSQLRunIsBoundedAndEveryWriteOfItKept() async throws {
        try await withTemporaryDatabase(.postgres, migrations: Self.migrations) { database in
            let count = 2 * Database.postgresGroupCommitLimit + 5
            let (acknowledged, commits) = try await writeTogether(count, in: database)
            #expect(acknowledged == Array(1...count))
            #expect(commits == 3)
            #expect(try await storedIDs(database) == Array(0...count))
        }
    }

    /// A write that goes on after one of its statements failed leaves a PostgreSQL transaction
    /// that can only be rolled back; the server answers its COMMIT with ROLLBACK, not an error.
    /// Neither that write nor the ones sharing its transaction may be acknowledged.
    @Test(.timeLimit(.minutes(1)))
    func aTransactionTheDatabaseRolledBackIsNotAcknowledged() async throws {
        try await withTemporaryDatabase(.postgres, migrations: Self.migrations) { database in
            await #expect(throws: StorageError.self) {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO rows (id) VALUES (1)").run()
                    _ = try? await sql.raw("INSERT INTO rows (id) VALUES (1)").run()  // refused, and swallowed
                }
            }
            #expect(try await storedIDs(database) == [])
            try await database.write { sql in try await sql.raw("INSERT INTO rows (id) VALUES (2)").run() }
            #expect(try await storedIDs(database) == [2])
        }
    }

    /// The connection of an open run is lost (its server process ended): the writes of that run
    /// fail, none of them is stored, and the writers after them start a run on a new connection.
    @Test(.timeLimit(.minutes(1)))
    func aRunWhoseConnectionIsLostFailsWholeAndTheNextRunStartsAfresh() async throws {
        try await withTemporaryDatabase(.postgres, migrations: Self.migrations) { database in
            let inside = AsyncStream<Int>.makeStream()
            let go = AsyncStream<Void>.makeStream()
            let first = Task {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO rows (id) VALUES (0)").run()
                    let pid = try await sql.raw("SELECT pg_backend_pid() AS pid").first()?.decode(
                        column: "pid", as: Int.self)
                    inside.continuation.yield(pid ?? 0)
                    for await _ in go.stream { break }
                }
            }
            var pid = 0
            for await value in inside.stream {
                pid = value
                break
            }
            let count = 5
            let later = (1...count).map { index in
                Task { () -> Bool in
                    do {
                        try await database.write { sql in
                            try await sql.raw("INSERT INTO rows (id) VALUES (\(bind: index))").run()
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            while database.lock.waiting < count {
                try Task.checkCancellation()
                await Task.yield()
            }
            do {
                // Whatever happens, the first write must end, or closing the database waits for it.
                defer { go.continuation.yield() }
                try await database.read { sql in
                    try await sql.raw("SELECT pg_terminate_backend(CAST(\(bind: pid) AS INTEGER))").run()
                }
            }
            await #expect(throws: (any Error).self) { try await first.value }
            var acknowledged = 0
            for task in later where await task.value { acknowledged += 1 }
            // The writer that found the run's connection gone fails with it; the rest begin anew.
            #expect(acknowledged == count - 1)
            #expect(try await storedIDs(database).count == acknowledged)
            #expect(try await !storedIDs(database).contains(0))
        }
    }

    func storedIDs(_ database: Database) async throws -> [Int] {
        try await database.read { sql in
            try await sql.raw("SELECT id FROM rows ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
        }
    }
}
