import CoreMetrics
import NIOCore
import PostgresKit
import SQLKit

/// Group commit on PostgreSQL, as on SQLite (``sqliteWrite(_:)``). A replica's writes take turns
/// on one pooled connection; a writer whose turn ends while others wait leaves its transaction
/// open for them, and the last writer of the run commits for all. Each write returns only once the
/// commit that holds it is done, so what was acknowledged is as durable as before (the server's
/// `synchronous_commit`, on by default); what the writers share is the commit's WAL flush and the
/// transaction's opening (BEGIN, the writers' advisory lock, the audit chain's head), which each
/// write paid alone. The writes after the first are each in a savepoint: one that fails undoes
/// itself only and ends the run, committing the writes before it. A lost connection fails every
/// write of the run (none was acknowledged; PostgreSQL rolls the transaction back).
///
/// Writes of one replica also stop taking a pooled connection each to wait for the lock there:
/// 64 writers held all eight, and reads waited behind them.
extension Database {
    /// How many writes one PostgreSQL transaction may carry. A savepoint that changes rows takes a
    /// subtransaction id, and a session keeps only 64 of them in shared memory: past that, every
    /// other session's snapshot looks subtransactions up on disk while the run is open.
    static let postgresGroupCommitLimit = 32

    func postgresWrite<T: Sendable>(
        _ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let ticket = CommitTicket()
        do {
            let result: T = try await lock.withLock {
                let start = ContinuousClock.now
                defer { Self.record(writeTimer, since: start) }
                let sql: AnsweredSQLDatabase
                let inSavepoint: Bool
                if let open = batch.withLock({ $0.postgres }) {
                    sql = open
                    inSavepoint = true
                    do {
                        try await control("SAVEPOINT write", on: sql)
                    } catch {
                        // The writers before this one must not wait for a commit that would never come.
                        try? await commitPostgresBatch()
                        throw error
                    }
                } else {
                    sql = try await beginPostgresBatch(pool)
                    inSavepoint = false
                }
                let result: T
                do {
                    result = try await changes(on: sql, body)
                } catch {
                    auditHead.value = nil
                    if inSavepoint, !Self.lostConnection(error) {
                        // This write only is undone; the ones before it are committed now.
                        try? await control("ROLLBACK TO SAVEPOINT write", on: sql)
                        try? await commitPostgresBatch()
                    } else {
                        // Alone in its transaction, or the connection is gone: nothing is kept.
                        await endPostgresBatch(failing: error)
                    }
                    throw error
                }
                // Savepoints are not released one by one (a round trip each): the commit ends them all.
                if !leavesRunOpen(ticket, limit: Self.postgresGroupCommitLimit) {
                    try await commitPostgresBatch(also: ticket)
                }
                return result
            }
            try await ticket.wait()
            return result
        } catch let error as PSQLError {
            throw StorageError.postgres(error)
        }
    }

    /// A pooled connection inside a new transaction holding the writers' advisory lock: the run's.
    private func beginPostgresBatch(
        _ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    ) async throws -> AnsweredSQLDatabase {
        let connection: PostgresConnection
        do {
            connection = try await pool.requestConnection().get()
        } catch let error as PSQLError {
            throw StorageError(.unavailable, "the database cannot be reached: \(StorageError.postgres(error).detail)")
        } catch {
            throw StorageError(.unavailable, "the database cannot be reached: \(error)")
        }
        let sql = AnsweredSQLDatabase(connection, limit: unansweredLimit)
        do {
            try await begin(on: sql)
        } catch {
            if Self.lostConnection(error) { Self.abandon(connection) } else { try? await control("ROLLBACK", on: sql) }
            pool.releaseConnection(connection)
            throw error
        }
        // Other replicas may have added to the audit chain since this one's last commit.
        auditHead.value = nil
        batch.withLock { $0.postgres = sql }
        return sql
    }

    /// Commits the open run, if any, and tells its writers (and `ticket`) how it went; throws what
    /// the commit threw. Called with the write lock held.
    func commitPostgresBatch(also ticket: CommitTicket? = nil) async throws {
        guard let sql = batch.withLock({ $0.postgres }) else {
            ticket?.resolve(nil)
            return
        }
        do {
            // PostgreSQL answers COMMIT of a transaction an error has ended with ROLLBACK, not an
            // error: a write that went on after a failed statement must not be acknowledged.
            let command = try await sql.commit()
            guard command == "COMMIT" else {
                throw StorageError(.failed, "the database rolled the transaction back at its commit (\(command))")
            }
        } catch {
            await endPostgresBatch(failing: error, also: ticket)
            throw error
        }
        let tickets = await endPostgresBatch(failing: nil, also: ticket)
        commits.add(1, ordering: .relaxed)
        Counter(label: "db_commits_total").increment()
        Recorder(label: "db_writes_per_commit").record(tickets)
    }

    /// Ends the open run: its transaction is rolled back if it failed (a connection that is gone
    /// is closed instead: PostgreSQL rolls back what it held, and a ROLLBACK sent on it might never
    /// be answered), its connection goes back to the pool, and its writers learn the outcome.
    /// Returns how many writers it told.
    @discardableResult
    private func endPostgresBatch(failing error: (any Error)?, also ticket: CommitTicket? = nil) async -> Int {
        let (sql, tickets) = batch.withLock { batch in
            defer { batch = WriteBatch() }
            return (batch.postgres, batch.waiting + (ticket.map { [$0] } ?? []))
        }
        if let sql, case .postgres(let pool) = backend {
            if let error {
                auditHead.value = nil
                if Self.lostConnection(error) {
                    Self.abandon(sql.connection)
                } else {
                    try? await control("ROLLBACK", on: sql)
                }
            }
            pool.releaseConnection(sql.connection)
        }
        for ticket in tickets { ticket.resolve(error) }
        return tickets.count
    }
}
