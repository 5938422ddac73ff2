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
        // Bytes into one buffer, made a String once: appending each name as a String of its own
        // (a StaticString's description) was 2.4% of a licence's write.
        var text: [UInt8] = []
        text.reserveCapacity(24 + table.utf8CodeUnitCount + columns.count * 24 + binds.count * 3)
        func append(_ name: StaticString) {
            name.withUTF8Buffer { text.append(contentsOf: $0) }
        }
        append("INSERT INTO ")
        append(table)
        append(" (")
        for (index, column) in columns.enumerated() {
            if index > 0 { append(", ") }
            append(column)
        }
        append(") VALUES ")
        for rowIndex in rows.indices {
            append(rowIndex == 0 ? "(?" : ", (?")
            for _ in 1..<columns.count { append(", ?") }
            append(")")
        }
        return (String(decoding: text, as: UTF8.self), binds)
    }
}
