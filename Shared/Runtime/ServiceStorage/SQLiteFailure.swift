import VaporCSQLite

/// What SQLite answered when a statement on a ``SQLiteHandle`` failed: its (extended) result code
/// and its message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

    /// Another connection holds a lock this one needs (any of SQLITE_BUSY's extended codes).
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY }
}
