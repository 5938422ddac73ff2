import GRPCHealth
import Logging
import Synchronization
import Testing

@testable import ServiceRuntime

struct DatabaseHealthWatchTests {
    /// Health follows the database down and back, for the server and every service it serves.
    @Test func notServingWhileTheDatabaseIsDownAndServingWhenItIsBack() async {
        let reachable = Atomic(true)
        let health = HealthProvider()
        let services = ["dic.licensing.v1.Licensing", "dic.common.v1.ServiceAdmin"]
        for service in services { health.setStatus(.serving, for: service) }
        health.setStatus(.serving, for: DatabaseHealthWatch.liveness)
        let watch = DatabaseHealthWatch(
            probe: { reachable.load(ordering: .relaxed) }, health: health, services: services,
            interval: .seconds(2), logger: Logger(label: "test"))

        reachable.store(false, ordering: .relaxed)
        #expect(await watch.check(wasReachable: true) == false)
        for service in [""] + services { #expect(health.status(of: service) == .notServing) }
        #expect(health.status(of: DatabaseHealthWatch.liveness) == .serving)  // not restarted for an outage

        reachable.store(true, ordering: .relaxed)
        #expect(await watch.check(wasReachable: false) == true)
        for service in [""] + services { #expect(health.status(of: service) == .serving) }
    }

    /// A server draining for shutdown stays NOT_SERVING even when the database answers.
    @Test func aDrainingServerIsNotMadeServingAgain() async {
        let health = HealthProvider()
        health.setStatus(.serving, for: "dic.licensing.v1.Licensing")
        let watch = DatabaseHealthWatch(
            probe: { true }, health: health, services: ["dic.licensing.v1.Licensing"], interval: .seconds(2),
            logger: Logger(label: "test"))
        health.markAllNotServing()
        await watch.check(wasReachable: true)
        #expect(health.status(of: "") == .notServing)
        #expect(health.status(of: "dic.licensing.v1.Licensing") == .notServing)
    }
}
