import Foundation
import Logging
import SQLKit
import ServiceStorage

/// Runs `body` with a new empty directory under the system's temporary one, removed afterwards
/// with all it holds (a database's `-wal`, `-shm` and `.lock` files included) whatever `body`
/// does: for a test that opens a database file of its own, such as an upgrade from an older schema.
public func withTemporaryDirectory<T: Sendable>(
    named name: String, _ body: (String) async throws -> T
) async throws -> T {
    let directory = NSTemporaryDirectory() + "dic-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}

/// An upgrade as a release makes one: a database file made by the first `count` of `migrations`
/// (an older release's schema) holding what `before` writes, closed, then opened with all of them
/// for `after` to read. Both are closed, and the file removed, whatever happens.
public func withUpgradedDatabase<T: Sendable>(
    named name: String, migrations: [Migration], from count: Int,
    before: (any SQLDatabase) async throws -> Void, after: (Database) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory(named: name) { directory in
        let path = directory + "/\(name).sqlite"
        let logger = Logger(label: "test")
        let old = try await Database.open(path: path, migrations: Array(migrations.prefix(count)), logger: logger)
        do {
            try await old.write(before)
            try await old.close()
        } catch {
            try? await old.close()
            throw error
        }
        let upgraded = try await Database.open(path: path, migrations: migrations, logger: logger)
        do {
            let result = try await after(upgraded)
            try await upgraded.close()
            return result
        } catch {
            try? await upgraded.close()
            throw error
        }
    }
}
