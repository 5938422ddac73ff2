import Logging
import ServiceLifecycle
import Synchronization

/// Work a service does on a schedule while it runs (licences expiring at midnight, say),
/// registered from `makeServices` and run by the host next to the listener: stopped on shutdown,
/// and a failing run is logged and tried again next time, never fatal.
public final class PeriodicTasks: Sendable {
    struct Entry: Sendable {
        let name: String
        let interval: Duration
        let body: @Sendable () async throws -> Void
    }

    let entries = Mutex<[Entry]>([])

    init() {}

    public func every(_ interval: Duration, _ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        entries.withLock { $0.append(Entry(name: name, interval: interval, body: body)) }
    }
}

/// One periodic task as a lifecycle service.
struct PeriodicTaskService: Service {
    let entry: PeriodicTasks.Entry
    let logger: Logger

    func run() async throws {
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: entry.interval)
                    do {
                        try await entry.body()
                    } catch is CancellationError where Task.isCancelled {
                        return  // stopped by shutdown mid-run: not a failure
                    } catch {
                        logger.error("periodic task failed", metadata: ["task": "\(entry.name)", "error": "\(error)"])
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
