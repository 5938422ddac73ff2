import Logging
import NIOCore
import SQLKit
import Synchronization

/// SQLite connections that only read, beside the one that writes. In WAL mode each reads the
/// last committed state of the file without waiting for the writer or for one another: a read
/// no longer queues behind a write's fsync or behind other reads, and the database's threads
/// take several statements per wake-up instead of one.
final class SQLiteReaders: Sendable {
    private struct State {
        var idle: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    private let handles: [SQLiteHandle]
    private let databases: [any SQLDatabase]
    private let state: Mutex<State>

    private init(_ handles: [SQLiteHandle], loops: any EventLoopGroup, logger: Logger) {
        self.handles = handles
        self.databases = handles.map { SQLiteHandleDatabase(handle: $0, logger: logger, eventLoop: loops.next()) }
        self.state = Mutex(State(idle: Array(handles.indices)))
    }

    /// `count` connections to the database at `path`, each refusing to change it.
    static func open(path: String, count: Int, loops: any EventLoopGroup, logger: Logger) async throws -> SQLiteReaders
    {
        var opened: [SQLiteHandle] = []
        do {
            for _ in 0..<max(1, count) {
                let handle = try await Database.openHandle(path: path)
                opened.append(handle)
                try handle.execute("PRAGMA query_only = ON")
            }
        } catch {
            await Database.closeHandles(opened)
            throw error
        }
        return SQLiteReaders(opened, loops: loops, logger: logger)
    }

    /// Runs `body` with an idle reader, waiting (in arrival order) while all are busy.
    func withReader<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = await acquire()
        defer { release(index) }
        return try await body(databases[index])
    }

    private func acquire() async -> Int {
        // An idle reader is taken at once: waiting on a continuation suspended the call's task
        // even when it was resumed straight away (a continuation and two executor hops a read).
        // (A reader is idle only while no read waits: `release` hands it straight to a waiter.)
        if let index = state.withLock({ $0.idle.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let index = state.withLock { state -> Int? in
                if let index = state.idle.popLast() { return index }
                state.waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let next = state.withLock { state -> CheckedContinuation<Int, Never>? in
            if state.waiters.isEmpty {
                state.idle.append(index)
                return nil
            }
            return state.waiters.removeFirst()  // the connection passes straight to the next waiter
        }
        next?.resume(returning: index)
    }

    /// Reads waiting for a reader now.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Closes every connection, waiting for the reads in progress.
    func close() async {
        for _ in handles.indices { _ = await acquire() }
        await Database.closeHandles(handles)
    }
}
