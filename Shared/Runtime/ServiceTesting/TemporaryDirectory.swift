import Foundation

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
