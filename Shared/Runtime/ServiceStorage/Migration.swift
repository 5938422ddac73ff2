import SQLKit

/// One numbered schema change. Versions start at 1 and go up by one within a namespace; each is
/// applied once, in its own transaction, and recorded in `schema_migrations`. Namespaces let a
/// shared module (the administrative units) keep its own numbering inside every service's database.
public struct Migration: Sendable {
    public let namespace: String
    public let version: Int
    public let name: String
    let apply: @Sendable (any SQLDatabase) async throws -> Void

    public init(
        namespace: String = "service", _ version: Int, _ name: String,
        apply: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) {
        self.namespace = namespace
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration made of plain SQL statements.
    public init(namespace: String = "service", _ version: Int, _ name: String, sql statements: [String]) {
        self.init(namespace: namespace, version, name) { database in
            for statement in statements {
                try await database.raw(SQLQueryString(StorageDialect.spelling(statement, for: database))).run()
            }
        }
    }
}
