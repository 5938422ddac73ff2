import SQLKit

extension SQLDatabase {
    /// One page of a filtered list and how many rows the filter matches in all: the two queries
    /// every list answers with. `from` and `filter` are the statement's FROM and WHERE parts
    /// (the filter may be empty); `order` must make the order total, or pages could overlap.
    public func page(
        select columns: SQLQueryString, from: SQLQueryString, filter: SQLQueryString, order: SQLQueryString,
        limit: Int, offset: Int
    ) async throws -> (rows: [any SQLRow], total: Int) {
        let total =
            try await raw("SELECT COUNT(*) AS n FROM \(from) \(filter)").first()?.decode(column: "n", as: Int.self)
            ?? 0
        guard offset < total else { return ([], total) }
        let rows = try await raw(
            "SELECT \(columns) FROM \(from) \(filter) ORDER BY \(order) LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        return (rows, total)
    }
}
