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
