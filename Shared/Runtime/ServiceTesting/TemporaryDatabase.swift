import Foundation
import Logging
import ServiceStorage

/// Runs `body` with a fresh, migrated SQLite database in a directory of its own, which is closed
/// and removed afterwards whatever `body` does: what every store and service test starts from.
public func withTemporaryDatabase<T: Sendable>(
    named name: String = "test", migrations: [Migration], logger: Logger = Logger(label: "test"),
    _ body: (Database) async throws -> T
) async throws -> T {
    let directory = NSTemporaryDirectory() + "dic-\(name)-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let database = try await Database.open(path: directory + "/\(name).sqlite", migrations: migrations, logger: logger)
    do {
        let result = try await body(database)
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}

/// The storage a test runs on: the embedded default, or PostgreSQL (a database of its own on the
/// process's throwaway server, ``TestPostgres``).
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }
}

/// ``withTemporaryDatabase(named:migrations:logger:_:)`` on either backend.
public func withTemporaryDatabase<T: Sendable>(
    _ backend: TestBackend, named name: String = "test", migrations: [Migration],
    logger: Logger = Logger(label: "test"), _ body: (Database) async throws -> T
) async throws -> T {
    guard backend == .postgres else {
        return try await withTemporaryDatabase(named: name, migrations: migrations, logger: logger, body)
    }
    let (configuration, address) = try TestPostgres.makeDatabase()
    let database = try await Database.open(
        postgres: configuration, address: address, migrations: migrations, logger: logger)
    do {
        let result = try await body(database)
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}
