import NIOEmbedded
import RPCCore
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

/// A connection whose channel closed before it ever became active (accepted while the server was
/// flooded and began to shut down) never saw channelInactive, stayed in the registry, and the
/// server waited for it forever: seen after an attack of 999 connections.
struct ConnectionTearDownTests {
    @Test func aConnectionWhosePipelineEndsWithoutChannelInactiveLeavesTheRegistry() throws {
        let registry = HTTP2ConnectionRegistry()
        let channel = EmbeddedChannel()
        let handler = HTTP2ServerConnectionHandler(
            router: RPCRouter(), configuration: HTTP2ServerConfiguration(), registry: registry)
        try channel.pipeline.syncOperations.addHandler(handler)
        #expect(registry.count == 1)
        // What a socket channel closed before it became active does: its handlers are removed and
        // channelInactive never comes.
        try channel.pipeline.syncOperations.removeHandler(handler).wait()
        #expect(registry.count == 0)
        _ = try channel.finish()
    }
}
