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
            insert.values([SQLBind("a"), SQLBind(Int64.min), SQLBind(awkward), SQLBind(Data([0, 1, 2]))])
            insert.values([SQLBind("b"), SQLBind(Int?.none), SQLBind(""), SQLBind(Data?.none)])
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
    /// value in order, and the values themselves; a value that is not a plain bind leaves it to
    /// the serializer.
    @Test func sqliteTextIsWrittenDirectlyForPlainBinds() throws {
        var insert = PlainInsert(into: "rows_kept", columns: ["id", "n"])
        insert.values([SQLBind("a"), SQLBind(1)])
        insert.values([SQLBind("b"), SQLBind(Int?.none)])
        let (sql, binds) = try #require(insert.sqliteStatement())
        #expect(sql == "INSERT INTO rows_kept (id, n) VALUES (?, ?), (?, ?)")
        #expect(binds.count == 4 && binds[0] as? String == "a" && binds[1] as? Int == 1 && binds[2] as? String == "b")
        #expect((binds[3] as? Int?) == .some(nil))

        var single = PlainInsert(into: "rows_kept", columns: ["id"])
        single.values([SQLBind("a")])
        #expect(single.sqliteStatement()?.sql == "INSERT INTO rows_kept (id) VALUES (?)")

        var computed = PlainInsert(into: "rows_kept", columns: ["id", "n"])
        computed.values([SQLBind("a"), SQLRaw("1 + 1")])
        #expect(computed.sqliteStatement() == nil)
        #expect(PlainInsert(into: "rows_kept", columns: []).sqliteStatement() == nil)
    }
}
