import RPCCore

/// Why storage refused or failed.
public struct StorageError: Error, CustomStringConvertible, RPCErrorConvertible {
    public enum Kind: Sendable, Equatable {
        /// The database was written by a newer binary: running an older one could corrupt it.
        case schemaTooNew(database: Int, binary: Int)
        case cannotOpen
        case migrationFailed(version: Int)
        case backupFailed
        case restoreRefused
        /// The same client request id was used for a different method.
        case requestIDReused(method: String)
        /// The database server cannot be reached now (PostgreSQL down or restarting): retry later.
        case unavailable
        /// What this backend does not do (a file backup of a PostgreSQL database).
        case notOnThisBackend
        /// A statement ran past the database's statement timeout.
        case timedOut
        /// The database refused the transaction (a serialization failure or a deadlock); nothing
        /// was written and the call may be retried.
        case conflict
        /// The database refused a statement: a fault in the service, not the caller's.
        case failed
        /// The disk holding the database is full: nothing more is written until an operator makes
        /// room (what was acknowledged before stays).
        case diskFull
        /// The database file or an index is damaged: the operator restores from a backup.
        case damaged
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }

    public var rpcError: RPCError {
        switch kind {
        case .requestIDReused, .notOnThisBackend: RPCError(.failedPrecondition, detail)
        case .timedOut: RPCError(.deadlineExceeded, "storage: the database took too long")
        case .conflict: RPCError(.aborted, "storage: the change met another one; retry it")
        // The detail may quote stored data: it is logged, never sent.
        case .failed: RPCError(.internal, "the server failed to handle the call")
        case .diskFull: RPCError(.resourceExhausted, "storage: the database's disk is full; nothing was changed")
        case .damaged: RPCError(.dataLoss, "storage: the database is damaged")
        default: RPCError(.unavailable, "storage: \(detail)")
        }
    }
}

/// An update based on a version that is no longer current: someone else changed the record since
/// it was read. The caller re-reads and decides again.
public struct StaleVersionError: Error, RPCErrorConvertible, Equatable {
    public let entity: String
    public let expected: Int64
    public let current: Int64

    public init(entity: String, expected: Int64, current: Int64) {
        self.entity = entity
        self.expected = expected
        self.current = current
    }

    public var rpcError: RPCError {
        RPCError(
            .aborted,
            "\(entity) was changed by someone else: you had version \(expected), the current version is \(current)")
    }
}
