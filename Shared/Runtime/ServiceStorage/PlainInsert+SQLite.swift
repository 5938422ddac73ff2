import SQLKit

extension PlainInsert {
    /// The statement's SQLite text and values, written here rather than through SQLKit's
    /// serializer (nil for no columns). The serializer builds each name, comma and placeholder as
    /// an expression of its own: 4% of an IssueLicence's CPU went into serializing its inserts.
    /// Placeholders are SQLite's plain `?`, numbered in the order they stand, as the values are.
    func sqliteStatement() -> (sql: String, binds: [any Encodable & Sendable])? {
        guard !columns.isEmpty else { return nil }
        var binds: [any Encodable & Sendable] = []
        binds.reserveCapacity(rows.count * columns.count)
        for row in rows { binds.append(contentsOf: row) }
        var sql = "INSERT INTO "
        sql.reserveCapacity(64 + columns.count * 16 + binds.count * 3)
        sql += "\(table) ("
        for (index, column) in columns.enumerated() {
            if index > 0 { sql += ", " }
            sql += "\(column)"
        }
        sql += ") VALUES "
        for rowIndex in rows.indices {
            sql += rowIndex == 0 ? "(?" : ", (?"
            for _ in 1..<columns.count { sql += ", ?" }
            sql += ")"
        }
        return (sql, binds)
    }
}
