import Foundation
import Synchronization
import Testing

@testable import ServiceStorage

/// The database's file lock: refused while held, even after waiting; taken as soon as a holder
/// that was in the way lets it go (as a starting child drops its copy at `exec`).
struct DatabaseFileLockTests {
    func withPath(_ body: (String) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "dic-lock-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory + "/a.sqlite")
    }

    @Test func aLockHeldThroughTheWaitIsRefused() async throws {
        try await withPath { path in
            let holder = try #require(try DatabaseFileLock.acquire(databasePath: path))
            let tries = Mutex(0)
            let refused = try await DatabaseFileLock.acquire(
                databasePath: path, patience: .milliseconds(50), busy: { tries.withLock { $0 += 1 } })
            #expect(refused == nil)
            #expect(tries.withLock { $0 } >= 2)  // it tried again before giving up
            holder.release()
        }
    }

    @Test func aLockLetGoDuringTheWaitIsTaken() async throws {
        try await withPath { path in
            let holder = try #require(try DatabaseFileLock.acquire(databasePath: path))
            // Released once the waiter has been refused: it must have tried again to get it.
            let taken = try await DatabaseFileLock.acquire(
                databasePath: path, patience: .seconds(30), busy: { holder.release() })
            #expect(taken != nil)
            taken?.release()
        }
    }
}
