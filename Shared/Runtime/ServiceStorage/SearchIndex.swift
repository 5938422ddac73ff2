import SQLKit

/// A trigram index over a table's `search_key` (``SearchText``), so that "contains" searches
/// read the rows that may match instead of every row of the table.
///
/// SQLite: an FTS5 table `<table>_search` (trigram tokenizer) holding `(id, search_key)` for
/// every row, written by the commit that writes the row (``deferUpdates(on:)``), and holding one
/// entry per row, the row's key as committed (``keepOneEntryPerRow(on:)``): a search answers from
/// the index alone, without looking up the rows it finds. PostgreSQL: a GIN index of `pg_trgm`
/// on the column itself, which serves the plain `LIKE`; where the extension cannot be installed
/// (a role without the right), searches still answer, by reading the table.
///
/// The statements are part of released migrations: they never change. A different index is a
/// new migration; one made now takes all three steps, ``create(on:)``, ``deferUpdates(on:)``
/// and ``keepOneEntryPerRow(on:)``, which searches rely on.
public struct SearchIndex: Sendable {
    /// The indexed table; it has a text `id` and a `search_key` column.
    public let table: String

    public init(table: String) { self.table = table }

    var name: String { "\(table)_search" }

    /// Longer queries (in UTF-8 bytes of their key) are not looked up in the index.
    static let longestIndexedQuery = 256

    /// Creates the index and fills it from the rows present (the body of a migration).
    public func create(on database: any SQLDatabase) async throws {
        for statement in StorageDialect.isPostgres(database) ? postgresStatements : sqliteStatements {
            try await database.raw(SQLQueryString(statement)).run()
        }
    }

    var sqliteStatements: [String] {
        [
            "CREATE VIRTUAL TABLE \(name) USING fts5(id UNINDEXED, search_key, tokenize = 'trigram', detail = 'none')",
            "INSERT INTO \(name) (id, search_key) SELECT id, search_key FROM \(table)",
            """
            CREATE TRIGGER \(name)_insert AFTER INSERT ON \(table) BEGIN
                INSERT INTO \(name) (id, search_key) VALUES (new.id, new.search_key);
            END
            """,
            """
            CREATE TRIGGER \(name)_update AFTER UPDATE OF search_key ON \(table)
                WHEN old.search_key IS NOT new.search_key BEGIN
                INSERT INTO \(name) (id, search_key) VALUES (new.id, new.search_key);
            END
            """,
        ]
    }

    /// Moves the SQLite index's upkeep to the commit (the body of a migration after ``create(on:)``).
    /// The triggers made by `create` add each row to the FTS5 table inside the write's savepoint,
    /// and FTS5 writes a segment of its index, and merges segments, at every savepoint's release:
    /// a seventh of a write's CPU under group commit. Instead the triggers note the row in
    /// `search_pending`, and the commit indexes every noted row at once, in the same transaction
    /// (``indexPending(on:)``), so no reader ever sees a row the index does not know. PostgreSQL's
    /// index is on the column itself: nothing to do.
    public func deferUpdates(on database: any SQLDatabase) async throws {
        guard !StorageDialect.isPostgres(database) else { return }
        for statement in [
            "DROP TRIGGER IF EXISTS \(name)_insert",
            "DROP TRIGGER IF EXISTS \(name)_update",
            """
            CREATE TRIGGER \(name)_pending_insert AFTER INSERT ON \(table) BEGIN
                INSERT INTO search_pending (search_index, id) VALUES ('\(name)', new.id);
            END
            """,
            """
            CREATE TRIGGER \(name)_pending_update AFTER UPDATE OF search_key ON \(table)
                WHEN old.search_key IS NOT new.search_key BEGIN
                INSERT INTO search_pending (search_index, id) VALUES ('\(name)', new.id);
            END
            """,
        ] {
            try await database.raw(SQLQueryString(statement)).run()
        }
    }

