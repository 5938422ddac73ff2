import Foundation
import Logging
import ServiceStorage

/// Runs `body` with a fresh, migrated database, which is closed and removed afterwards whatever
/// `body` does: what every store and service test starts from. SQLite in a directory of its own,
/// or, with `DIC_TEST_BACKEND=postgres` (`make test` runs the suite a second time so), a database
/// of its own on the throwaway PostgreSQL: every test that stores anything runs on both backends.
public func withTemporaryDatabase<T: Sendable>(
    named name: String = "test", migrations: [Migration], logger: Logger = Logger(label: "test"),
    _ body: (Database) async throws -> T
) async throws -> T {
    try await withTemporaryDatabase(
        TestBackend.fromEnvironment, named: name, migrations: migrations, logger: logger, body)
}

/// The storage a test runs on: the embedded default, or PostgreSQL (a database of its own on the
/// process's throwaway server, ``TestPostgres``).
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    /// `DIC_TEST_BACKEND`: `postgres`, or SQLite when unset. Anything else stops the run rather
    /// than quietly testing SQLite twice.
    public static let fromEnvironment: TestBackend = {
        guard let name = ProcessInfo.processInfo.environment["DIC_TEST_BACKEND"], !name.isEmpty else {
            return .sqlite
        }
        guard let backend = TestBackend(rawValue: name) else {
            fatalError("DIC_TEST_BACKEND=\(name): expected sqlite or postgres")
        }
        return backend
    }()
}

/// ``withTemporaryDatabase(named:migrations:logger:_:)`` on the backend a test names.
public func withTemporaryDatabase<T: Sendable>(
    _ backend: TestBackend, named name: String = "test", migrations: [Migration],
    logger: Logger = Logger(label: "test"), _ body: (Database) async throws -> T
) async throws -> T {
    let database: Database
    let cleanUp: @Sendable () async throws -> Void
    switch backend {
    case .sqlite:
        let directory = NSTemporaryDirectory() + "dic-\(name)-\(UUID().uuidString)"
        cleanUp = { try? FileManager.default.removeItem(atPath: directory) }
        do {
            database = try await Database.open(
                path: directory + "/\(name).sqlite", migrations: migrations, logger: logger)
        } catch {
            try await cleanUp()
            throw error
        }
    case .postgres:
        let (configuration, address) = try await TestPostgres.makeDatabase()
        cleanUp = { try await TestPostgres.dropDatabase(configuration) }
        do {
            // A call waits up to a minute for a connection: the suite runs hundreds of tests at once
            // on one server, and a test of concurrent writers (40 taking turns on a few connections)
            // was shed after the 10 s a service gives, on a loaded CI machine. Tests of shedding
            // open their database with their own timeout.
            database = try await Database.open(
                postgres: configuration, address: address, poolSize: 2, connectTimeout: .seconds(60),
                migrations: migrations, logger: logger)
        } catch {
            try? await cleanUp()
            throw error
        }
    }
    do {
        let result = try await body(database)
        try await database.close()
        try await cleanUp()
        return result
    } catch {
        try? await database.close()
        try? await cleanUp()
        throw error
    }
}
