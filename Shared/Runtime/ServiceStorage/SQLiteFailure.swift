import RPCCore
import VaporCSQLite

/// What SQLite answered when a statement on a ``SQLiteHandle`` failed: its (extended) result code
/// and its message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

    /// Another connection holds a lock this one needs (any of SQLITE_BUSY's extended codes).
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY }

    /// What the failure means to a caller, by SQLite's primary code: a full disk, a failing or
    /// read-only one, a damaged file and a lock held too long each say so; anything else is a
    /// fault in the service. SQLite's message (which may quote data) stays in the details that are
    /// only logged; the two sent to the caller (UNAVAILABLE's) are in these words alone.
    var storageError: StorageError {
        switch code & 0xFF {
        case SQLITE_FULL: StorageError(.diskFull, "the disk holding the database is full (\(description))")
        case SQLITE_CORRUPT, SQLITE_NOTADB: StorageError(.damaged, "the database file is damaged (\(description))")
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY:
            StorageError(.unavailable, "the database file cannot be read or written (SQLite error \(code))")
        case SQLITE_BUSY, SQLITE_LOCKED: StorageError(.unavailable, "the database stayed locked (SQLite error \(code))")
        default: StorageError(.failed, description)
        }
    }
}

extension SQLiteFailure: RPCErrorConvertible {
    var rpcError: RPCError { storageError.rpcError }
}
