import SQLKit
import ServiceStorage
import ServiceTesting
import Testing

struct SearchIndexTests {
    static let index = SearchIndex(table: "things")

    /// A table of things with search keys, some present before the index is made, one renamed
    /// while the index only added entries (its old key left behind).
    static let migrations = [
        Migration(
            2, "things",
            sql: [
                "CREATE TABLE things (id TEXT PRIMARY KEY, search_key TEXT NOT NULL)",
                "INSERT INTO things (id, search_key) VALUES ('before', 'cong ty in bac kan'), ('renamed', 'ten cu')",
            ]),
        Migration(3, "the index") { database in try await index.create(on: database) },
        Migration(4, "the index kept at commit") { database in try await index.deferUpdates(on: database) },
        Migration(5, "a rename", sql: ["UPDATE things SET search_key = 'ten moi' WHERE id = 'renamed'"]),
        Migration(6, "one entry per row") { database in try await index.keepOneEntryPerRow(on: database) },
    ]

    /// The FTS5 table's entries, by id.
    func entries(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT id FROM things_search ORDER BY id").all().map {
            try $0.decode(column: "id", as: String.self)
        }
    }

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
            // Rows from before the index, added after it, and changed since (before the index
            // kept one entry per row, too).
            #expect(try await found("Bắc Kạn", in: database) == ["new"])  // 'before' no longer says it
            #expect(try await found("ten cu", in: database) == [])
            #expect(try await found("ten moi", in: database) == ["renamed"])
            #expect(try await found("thái nguyên", in: database) == ["before"])
            #expect(try await found("cong ty", in: database) == [])
            // Short queries and LIKE's own characters are taken literally, not as patterns.
            #expect(try await found("in", in: database) == ["other"])
            #expect(try await found("100%", in: database) == ["new"])
            #expect(try await found("n_h", in: database) == ["other"])
            #expect(try await found("%", in: database) == ["new"])
        }
    }

    struct Refused: Error {}

    @Test func sqliteIndexesAWritesRowsAtItsCommitAndNotBefore() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: [Migration(1, "none", sql: [])] + Self.migrations) {
            database in
            let before = try await database.read { try await entries($0) }
            let inside = try await database.write { sql in
                try await sql.raw("INSERT INTO things (id, search_key) VALUES ('a', 'so thong tin')").run()
                try await sql.raw("INSERT INTO things (id, search_key) VALUES ('b', 'so khoa hoc')").run()
                try await sql.raw("UPDATE things SET search_key = 'so cong nghe' WHERE id = 'b'").run()
                return try await entries(sql)
            }
            // Not written to the FTS5 table inside the write's savepoint (where FTS5 would write a
            // segment per write), but there once the write is acknowledged: one entry per row.
            #expect(inside == before)
            #expect(try await database.read { try await entries($0) } == ["a", "b"] + before)
            #expect(try await found("thông tin", in: database) == ["a"])
            #expect(try await found("công nghệ", in: database) == ["b"])
            #expect(try await found("khoa học", in: database) == [])  // its key before the commit

            // Writes sharing one commit, one of them refused: the others are found, it is not,
            // and nothing is left noted for the next commit.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<24 {
                    group.addTask {
                        try? await database.write { sql in
                            try await sql.raw(
                                "INSERT INTO things (id, search_key) VALUES (\(bind: "w\(n)"), \(bind: "hop dong \(n) xyz"))"
                            ).run()
                            if n == 7 { throw Refused() }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let found = try await found("xyz", in: database)
            #expect(found.count == 23)
            #expect(!found.contains("w7"))
            let pending = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM search_pending").first()?.decode(column: "n", as: Int.self)
            }
            #expect(pending == 0)
        }
    }

    @Test func sqliteKeepsOneEntryPerRowThroughRenamesAndDeletions() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: [Migration(1, "none", sql: [])] + Self.migrations) {
            database in
            // The migration dropped the entry the rename before it left.
            #expect(try await database.read { try await entries($0) } == ["before", "renamed"])
            let long = String(repeating: "van ban dai ", count: 300)
            try await database.write { sql in
                try await sql.raw(
                    """
                    INSERT INTO things (id, search_key) VALUES ('a', 'so mot'), ('b', 'so hai'), ('short', 'xy'),
                        ('nul', \(bind: "\u{0}\u{0}\u{0}\u{0}")), ('long', \(bind: long)), ('twice', 'lan dau')
                    """
                ).run()
            }
            try await database.write { sql in
                try await sql.raw("UPDATE things SET search_key = 'so ba' WHERE id = 'a'").run()
                try await sql.raw("DELETE FROM things WHERE id = 'b'").run()
                try await sql.raw("UPDATE things SET id = 'c' WHERE id = 'before'").run()
                // Keys with no trigram to find their entry by, and one longer than any query.
                try await sql.raw("UPDATE things SET search_key = 'ngan' WHERE id IN ('short', 'nul')").run()
                try await sql.raw("UPDATE things SET search_key = 'ngan gon' WHERE id = 'long'").run()
                // Changed twice before the commit: only the key it was indexed with is there.
                try await sql.raw("UPDATE things SET search_key = 'lan hai' WHERE id = 'twice'").run()
                try await sql.raw("UPDATE things SET search_key = 'lan ba' WHERE id = 'twice'").run()
                // Made and changed in one commit.
                try await sql.raw("INSERT INTO things (id, search_key) VALUES ('new', 'moi tao')").run()
                try await sql.raw("UPDATE things SET search_key = 'moi sua' WHERE id = 'new'").run()
            }
            #expect(
                try await database.read { try await entries($0) } == [
                    "a", "c", "long", "new", "nul", "renamed", "short", "twice",
                ])
            #expect(try await found("so mot", in: database) == [])
            #expect(try await found("so ba", in: database) == ["a"])
            #expect(try await found("so hai", in: database) == [])
            #expect(try await found("cong ty", in: database) == ["c"])
            #expect(try await found("ngan", in: database) == ["long", "nul", "short"])
            #expect(try await found("van ban", in: database) == [])
            #expect(try await found("lan", in: database) == ["twice"])
            #expect(try await found("lan ba", in: database) == ["twice"])
            #expect(try await found("moi sua", in: database) == ["new"])
            #expect(try await found("moi tao", in: database) == [])
            // Each row's one entry holds the key it has.
            let strays = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT count(*) AS n FROM things t
                    WHERE (SELECT count(*) FROM things_search s WHERE s.id = t.id AND s.search_key = t.search_key) <> 1
                    """
                ).first()?.decode(column: "n", as: Int.self)
            }
            #expect(strays == 0)
        }
    }

    @Test func sqliteOptimizeLeavesOneSegmentThatFindsTheSame() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: [Migration(1, "none", sql: [])] + Self.migrations) {
            database in
            // A commit each, as an import's batches: FTS5 merges only four segments at a time.
            for n in 0..<3 {
                try await database.write { sql in
                    try await sql.raw(
                        "INSERT INTO things (id, search_key) VALUES (\(bind: "b\(n)"), \(bind: "lo hang \(n) bac kan"))"
                    ).run()
                }
            }
            let before = try #require(try await database.read { try await Self.index.segmentCount(on: $0) })
            #expect(before > 1)
            let found = try await found("bac kan", in: database)
            try await database.write { try await Self.index.optimize(on: $0) }
            #expect(try await database.read { try await Self.index.segmentCount(on: $0) } == 1)
            #expect(try await self.found("bac kan", in: database) == found)
            #expect(found == ["b0", "b1", "b2", "before"])
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
            // The trigram table answers from its index (FTS5 names a MATCH's plan "INDEX 0:M").
            #expect(plan.contains { $0.contains("things_search VIRTUAL TABLE INDEX 0:M") }, "\(plan)")
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

    /// Keys and queries with what an FTS5 query or a LIKE pattern could take for syntax (quotes,
    /// operators, wildcards, brackets), scripts outside Latin, combining marks and repeats: the
    /// index finds exactly what reading every key finds.
    @Test func findsWhatReadingEveryKeyFinds() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: [Migration(1, "none", sql: [])] + Self.migrations) {
            database in
            let keys = [
                #"bao "bac kan" so 1"#, "nha in \"ha noi\" (ha noi)", "tap chi 50% - ban_in", "cong ty AND OR NOT near",
                "trang tin * ^ : + - { }", "báo 北京 日报 ✓", "aaaaaa aaaa", "so thong tin va truyen thong bac kan",
                "x\u{0301}y\u{0301}z\u{0301}", "o'brien 'quoted'", "nul \u{0}\u{0}\u{0} here", "tab\tand\u{1}\u{2}",
            ]
            try await database.write { sql in
                for (n, key) in keys.enumerated() {
                    try await sql.raw("INSERT INTO things (id, search_key) VALUES (\(bind: "k\(n)"), \(bind: key))")
                        .run()
                }
            }
            let queries = [
                #""bac kan""#, #"n ""#, "\"", "ha noi\"", "50% - ban", "_in", "AND OR", "or not", "* ^ :", "{ }",
                "北京 日", "日报", "aaaa", "aaaaaaa", "thong tin va truyen", "truyen thong bac kanx", "'quoted'", "o'b",
                "y\u{0301}z", "ng ty a", "bac", "ac kan so", "\u{0}\u{0}\u{0}", "l \u{0}\u{0}", "\u{0}",
                "and\u{1}\u{2}",
                "bac\u{0}kan",
            ]
            for query in queries {
                // A plain reading: every key put to the same check, without the index.
                let expected = try await database.read { sql in
                    try await sql.raw(
                        """
                        SELECT id FROM things WHERE search_key LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\'
                        ORDER BY id
                        """
                    ).all().map { try $0.decode(column: "id", as: String.self) }
                }
                #expect(try await found(query, in: database) == expected, "\(query)")
            }
        }
    }

    @Test func aQueryIsLookedUpByTrigramsThatCoverIt() {
        // Every third trigram and the last; a repeated one once; FTS5's quote doubled.
        #expect(SearchIndex.matchExpression("bac kan") == #""bac" AND " ka" AND "kan""#)
        #expect(SearchIndex.matchExpression("abcdef") == #""abc" AND "def""#)
        #expect(SearchIndex.matchExpression("aaaaaaa") == #""aaa""#)
        #expect(SearchIndex.matchExpression(#"a"b"#) == #""a""b""#)
        #expect(SearchIndex.matchExpression("北京日报") == #""北京日" AND "京日报""#)
        #expect(SearchIndex.matchExpression("ab") == nil)
        // FTS5 would stop reading at a NUL: no term holds one.
        #expect(SearchIndex.matchExpression("ab\u{0}cdef") == #""cde" AND "def""#)
        #expect(SearchIndex.matchExpression("\u{0}\u{0}\u{0}") == nil)
    }
}
