import Foundation
import SQLKit
import Synchronization

/// The audit trail in a service's own database: one record per change, appended in the
/// transaction that makes the change, each record hashing the one before it so that an edited or
/// deleted record is found by ``Database/verifyAudit()``.
public enum AuditLog {
    public static let migrations = [
        Migration(
            namespace: "audit", 1, "hash-chained audit trail",
            sql: [
                """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, principal TEXT NOT NULL,
                    method TEXT NOT NULL, request_id TEXT NOT NULL, entity TEXT NOT NULL,
                    outcome TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
                """,
                "CREATE INDEX audit_log_entity ON audit_log (entity, seq)",
                "CREATE INDEX audit_log_principal ON audit_log (principal, seq)",
                "CREATE INDEX audit_log_at ON audit_log (at_ms)",
            ]),
        Migration(
            namespace: "audit", 2, "signed audit checkpoints",
            sql: [
                """
                CREATE TABLE audit_checkpoints (
                    id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, head_seq INTEGER NOT NULL,
                    head_hash TEXT NOT NULL, mac TEXT NOT NULL)
                """
            ]),
    ]

    /// The previous hash of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// Names what the current write touches, such as `token:4f2a9c01b7de`: one record each. Called
    /// inside ``Database/write(_:)`` during a call; does nothing elsewhere.
    public static func touch(_ entity: String) {
        pending?.entities.withLock { if !$0.contains(entity) { $0.append(entity) } }
    }

    final class Pending: Sendable {
        let entities = Mutex<[String]>([])
        /// Rows changed for bookkeeping (idempotency keys), which are not changes to audit.
        let bookkeepingRows = Mutex(0)
    }

    @TaskLocal static var pending: Pending?

    /// Appends one record per entity after the current last one, chained in order. Runs inside
    /// the write transaction, which holds SQLite's write lock, so no other append can slip in
    /// between reading the last record and inserting; the last record is read once per batch.
    ///
    /// `head`, where the caller keeps it (SQLite, whose one writing connection is the only one that
    /// appends), saves that read: it holds the last record as this transaction sees it, and the
    /// caller forgets it whenever a write or a commit is rolled back (a head kept past a rollback
    /// would chain the next record to one that no longer exists: tested).
    static func append(
        _ database: any SQLDatabase, call: AuditCall, entities: [String], outcome: String, at: Int64,
        head: KeptHead? = nil
    ) async throws {
        var seq: Int64
        var previousHash: String
        if let known = head?.value {
            (seq, previousHash) = (known.seq, known.hash)
        } else {
            let last = try await database.raw("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").first()
            seq = try last?.decode(column: "seq", as: Int64.self) ?? 0
            previousHash = try last?.decode(column: "hash", as: String.self) ?? genesis
        }
        for batch in stride(from: 0, to: entities.count, by: 100).map({ entities[$0..<min($0 + 100, entities.count)] })
        {
            var insert = PlainInsert(
                into: "audit_log",
                columns: [
                    "seq", "at_ms", "principal", "method", "request_id", "entity", "outcome", "previous_hash", "hash",
                ])
            for entity in batch {
                seq += 1
                var record = AuditEntry(
                    seq: seq, atMilliseconds: at, principal: call.principal, method: call.method,
                    requestID: call.requestID, entity: entity, outcome: outcome, previousHash: previousHash, hash: "")
                record.hash = record.computedHash()
                previousHash = record.hash
                insert.values([
                    record.seq, record.atMilliseconds, record.principal, record.method, record.requestID,
                    record.entity, record.outcome, record.previousHash, record.hash,
                ])
            }
            try await insert.run(on: database)
        }
        head?.value = Head(seq: seq, hash: previousHash)
    }

    /// The last record of the chain: its number and its hash.
    struct Head: Sendable, Equatable {
        var seq: Int64
        var hash: String
    }

    /// Where a writer keeps the chain's ``Head`` between appends; nil when unknown.
    final class KeptHead: Sendable {
        private let head = Mutex<Head?>(nil)

        var value: Head? {
            get { head.withLock { $0 } }
            set { head.withLock { $0 = newValue } }
        }
    }

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            seq: try row.decode(column: "seq", as: Int64.self),
            atMilliseconds: try row.decode(column: "at_ms", as: Int64.self),
            principal: try row.decode(column: "principal", as: String.self),
            method: try row.decode(column: "method", as: String.self),
            requestID: try row.decode(column: "request_id", as: String.self),
            entity: try row.decode(column: "entity", as: String.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}
