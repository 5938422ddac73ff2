import SQLKit

extension SQLDatabase {
    /// One page of the rows of `table` that `conditions` select and `matches` keeps, and how many
    /// it keeps in all, for a test SQL cannot make (a search of text folded as ``SearchText``
    /// folds it). The rows are read `batch` at a time in the order of `keys` (text columns that
    /// together identify a row), each batch after the last row of the one before, and only the
    /// page is kept: a list holds one batch and its page, whatever the table holds.
    package func scanPage<Row>(
        from table: SQLQueryString, where conditions: [SQLQueryString], keys: [String], limit: Int, offset: Int,
        batch: Int = 200, decode: (any SQLRow) throws -> Row, matches: (Row) -> Bool
    ) async throws -> (page: [Row], total: Int) {
        precondition(!keys.isEmpty && batch > 0, "a scan needs a key to go on from and a batch to read")
        let order = SQLQueryString(keys.joined(separator: ", "))
        var page: [Row] = []
        var total = 0
        var after: [String]?
        while true {
            var clauses = conditions
            if let after {
                clauses.append(
                    "(\(order)) > (\(binds: after.map { $0 as any Encodable & Sendable }))"
                )
            }
            let rows = try await raw(
                "SELECT * FROM \(table) \(SQLQueryString.whereClause(clauses)) ORDER BY \(order) LIMIT \(bind: batch)"
            ).all()
            for row in rows {
                let value = try decode(row)
                guard matches(value) else { continue }
                if total >= offset && total - offset < limit { page.append(value) }
                total += 1
            }
            guard rows.count == batch, let last = rows.last else { return (page, total) }
            after = try keys.map { try last.decode(column: $0, as: String.self) }
        }
    }
}
