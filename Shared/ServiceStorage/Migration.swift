import SQLKit

/// One numbered schema change. Versions start at 1 and go up by one; each is applied once, in its
/// own transaction, and recorded in `schema_migrations`.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    let apply: @Sendable (any SQLDatabase) async throws -> Void

    public init(_ version: Int, _ name: String, apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration made of plain SQL statements.
    public init(_ version: Int, _ name: String, sql statements: [String]) {
        self.init(version, name) { database in
            for statement in statements {
                try await database.raw(SQLQueryString(statement)).run()
            }
        }
    }
}
