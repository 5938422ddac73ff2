import SQLKit
import ServiceStorage
import ServiceTesting
import Testing

struct SearchIndexTests {
    static let index = SearchIndex(table: "things")

    /// A table of things with search keys, some present before the index is made.
    static let migrations = [
        Migration(
            2, "things",
            sql: [
                "CREATE TABLE things (id TEXT PRIMARY KEY, search_key TEXT NOT NULL)",
                "INSERT INTO things (id, search_key) VALUES ('before', 'cong ty in bac kan')",
            ]),
        Migration(3, "the index") { database in try await index.create(on: database) },
    ]

    func found(_ query: String, in database: Database) async throws -> [String] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT id FROM things t WHERE \(Self.index.contains(query, id: "t.id", key: "t.search_key", on: sql)) ORDER BY id"
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    @Test func findsWhatEachKeyContainsNowAndNothingElse() async throws {
        try await withTemporaryDatabase(migrations: [Migration(1, "none", sql: [])] + Self.migrations) { database in
            try await database.write { sql in
                try await sql.raw(
                    "INSERT INTO things (id, search_key) VALUES ('new', 'bao bac kan 100%'), ('other', 'nha in_ha noi')"
                ).run()
                try await sql.raw("UPDATE things SET search_key = 'tap chi thai nguyen' WHERE id = 'before'").run()
            }
            // Rows from before the index, added after it, and changed since.
            #expect(try await found("Bắc Kạn", in: database) == ["new"])  // 'before' no longer says it
            #expect(try await found("thái nguyên", in: database) == ["before"])
            #expect(try await found("cong ty", in: database) == [])
            // Short queries and LIKE's own characters are taken literally, not as patterns.
            #expect(try await found("in", in: database) == ["other"])
            #expect(try await found("100%", in: database) == ["new"])
            #expect(try await found("n_h", in: database) == ["other"])
            #expect(try await found("%", in: database) == ["new"])
        }
    }

    @Test func sqliteNarrowsASearchThroughTheIndex() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: [Migration(1, "none", sql: [])] + Self.migrations) {
            database in
            let plan = try await database.read { sql in
                try await sql.raw(
                    "EXPLAIN QUERY PLAN SELECT id FROM things t WHERE \(Self.index.contains("bac kan", id: "t.id", key: "t.search_key", on: sql))"
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            // The trigram table answers the LIKE from its index (FTS5 names that plan "INDEX 0:L").
            #expect(plan.contains { $0.contains("things_search VIRTUAL TABLE INDEX 0:L") }, "\(plan)")
            #expect(!plan.contains("SCAN t"), "\(plan)")  // not every row of the table
            // A query longer than any name is not broken into trigrams for the index.
            let long = String(repeating: "bac kan ", count: 200)
            let longPlan = try await database.read { sql in
                try await sql.raw(
                    "EXPLAIN QUERY PLAN SELECT id FROM things t WHERE \(Self.index.contains(long, id: "t.id", key: "t.search_key", on: sql))"
                ).all().map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(!longPlan.contains { $0.contains("things_search") }, "\(longPlan)")
            #expect(try await found(long, in: database) == [])
        }
    }
}
