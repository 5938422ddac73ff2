import AccessControl
import Logging
import ServiceLifecycle

/// Re-reads tokens and grants on an interval. One process sees its own changes at once; replicas
/// sharing a database (PostgreSQL on Kubernetes) see a revocation made elsewhere within `interval`.
struct AccessRefresher: Service {
    let store: AccessStore
    let logger: Logger
    let interval: Duration

    func run() async throws {
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    do {
                        try await store.reload()
                    } catch {
                        // Keep the last good copy: a database blip must not lock everyone out.
                        logger.warning("could not refresh tokens and grants", metadata: ["error": "\(error)"])
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}
