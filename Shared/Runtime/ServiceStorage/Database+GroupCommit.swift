import CoreMetrics
import SQLKit

/// Group commit on SQLite. Writes take turns on the one writing connection; a writer whose turn
/// ends while others wait for theirs leaves its transaction open for them, its changes kept in a
/// savepoint of their own, and the last writer of the run commits for all. Each write still
/// returns only once the commit that holds it is on disk (`synchronous = FULL`), so what was
/// acknowledged survives `kill -9` and power loss; concurrent writers share one fsync instead of
/// paying one each. A write that fails undoes its own savepoint only and ends the run, committing
/// the writes before it (or, if SQLite had to abandon the transaction, failing them all).
extension Database {
    /// How many writes one commit may carry: enough to share the fsync among every concurrent
    /// writer of a busy service, bounded so a commit comes regularly.
    static let groupCommitLimit = 128

    struct WriteBatch {
        /// SQLite: a transaction is open on the writing connection.
        var open = false
        var waiting: [CommitTicket] = []
        /// PostgreSQL: the connection the open transaction is on, held from the pool until it ends
        /// (``postgresWrite(_:_:)``).
        var postgres: AnsweredSQLDatabase?
    }

    func sqliteWrite<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let ticket = CommitTicket()
        let result: T = try await lock.withLock {
            let start = ContinuousClock.now
            defer { Self.record(writeTimer, since: start) }
            do {
                if !batch.withLock({ $0.open }) {
                    try await control("BEGIN IMMEDIATE", on: sql)
                    batch.withLock { $0.open = true }
                }
                try await control("SAVEPOINT write", on: sql)
            } catch {
                // The writers before this one must not wait for a commit that would never come.
                try? await commitBatch()
                throw error
            }
            let result: T
            do {
                result = try await changes(on: sql, body)
                try await control("RELEASE write", on: sql)
            } catch {
                // This write only is undone; the ones before it in the transaction are committed now.
                // The audit head it may have moved is forgotten (read again by the next append).
                auditHead.value = nil
                do {
                    try await control("ROLLBACK TO write", on: sql)
                    try await control("RELEASE write", on: sql)
                } catch let undo {
                    // Not undone alone (its undo pages could not be read back, say): committing
                    // the run would keep this write's changes, so the whole run is rolled back and
                    // its writers, none of them answered yet, are told it failed. This one's answer
                    // stays its own failure: nothing of it is kept.
                    await rollBackBatch(failing: undo)
                    throw error
                }
                try? await commitBatch()
                throw error
            }
            if !leavesRunOpen(ticket, limit: Self.groupCommitLimit) { try await commitBatch(also: ticket) }
            return result
        }
        try await ticket.wait()
        return result
    }

    /// Whether the write holding `ticket` leaves its transaction open for the next writer (one
    /// waits for the lock, and the run has room for it); if so, `ticket` waits for the run's commit.
    func leavesRunOpen(_ ticket: CommitTicket, limit: Int) -> Bool {
        batch.withLock { batch in
            guard lock.waiting > 0, batch.waiting.count + 1 < limit else { return false }
            batch.waiting.append(ticket)
            return true
        }
    }

    /// Commits the open transaction, if any, and tells its writers (and `ticket`) how it went;
    /// throws what the commit threw. Called with the write lock held.
    func commitBatch(also ticket: CommitTicket? = nil) async throws {
        let (open, tickets) = batch.withLock { batch in
            defer { batch = WriteBatch() }
            return (batch.open, batch.waiting + (ticket.map { [$0] } ?? []))
        }
        guard open else {
            for ticket in tickets { ticket.resolve(nil) }
            return
        }
        do {
            // The commit is the whole run's: it runs to its end even in a cancelled task.
            try await SearchIndex.indexPending(on: UncancellableSQLDatabase(sql))
            try await control("COMMIT", on: sql)
        } catch {
            await rollBack(tickets, failing: error)
            throw error
        }
        commits.add(1, ordering: .relaxed)
        Counter(label: "db_commits_total").increment()
        Recorder(label: "db_writes_per_commit").record(tickets.count)
        for ticket in tickets { ticket.resolve(nil) }
    }

    /// Rolls the open transaction back and tells its writers it failed. Called with the write lock held.
    func rollBackBatch(failing error: any Error) async {
        let tickets = batch.withLock { batch in
            defer { batch = WriteBatch() }
            return batch.waiting
        }
        await rollBack(tickets, failing: error)
    }

    private func rollBack(_ tickets: [CommitTicket], failing error: any Error) async {
        auditHead.value = nil
        try? await control("ROLLBACK", on: sql)
        for ticket in tickets { ticket.resolve(error) }
    }
}
