import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit

extension Database {
    /// A consistent copy of the live database at `destination` (`VACUUM INTO`), taken while the
    /// service keeps running; writes wait for it briefly.
    public func backup(to destination: String) async throws {
        guard !isPostgres else {
            throw StorageError(
                .notOnThisBackend,
                "this service keeps its data in PostgreSQL: back it up with the database's own tools "
                    + "(pg_dump -Fc; see docs/operations.md), not with dicctl backup")
        }
        // Made here, empty and exclusively (VACUUM INTO fills an empty file): the name is this
        // backup's alone, so a failure below removes only what this backup wrote, never a file that
        // another backup of the same name made meanwhile.
        let descriptor = Glibc.open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StorageError(
                .backupFailed,
                errno == EEXIST
                    ? "backup target \(destination) already exists"
                    : "cannot create backup target \(destination) (errno \(errno))")
        }
        Glibc.close(descriptor)
        do {
            // On the writing connection: a reader refuses it (query_only).
            try await onWriter { database in
                try await database.raw("VACUUM INTO \(bind: destination)").run()
            }
        } catch {
            // A copy cut short (a full disk leaves a partial file and its journal) is not a backup:
            // nothing is left under its name for a script to ship off as one.
            for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
            if let failure = error as? SQLiteFailure, failure.storageError.kind == .diskFull {
                throw StorageError(.diskFull, "backup to \(destination): the disk is full (\(failure))")
            }
            throw StorageError(.backupFailed, "backup to \(destination) failed: \(error)")
        }
    }

    /// Replaces the database at `path` with `backup`, for a service that is stopped (refused while
    /// one holds the database open). The backup is
    /// checked first (integrity, and that it is one of ours), and the swap is a rename, so a failed
    /// restore leaves the old database in place.
    public static func restore(backup: String, to path: String, logger: Logger) async throws {
        guard FileManager.default.fileExists(atPath: backup) else {
            throw StorageError(.restoreRefused, "no backup at \(backup)")
        }
        let (ok, detail) = try await inspect(backup, logger: logger)
        guard ok else {
            throw StorageError(.restoreRefused, "backup \(backup) is not usable: \(detail)")
        }
        // Held through the swap: a service starting meanwhile waits for nothing and is refused.
        guard let fileLock = try await DatabaseFileLock.acquire(databasePath: path, patience: DatabaseFileLock.patience)
        else {
            throw StorageError(
                .restoreRefused,
                "the database at \(path) is in use by a running service (it holds \(path).lock): stop it first")
        }
        defer { fileLock.release() }
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: backup, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // rename(2) replaces the file atomically: the old database stays whole until this moment.
        guard rename(staging, path) == 0 else {
            throw StorageError(.restoreRefused, "could not move the restored database into place (errno \(errno))")
        }
    }

    /// Checks a backup without changing it: SQLite's integrity check, and that it has the
    /// migrations table every database of ours has.
    private static func inspect(_ path: String, logger: Logger) async throws -> (Bool, String) {
        let connection: SQLiteConnection
        do {
            connection = try await openConnection(path: path, logger: logger)
        } catch {
            return (false, "cannot open it: \(error)")
        }
        defer { Task { try? await Self.closeConnection(connection) } }
        let database = connection.sql()
        do {
            let integrity = try await database.raw("PRAGMA integrity_check").first()?
                .decode(column: "integrity_check", as: String.self)
            guard integrity == "ok" else { return (false, "integrity check says \(integrity ?? "nothing")") }
            let tables = try await database.raw("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'").all()
            return tables.isEmpty ? (false, "it is not a DIC service database") : (true, "ok")
        } catch {
            return (false, "\(error)")
        }
    }
}
