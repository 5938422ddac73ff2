import Foundation
import SQLKit
import ServiceTesting
import Testing

@testable import ServiceStorage

/// A plain INSERT writes the code's names as they stand and binds every value, on both backends.
struct PlainInsertTests {
    static let migrations = [
        Migration(
            namespace: "plain", 1, "rows",
            sql: ["CREATE TABLE rows_kept (id TEXT PRIMARY KEY, n INTEGER, note TEXT, raw BLOB)"])
    ]

    @Test(arguments: TestBackend.allCases)
    func insertsEveryRowWithItsValuesBound(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            var insert = PlainInsert(into: "rows_kept", columns: ["id", "n", "note", "raw"])
            let awkward = "it's \"quoted\"; DROP TABLE rows_kept; --"
            insert.values(["a", Int64.min, awkward, Data([0, 1, 2])])
            insert.values(["b", Int?.none, "", Data?.none])
            try await database.write { sql in
                let (text, binds) = sql.serialize(insert)
                let placeholders = StorageDialect.isPostgres(sql) ? "$1, $2, $3, $4), ($5" : "?1, ?2, ?3, ?4), (?5"
                #expect(text.hasPrefix("INSERT INTO rows_kept (id, n, note, raw) VALUES (\(placeholders)"))
                #expect(binds.count == 8)
                try await insert.run(on: sql)
                try await PlainInsert(into: "rows_kept", columns: ["id"]).run(on: sql)  // no rows: nothing run
            }
            let rows = try await database.read { sql in
                try await sql.raw("SELECT id, n, note, raw FROM rows_kept ORDER BY id").all()
            }
            #expect(rows.count == 2)
            #expect(try rows[0].decode(column: "n", as: Int64.self) == Int64.min)
            #expect(try rows[0].decode(column: "note", as: String.self) == awkward)
            #expect(try rows[0].decode(column: "raw", as: Data.self) == Data([0, 1, 2]))
            #expect(try rows[1].decode(column: "n", as: Int?.self) == nil)
            #expect(try rows[1].decode(column: "note", as: String.self) == "")
        }
    }

    /// On SQLite the statement is written without SQLKit's serializer: the same names, a `?` per
    /// value in order, and the values themselves.
    @Test func sqliteTextIsWrittenDirectly() throws {
        var insert = PlainInsert(into: "rows_kept", columns: ["id", "n"])
        insert.values(["a", 1])
        insert.values(["b", Int?.none])
        let (sql, binds) = try #require(insert.sqliteStatement())
        #expect(sql == "INSERT INTO rows_kept (id, n) VALUES (?, ?), (?, ?)")
        #expect(binds.count == 4 && binds[0] as? String == "a" && binds[1] as? Int == 1 && binds[2] as? String == "b")
        #expect((binds[3] as? Int?) == .some(nil))

        var single = PlainInsert(into: "rows_kept", columns: ["id"])
        single.values(["a"])
        #expect(single.sqliteStatement()?.sql == "INSERT INTO rows_kept (id) VALUES (?)")
        #expect(PlainInsert(into: "rows_kept", columns: []).sqliteStatement() == nil)
    }
}