    /// Keeps one entry per row (the body of a migration after ``deferUpdates(on:)``). Before it, a
    /// changed key added an entry and left the old one, and every search looked up the row of each
    /// entry it found to check its key: for a search matching 666 organisations, three lookups
    /// each and a third of the query. Now the triggers note a changed or deleted row's old key in
    /// `search_changes`, and the commit finds the row's entry by that key's trigrams and its id,
    /// and removes it before adding the new one. (Finding it by a number kept per row in a table
    /// of its own cost every write a random page of that table's index: 10% of an insert's CPU.)
    /// The index is rebuilt here from the rows, without the entries earlier keys left.
    public func keepOneEntryPerRow(on database: any SQLDatabase) async throws {
        guard !StorageDialect.isPostgres(database) else { return }
        for statement in [
            // Dropped and made again rather than emptied: FTS5 deletes row by row, reading each.
            "DROP TABLE \(name)",
            "CREATE VIRTUAL TABLE \(name) USING fts5(id UNINDEXED, search_key, tokenize = 'trigram', detail = 'none')",
            // In the order the rows were made, as the index had them: rows made together (an
            // import) stay near each other in its lists, which a search that matches them reads
            // page by page (in id order, the register's search took twice as long).
            "INSERT INTO \(name) (id, search_key) SELECT id, search_key FROM \(table) ORDER BY rowid",
            // Filled in one statement, FTS5 leaves merges of its segments half done, which the next
            // writes would carry on (a merge was 6% of a write's CPU after this, 1% once merged).
            "INSERT INTO \(name) (\(name)) VALUES ('optimize')",
            "DROP TRIGGER IF EXISTS \(name)_pending_insert",
            "DROP TRIGGER IF EXISTS \(name)_pending_update",
            """
            CREATE TRIGGER \(name)_changes_insert AFTER INSERT ON \(table) BEGIN
                INSERT INTO search_changes (search_index, id, old_key) VALUES ('\(name)', new.id, NULL);
            END
            """,
            """
            CREATE TRIGGER \(name)_changes_update AFTER UPDATE OF id, search_key ON \(table)
                WHEN old.id IS NOT new.id OR old.search_key IS NOT new.search_key BEGIN
                INSERT INTO search_changes (search_index, id, old_key)
                VALUES ('\(name)', old.id, old.search_key), ('\(name)', new.id, NULL);
            END
            """,
            """
            CREATE TRIGGER \(name)_changes_delete AFTER DELETE ON \(table) BEGIN
                INSERT INTO search_changes (search_index, id, old_key) VALUES ('\(name)', old.id, old.search_key);
            END
            """,
        ] {
            try await database.raw(SQLQueryString(statement)).run()
        }
    }

    /// SQLite: indexes the rows noted since the last commit (``deferUpdates(on:)``,
    /// ``keepOneEntryPerRow(on:)``), each with the key it has now, and forgets the notes. Run by
    /// the writer just before it commits.
    static func indexPending(on database: any SQLDatabase) async throws {
        for (notes, replacing) in [("search_pending", false), ("search_changes", true)] {
            let names = try await database.raw("SELECT DISTINCT search_index FROM \(unsafeRaw: notes)").all().map {
                try $0.decode(column: "search_index", as: String.self)
            }
            guard !names.isEmpty else { continue }
            for name in names {
                // Only the triggers above write these names; anything else is not ours to splice in.
                guard name.hasSuffix("_search"),
                    name.utf8.allSatisfy({
                        $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
                    })
                else { throw StoredDataError("\(notes) names an index '\(name)' no trigger makes") }
                let index = SearchIndex(table: String(name.dropLast("_search".count)))
                if replacing { try await index.removeOldEntries(on: database) }
                // An index from before ``keepOneEntryPerRow(on:)`` only ever adds entries.
                try await database.raw(
                    """
                    INSERT INTO \(unsafeRaw: name) (id, search_key) SELECT id, search_key FROM \(unsafeRaw: index.table)
                    WHERE id IN (SELECT id FROM \(unsafeRaw: notes) WHERE search_index = \(bind: name))
                    """
                ).run()
            }
            try await database.raw("DELETE FROM \(unsafeRaw: notes)").run()
        }
    }

    /// Removes the entries of the rows whose key changed, or which were deleted, since the last
    /// commit: each found by the trigrams of the key it was indexed with, and its id.
    private func removeOldEntries(on database: any SQLDatabase) async throws {
        let old = try await database.raw(
            "SELECT id, old_key FROM search_changes WHERE search_index = \(bind: name) AND old_key IS NOT NULL"
        ).all()
        for row in old {
            let id = try row.decode(column: "id", as: String.self)
            let key = try row.decode(column: "old_key", as: String.self)
            // The entry has every trigram of its key; the first few narrow it enough, and the
            // id picks it (a key of thousands of characters is not a query of thousands of terms).
            let start = String(String.UnicodeScalarView(key.unicodeScalars.prefix(48)))
            if let expression = Self.matchExpression(start) {
                try await database.raw(
                    "DELETE FROM \(unsafeRaw: name) WHERE \(unsafeRaw: name) MATCH \(bind: expression) AND id = \(bind: id)"
                ).run()
            } else {
                // A key shorter than a trigram has none to find it by: every entry is read.
                try await database.raw("DELETE FROM \(unsafeRaw: name) WHERE id = \(bind: id)").run()
            }
        }
    }

