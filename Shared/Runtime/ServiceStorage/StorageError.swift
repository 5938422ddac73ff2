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
