import NIOCore
import SQLKit

/// An `SQLDatabase` whose statements run to their end whatever the calling task's state: the
/// async path of ``SQLiteHandleDatabase`` gives up at once in a cancelled task (the thread pool
/// refuses it new work), which is right for a call's own statements and wrong for work done on
/// behalf of others. A run's commit is every writer's in it, and whichever task runs it may be a
/// cancelled one (its caller gone): once, its index upkeep failed there and failed the run's
/// other writes with it.
struct UncancellableSQLDatabase: WrappingSQLDatabase {
    let base: any SQLDatabase

    init(_ base: any SQLDatabase) { self.base = base }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    /// The future-based path, awaited: a future's wait does not end at the task's cancellation.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow).get()
    }
}
