import SQLKit

extension SQLDatabase {
    /// Optimistic concurrency: applies `changes` to the row of `table` whose `id` matches, only if
    /// its `version` is still `expected`, and bumps the version. Returns the new version; throws
    /// ``StaleVersionError`` (ABORTED, with the current version) when someone changed it first, and
    /// `nil`-row as NOT_FOUND through `notFound`.
    public func updateVersioned(
        _ table: String, id: String, idColumn: String = "id", expected: Int64, entity: String,
        changes: [(String, any Encodable & Sendable)], notFound: @autoclosure () -> any Error
    ) async throws -> Int64 {
        var update = self.update(table)
        for (column, value) in changes {
            update = update.set(SQLIdentifier(column), to: SQLBind(value))
        }
        let updated =
            try await update
            .set(
                SQLIdentifier("version"),
                to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1"))
            )
            .where(SQLIdentifier(idColumn), .equal, SQLBind(id))
            .where(SQLIdentifier("version"), .equal, SQLBind(expected))
            .returning("version")
            .first()
        if let updated { return try updated.decode(column: "version", as: Int64.self) }
        guard
            let current = try await select().column("version").from(table)
                .where(SQLIdentifier(idColumn), .equal, SQLBind(id)).first()
        else { throw notFound() }
        throw StaleVersionError(
            entity: entity, expected: expected, current: try current.decode(column: "version", as: Int64.self))
    }
}
