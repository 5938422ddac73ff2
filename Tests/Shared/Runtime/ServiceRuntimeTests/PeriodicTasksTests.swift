import Logging
import Synchronization
import Testing

@testable import ServiceRuntime

struct TickFailed: Error {}

struct PeriodicTasksTests {
    /// Waits for the runs themselves, not for a time: a busy machine (the suite's other tests
    /// starting at once) once kept the task from running within a 10 s deadline.
    @Test(.timeLimit(.minutes(1))) func aTaskRepeatsAndAFailedRunIsNotTheEnd() async throws {
        let (runs, reportRun) = AsyncStream.makeStream(of: Int.self)
        let count = Atomic(0)
        let tasks = PeriodicTasks()
        tasks.every(.milliseconds(10), "tick") {
            let run = count.add(1, ordering: .relaxed).newValue
            reportRun.yield(run)
            if run == 1 { throw TickFailed() }  // the first run fails; the next ones still happen
        }
        let entry = try #require(tasks.entries.withLock { $0.first })
        let service = Task { try await PeriodicTaskService(entry: entry, logger: Logger(label: "test")).run() }
        var seen: [Int] = []
        for await run in runs {
            seen.append(run)
            if run == 3 { break }
        }
        service.cancel()
        try await service.value  // stops when cancelled, without an error
        #expect(seen == [1, 2, 3])
    }
}
