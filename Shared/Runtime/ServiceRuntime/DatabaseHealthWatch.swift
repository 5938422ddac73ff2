import GRPCHealth
import Logging
import ServiceLifecycle

/// Health that follows the database: while PostgreSQL cannot be reached every service this
/// process serves (and the server as a whole) reports NOT_SERVING, so a readiness probe takes the
/// replica out of rotation rather than letting calls fail; when the database answers again it
/// reports SERVING. A replica never exits over an outage: the pool reconnects on the next call.
struct DatabaseHealthWatch: Service {
    let probe: @Sendable () async -> Bool
    let health: HealthProvider
    /// The served services' full names; "" (the whole server) is always included.
    let services: [String]
    let interval: Duration
    let logger: Logger

    /// The health name a liveness probe asks for, which this watch leaves SERVING.
    static let liveness = "liveness"

    /// Probes once and sets every status; answers whether the database answered.
    @discardableResult
    func check(wasReachable: Bool) async -> Bool {
        let reachable = await probe()
        if reachable != wasReachable {
            if reachable {
                logger.notice("the database answers again: serving")
            } else {
                logger.error("the database cannot be reached: NOT_SERVING until it answers")
            }
        }
        for service in [""] + services { health.setStatus(reachable ? .serving : .notServing, for: service) }
        return reachable
    }

    func run() async throws {
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var reachable = true
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    reachable = await check(wasReachable: reachable)
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
