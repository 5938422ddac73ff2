import Synchronization
import Testing

@testable import HTTP2Transport

struct HTTP2ConnectionRegistryTests {
    final class Probe: Sendable {
        let drained = Mutex<[Duration]>([])
    }

    @Test func aConnectionAcceptedAfterShutdownBeganIsDrainedAtOnce() {
        let registry = HTTP2ConnectionRegistry()
        let early = Probe()
        let late = Probe()
        registry.add(ObjectIdentifier(early)) { grace in early.drained.withLock { $0.append(grace) } }
        registry.beginGracefulShutdown(gracePeriod: .seconds(5))
        #expect(early.drained.withLock { $0 } == [.seconds(5)])
        // The race: accepted after the broadcast, before the listener had closed.
        registry.add(ObjectIdentifier(late)) { grace in late.drained.withLock { $0.append(grace) } }
        #expect(late.drained.withLock { $0 } == [.seconds(5)])
        registry.remove(ObjectIdentifier(early))
        registry.remove(ObjectIdentifier(late))
        #expect(registry.count == 0)
    }

    @Test func connectionsBeforeShutdownAreNotDrained() {
        let registry = HTTP2ConnectionRegistry()
        let probe = Probe()
        registry.add(ObjectIdentifier(probe)) { grace in probe.drained.withLock { $0.append(grace) } }
        #expect(probe.drained.withLock { $0 }.isEmpty)
        #expect(registry.count == 1)
    }
}
