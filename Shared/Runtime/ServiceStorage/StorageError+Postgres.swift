import PostgresKit

extension StorageError {
    /// What a PostgreSQL failure means to a caller. postgres-nio hides the server's words from
    /// `description` (they may quote data); the SQLSTATE and the server's message are what an
    /// operator needs, so they are kept here, for the log, while callers see only the status.
    static func postgres(_ error: PSQLError) -> StorageError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .server:
            switch state {
            // 08: connection exceptions; 57P01-57P03: shut down, crashed, starting up; 53300: too
            // many connections. The database is coming back: the caller retries.
            case _ where state.hasPrefix("08"), "57P01", "57P02", "57P03", "53300":
                return StorageError(.unavailable, "the database is not available (\(state) \(message))")
            case "53100":
                return StorageError(.diskFull, "the database server's disk is full (\(state) \(message))")
            case "XX001", "XX002":
                return StorageError(.damaged, "the database reports damaged data (\(state) \(message))")
            case "57014":
                return StorageError(.timedOut, "a statement ran past the statement timeout (\(state) \(message))")
            // Serialization failures and deadlocks: nothing was written, the same call may be retried.
            case "40001", "40P01":
                return StorageError(.conflict, "the database refused a transaction (\(state) \(message))")
            default:
                return StorageError(.failed, "the database refused a statement (\(state) \(message))")
            }
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed,
            .sslUnsupported, .failedToAddSSLHandler:
            return StorageError(.unavailable, "the connection to the database was lost (\(error.code))")
        case .queryCancelled:
            return StorageError(.timedOut, "the database statement was cancelled")
        default:
            return StorageError(.failed, "the database failed (\(error.code))")
        }
    }
}
