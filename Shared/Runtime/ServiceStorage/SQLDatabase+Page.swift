import SQLKit

extension SQLDatabase {
    /// One page of a filtered list and how many rows the filter matches in all. `from` and
    /// `filter` are the statement's FROM and WHERE parts (the filter may be empty); `order` names
    /// columns of the selected rows (what `select` gives them, not the tables' aliases) and must
    /// make the order total, or pages could overlap.
    ///
    /// One statement answers both, so a search is run once, not once to count and again for the
    /// page, and the two agree: the matching rows are kept once (a materialised CTE), counted, and
    /// the page is the first rows of their order. (Counted with `COUNT(*) OVER ()` instead, SQLite
    /// kept every matching row for the window and then again for the sort: 10-25% of a register
    /// search's statement.) Only a page past the end, which has no row to carry the count, is
    /// counted on its own.
    public func page(
        select columns: SQLQueryString, from: SQLQueryString, filter: SQLQueryString, order: SQLQueryString,
        limit: Int, offset: Int
    ) async throws -> (rows: [any SQLRow], total: Int) {
        try await rowsAndTotal(
            """
            WITH page_rows AS MATERIALIZED (SELECT \(columns) FROM \(from) \(filter))
            SELECT *, (SELECT COUNT(*) FROM page_rows) AS page_total FROM page_rows
            ORDER BY \(order) LIMIT \(bind: limit) OFFSET \(bind: offset)
            """, from: from, filter: filter, limit: limit, offset: offset)
    }

    /// ``page(select:from:filter:order:limit:offset:)`` for a filter that costs little to run
    /// twice and an order an index gives (a register's plain list, by kind and number): the page
    /// is read in the index's order and stops at its end, and the count is a subquery SQLite runs
    /// once. Kept and sorted instead, a page of the whole register of 100,000 licences read and
    /// ordered all of them (50 ms against 2). Still one statement: the page and its total agree.
    public func pageInIndexOrder(
        select columns: SQLQueryString, from: SQLQueryString, filter: SQLQueryString, order: SQLQueryString,
        limit: Int, offset: Int
    ) async throws -> (rows: [any SQLRow], total: Int) {
        try await rowsAndTotal(
            """
            SELECT \(columns), (SELECT COUNT(*) FROM \(from) \(filter)) AS page_total FROM \(from) \(filter)
            ORDER BY \(order) LIMIT \(bind: limit) OFFSET \(bind: offset)
            """, from: from, filter: filter, limit: limit, offset: offset)
    }

    /// The rows of a page `statement` (each carrying the total as `page_total`) and that total;
    /// a page past the end, which has no row to carry it, is counted on its own.
    private func rowsAndTotal(
        _ statement: SQLQueryString, from: SQLQueryString, filter: SQLQueryString, limit: Int, offset: Int
    ) async throws -> (rows: [any SQLRow], total: Int) {
        let rows = try await raw(statement).all()
        if let first = rows.first { return (rows, try first.decode(column: "page_total", as: Int.self)) }
        guard offset > 0 || limit == 0 else { return ([], 0) }
        let total =
            try await raw("SELECT COUNT(*) AS n FROM \(from) \(filter)").first()?.decode(column: "n", as: Int.self)
            ?? 0
        return ([], total)
    }
}