    /// Merges the SQLite index into one segment; PostgreSQL's index needs nothing. Every commit
    /// that indexes rows adds a segment, and FTS5 merges them only four at a time, so a register
    /// loaded by an import (a commit per batch) is left in several large segments, each of which
    /// a search walks through term by term: the register's search of 666 holders read 0.5 ms
    /// from one segment against 2 ms from the eleven an import of 100,000 licences left. The
    /// merge rewrites the whole index (0.2 s for 60,000 rows) while holding the writer: for the
    /// end of a bulk load, not for each write.
    public func optimize(on database: any SQLDatabase) async throws {
        guard !StorageDialect.isPostgres(database) else { return }
        try await database.raw("INSERT INTO \(unsafeRaw: name) (\(unsafeRaw: name)) VALUES ('optimize')").run()
    }

    /// How many segments the SQLite index has (FTS5 notes each segment's first term per page);
    /// nil on PostgreSQL, whose index is not kept in segments.
    package func segmentCount(on database: any SQLDatabase) async throws -> Int? {
        guard !StorageDialect.isPostgres(database) else { return nil }
        return try await database.raw("SELECT count(DISTINCT segid) AS n FROM \(unsafeRaw: name)_idx").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    var postgresStatements: [String] {
        [
            """
            DO $$ BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'pg_trgm cannot be installed here: searches read the whole table';
            END $$
            """,
            """
            DO $$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                    CREATE INDEX \(name) ON \(table) USING gin (search_key gin_trgm_ops);
                END IF;
            END $$
            """,
        ]
    }

    /// A condition true for the rows whose key contains the key of `query`: `id` and `key` are the
    /// row's id and search key as the enclosing query names them (`l.id`, `l.search_key`).
    public func contains(
        _ query: String, id: String, key: String, on database: any SQLDatabase
    ) -> SQLQueryString {
        guard let lookup = indexLookup(query, on: database) else {
            return "(\(unsafeRaw: key) LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\')"
        }
        return "(\(unsafeRaw: id) IN (\(lookup)))"
    }

    /// A query of the ids of the rows whose key contains the key of `query`: for a condition on
    /// another table (`holder_id IN (...)`), answered by the index alone where there is one.
    public func ids(matching query: String, on database: any SQLDatabase) -> SQLQueryString {
        indexLookup(query, on: database)
            ?? """
            SELECT id FROM \(unsafeRaw: table) WHERE search_key LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\'
            """
    }

    /// The ids the index gives for `query`, or nil where it gives none to look up.
    private func indexLookup(_ query: String, on database: any SQLDatabase) -> SQLQueryString? {
        // A query longer than any name is not looked up in the index: it would look up each of its
        // trigrams (a 100 kB query took 0.4 s of CPU to match nothing), where the check alone costs
        // what it did before the index. Shorter than a trigram, the index has nothing to look up.
        let text = SearchText.key(query)
        guard !StorageDialect.isPostgres(database), text.utf8.count <= Self.longestIndexedQuery,
            let expression = Self.matchExpression(text)
        else { return nil }
        // Trigrams say nothing of order, so some candidates do not contain the text: the key the
        // index keeps beside each id, which is the row's (one entry per row), drops them.
        return """
            SELECT id FROM \(unsafeRaw: name) WHERE \(unsafeRaw: name) MATCH \(bind: expression)
                AND search_key LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\'
            """
    }

    /// An FTS5 query for the rows whose key has trigrams that cover `text` (those starting at every
    /// third character, and the last), or nil for text shorter than a trigram. FTS5 answers a
    /// `LIKE` on a trigram table by merging the whole list of rows of every trigram of the pattern;
    /// an `AND` of trigrams skips through the lists instead, and a cover needs a third of them. A
    /// row that contains the text has every one of its trigrams, so none is missed; the candidates
    /// are then checked against their own key, so none that does not contain it shows.
    package static func matchExpression(_ text: String) -> String? {
        // The trigram tokenizer cuts the text into Unicode scalars (and folds their case, here and
        // in the index alike).
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        var starts = Array(stride(from: 0, through: scalars.count - 3, by: 3))
        if starts.last != scalars.count - 3 { starts.append(scalars.count - 3) }
        var seen: Set<String> = []
        var terms: [String] = []
        for start in starts {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<start + 3])
            let term = String(trigram)
            // FTS5 reads its query up to a NUL, which would cut a term short (a syntax error):
            // such a trigram is left out, which only widens what the index lets through.
            guard !trigram.contains("\u{0}"), seen.insert(term).inserted else { continue }
            // A string in an FTS5 query is taken literally, but for its quote, which is doubled.
            var quoted = "\""
            for scalar in trigram {
                if scalar == "\"" { quoted.append("\"") }
                quoted.unicodeScalars.append(scalar)
            }
            quoted.append("\"")
            terms.append(quoted)
        }
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }
}
