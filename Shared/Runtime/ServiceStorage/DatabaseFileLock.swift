import Foundation
import Synchronization

/// An advisory lock (`flock`) on `<database>.lock`, held for as long as a process has the database
/// open. A restore, or a second service pointed at the same file, is refused while it is held,
/// instead of replacing or sharing a database under a running service. The kernel drops the lock
/// when the process ends, however it ends, so a crash never leaves it behind.
final class DatabaseFileLock: Sendable {
    private let descriptor: Mutex<Int32>

    private init(descriptor: Int32) { self.descriptor = Mutex(descriptor) }

    /// The lock for the database at `path`, or nil when another holder has it.
    static func acquire(databasePath path: String) throws -> DatabaseFileLock? {
        let file = path + ".lock"
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StorageError(.cannotOpen, "cannot open the lock file \(file) (errno \(errno))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            Foundation.close(descriptor)
            if reason == EWOULDBLOCK { return nil }
            throw StorageError(.cannotOpen, "cannot lock \(file) (errno \(reason))")
        }
        return DatabaseFileLock(descriptor: descriptor)
    }

    /// How long opening or restoring waits for the lock before refusing.
    static let patience = Duration.seconds(1)

    /// ``acquire(databasePath:)``, trying again for up to `patience` while another holder has it.
    /// A lock this process has just released can still be held for a moment: a child that another
    /// thread is starting (`posix_spawn`) has a copy of every descriptor until its `exec` drops the
    /// close-on-exec ones, and the lock goes only with the last copy. A database closed and opened
    /// again at such a moment was refused as "in use by another process". `busy` is told of each
    /// refused try (tests).
    static func acquire(
        databasePath path: String, patience: Duration, busy: @Sendable () -> Void = {}
    ) async throws -> DatabaseFileLock? {
        let deadline = ContinuousClock.now + patience
        while true {
            if let lock = try acquire(databasePath: path) { return lock }
            busy()
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            Foundation.close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }
}
