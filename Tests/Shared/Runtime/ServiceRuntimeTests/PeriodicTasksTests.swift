import Logging
import Synchronization
import Testing

@testable import ServiceRuntime

struct TickFailed: Error {}

struct PeriodicTasksTests {
    @Test func aTaskRepeatsAndAFailedRunIsNotTheEnd() async throws {
        let runs = Atomic(0)
        let tasks = PeriodicTasks()
        tasks.every(.milliseconds(10), "tick") {
            let run = runs.add(1, ordering: .relaxed).newValue
            if run == 1 { throw TickFailed() }  // the first run fails; the next ones still happen
        }
        let entry = try #require(tasks.entries.withLock { $0.first })
        let service = Task { try await PeriodicTaskService(entry: entry, logger: Logger(label: "test")).run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while runs.load(ordering: .relaxed) < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        service.cancel()
        try await service.value  // stops when cancelled, without an error
        #expect(runs.load(ordering: .relaxed) >= 3)
    }
}
