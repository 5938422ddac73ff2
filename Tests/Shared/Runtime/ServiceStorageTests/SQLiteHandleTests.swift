import Foundation
import SQLKit
import ServiceTesting
import Testing

@testable import ServiceStorage

/// The readers' own SQLite connection: values as SQLiteKit reads them, statements kept, and which
/// statements may run on the caller's thread.
struct SQLiteHandleTests {
    static let migrations = [
        Migration(1, "notes", sql: ["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, data BLOB)"])
    ]

    /// A handle on a fresh database file that has the `notes` table.
    func withHandle(_ body: (SQLiteHandle, Database) async throws -> Void) async throws {
        try await withTemporaryDatabase(.sqlite, migrations: Self.migrations) { database in
            let handle = try SQLiteHandle.open(path: database.path)
            defer { handle.close() }
            try await body(handle, database)
        }
    }

    @Test func valuesReadBackAsTheyWereBoundEmptyIsNotNull() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: Self.migrations) { database in
            try await database.write { sql in
                try await sql.raw(
                    """
                    INSERT INTO notes (id, body, data) VALUES (1, \(bind: ""), \(bind: Data())),
                    (2, NULL, NULL), (3, \(bind: "Bắc Kạn \u{0}x"), \(bind: Data([0, 1, 255])))
                    """
                ).run()
            }
            let rows = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT id, body, data, body IS NULL AS no_body, data IS NULL AS no_data, \(bind: "") AS empty,
                    \(bind: "") IS NULL AS empty_is_null, \(bind: 1.5) AS half, \(bind: Int64.min) AS least
                    FROM notes ORDER BY id
                    """
                ).all()
            }
            #expect(rows.count == 3)
            #expect(try rows[0].decode(column: "body", as: String.self) == "")
            #expect(try rows[0].decode(column: "data", as: Data.self) == Data())
            #expect(try rows[0].decode(column: "no_body", as: Bool.self) == false)
            #expect(try rows[0].decode(column: "no_data", as: Bool.self) == false)
            #expect(try rows[0].decode(column: "empty", as: String.self) == "")
            #expect(try rows[0].decode(column: "empty_is_null", as: Bool.self) == false)
            #expect(try rows[0].decode(column: "half", as: Double.self) == 1.5)
            #expect(try rows[0].decode(column: "least", as: Int64.self) == Int64.min)
            #expect(try rows[1].decodeNil(column: "body") && rows[1].decodeNil(column: "data"))
            #expect(try rows[1].decode(column: "body", as: String?.self) == nil)
            #expect(try rows[1].decode(column: "body", as: Int?.self) == nil)
            #expect(throws: (any Error).self) { try rows[1].decode(column: "body", as: String.self) }
            #expect(try rows[1].decode(column: "id", as: Int.self) == 2)
            #expect(try rows[1].decode(column: "id", as: Int?.self) == 2)
            #expect(try rows[1].decode(column: "id", as: Int64.self) == 2)
            #expect(try rows[1].decode(column: "id", as: Double.self) == 2)
            #expect(try rows[1].decode(column: "id", as: String.self) == "2")  // as SQLiteKit reads it
            #expect(try rows[0].decode(column: "body", as: String?.self) == "")
            #expect(throws: (any Error).self) { try rows[0].decode(column: "body", as: Int.self) }
            #expect(try rows[2].decode(column: "body", as: String.self) == "Bắc Kạn \u{0}x")
            #expect(try rows[2].decode(column: "data", as: Data.self) == Data([0, 1, 255]))
            #expect(rows[2].allColumns.first == "id" && !rows[2].contains(column: "nothing"))
            #expect(throws: DecodingError.self) { try rows[2].decode(column: "nothing", as: Int.self) }
        }
    }

    @Test func aStatementRunsInlineOnlyOnceItWasQuickAndNeverAfterItWasSlow() async throws {
        try await withHandle { handle, _ in
            let count = "SELECT COUNT(*) AS n FROM notes WHERE id > ?1"
            #expect(try handle.rowsIfQuick(count, [.integer(0)]) == nil)  // never ran here: the thread pool first
            _ = try handle.rows(count, [.integer(0)], withoutWaiting: false)
            #expect(try handle.rowsIfQuick(count, [.integer(0)]) != nil)
            // Counting to a bound: quick for a small one, slow for a large one, and then slow for good.
            let counting =
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) SELECT COUNT(*) AS n FROM c"
            let small = try handle.rows(counting, [.integer(10)], withoutWaiting: false)
            #expect(try small?.first?.decode(column: "n", as: Int.self) == 10)
            #expect(try handle.rowsIfQuick(counting, [.integer(10)])?.first?.decode(column: "n", as: Int.self) == 10)
            let large = try handle.rows(counting, [.integer(100_000)], withoutWaiting: false)
            #expect(try large?.first?.decode(column: "n", as: Int.self) == 100_000)
            #expect(try handle.rowsIfQuick(counting, [.integer(10)]) == nil)
            _ = try handle.rows(counting, [.integer(10)], withoutWaiting: false)
            #expect(try handle.rowsIfQuick(counting, [.integer(10)]) == nil)
            // A statement known quick that runs slow when run at once is slow from then on too.
            let other =
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) SELECT MAX(i) AS n FROM c"
            _ = try handle.rows(other, [.integer(10)], withoutWaiting: false)
            #expect(
                try handle.rowsIfQuick(other, [.integer(100_000)])?.first?.decode(column: "n", as: Int.self) == 100_000)
            #expect(try handle.rowsIfQuick(other, [.integer(10)]) == nil)
        }
    }

    /// A partial index lets SQLite's planner look at a bound value and ask for a new plan each time
    /// another is bound: parsing every call again, which the kept statement was to save.
    @Test func newBoundValuesDoNotMakeAKeptStatementBePreparedAgain() async throws {
        let migrations =
            Self.migrations + [
                Migration(
                    2, "owners",
                    sql: [
                        "CREATE TABLE owners (id TEXT PRIMARY KEY, code TEXT NOT NULL)",
                        "CREATE UNIQUE INDEX owners_code ON owners (code) WHERE code <> ''",
                        "INSERT INTO notes (id, body) VALUES (1, 'a'), (2, 'b')",
                        "INSERT INTO owners (id, code) VALUES ('a', 'x'), ('b', '')",
                    ])
            ]
        try await withTemporaryDatabase(.sqlite, migrations: migrations) { database in
            let handle = try SQLiteHandle.open(path: database.path)
            defer { handle.close() }
            let query =
                "SELECT n.id AS id, o.code AS code FROM notes n LEFT JOIN owners o ON o.id = n.body WHERE n.id = ?1"
            for id in [1, 2, 1, 2] {
                let rows = try handle.rows(query, [.integer(id)], withoutWaiting: false)
                #expect(try rows?.first?.decode(column: "code", as: String.self) == (id == 1 ? "x" : ""))
            }
            #expect(handle.reprepares(query) == 0)
        }
    }

    @Test func statementsBeyondTheCacheStillRunAndFailuresSayWhy() async throws {
        try await withHandle { handle, _ in
            for value in 0..<(SQLiteHandle.cacheLimit * 2) {
                let rows = try handle.rows("SELECT \(value) AS v, ?1 AS w", [.text("x\(value)")], withoutWaiting: false)
                #expect(try rows?.first?.decode(column: "v", as: Int.self) == value)
                #expect(try rows?.first?.decode(column: "w", as: String.self) == "x\(value)")
            }
            let error = #expect(throws: SQLiteFailure.self) {
                try handle.rows("SELECT * FROM nowhere", [], withoutWaiting: false)
            }
            #expect(error?.message.contains("no such table: nowhere") == true)
        }
    }

    /// An import inserts hundreds of rows a statement, in as many texts as it has batch sizes: kept,
    /// each held its 100-200 KiB for the process's life. Such a statement runs and is let go.
    @Test func aStatementHoldingMuchMemoryRunsAndIsNotKept() async throws {
        try await withHandle { handle, _ in
            let rows = 800
            let batch =
                "INSERT INTO notes (id, body) VALUES "
                + (0..<rows).map { "(?\($0 * 2 + 1), ?\($0 * 2 + 2))" }.joined(separator: ", ")
            let small = "SELECT COUNT(*) AS n, MAX(body) AS last FROM notes"
            _ = try handle.rows(small, [], withoutWaiting: false)
            let before = handle.keptStatementBytes
            #expect(handle.keeps(small) && before > 0)

            _ = try handle.rows(
                batch, (0..<rows).flatMap { [.integer($0), .text("note \($0)")] }, withoutWaiting: false)
            #expect(!handle.keeps(batch))
            #expect(handle.keptStatementBytes == before)
            #expect(handle.keeps(small))
            let counted = try handle.rows(small, [], withoutWaiting: false)?.first
            #expect(try counted?.decode(column: "n", as: Int.self) == rows)
            #expect(try counted?.decode(column: "last", as: String.self) == "note 99")
        }
    }

    /// Statements of tens of KiB each (a search's are) fill the cache by memory long before its
    /// count: what one connection keeps stays within ``SQLiteHandle/cacheBytes``.
    @Test func whatAConnectionKeepsStaysWithinItsMemory() async throws {
        try await withHandle { handle, _ in
            var largest = 0
            for variant in 0..<SQLiteHandle.cacheLimit {
                let terms = (0..<120).map { "body = ?\($0 + 1) OR id = \(variant * 1_000 + $0)" }
                let sql = "SELECT COUNT(*) AS n FROM notes WHERE " + terms.joined(separator: " OR ")
                let rows = try handle.rows(sql, (0..<120).map { .text("b\($0)") }, withoutWaiting: false)
                #expect(try rows?.first?.decode(column: "n", as: Int.self) == 0)
                #expect(handle.keeps(sql))
                #expect(handle.keptStatementBytes <= Int(SQLiteHandle.cacheBytes))
                largest = max(largest, handle.keptStatementBytes)
            }
            // The variants did fill the budget: the bound, not their number, decided.
            #expect(largest > Int(SQLiteHandle.cacheBytes) / 2)
        }
    }

    /// A kept statement holds no snapshot between reads (one stepped to its end has ended its
    /// read; the handle resets each anyway): the reader sees the next commit, and a checkpoint can
    /// empty the log behind it.
    @Test func aReadHoldsNoSnapshotAfterItEnds() async throws {
        try await withHandle { handle, database in
            try handle.execute("PRAGMA query_only = ON")
            let count = "SELECT COUNT(*) AS n FROM notes"
            #expect(try handle.rows(count, [], withoutWaiting: false)?.first?.decode(column: "n", as: Int.self) == 0)
            try await database.write { sql in try await sql.raw("INSERT INTO notes (id) VALUES (1)").run() }
            #expect(try handle.rows(count, [], withoutWaiting: true)?.first?.decode(column: "n", as: Int.self) == 1)
            let checkpoint = try await database.onWriter { sql in
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first()
            }
            #expect(try checkpoint?.decode(column: "busy", as: Int.self) == 0)
            #expect(throws: SQLiteFailure.self) {
                try handle.rows("INSERT INTO notes (id) VALUES (2)", [], withoutWaiting: false)
            }
        }
    }
}
