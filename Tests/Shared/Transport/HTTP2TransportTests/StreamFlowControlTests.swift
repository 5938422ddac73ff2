import Testing

@testable import HTTP2Transport

struct StreamFlowControlTests {
    @Test func creditsAsBytesArriveWhileTheReaderKeepsUp() {
        var flow = StreamFlowControl(limit: 100)
        #expect(flow.received(60) == 60)
        flow.queuedMessage(size: 60)
        #expect(flow.consumedMessage(size: 60) == 0)
        #expect(flow.queued == 0)
    }

    @Test func aMessageLargerThanTheWindowStillCompletes() {
        var flow = StreamFlowControl(limit: 100)
        // 350 bytes of one message arrive in chunks; nothing is queued yet, so all is credited.
        #expect([flow.received(100), flow.received(100), flow.received(150)] == [100, 100, 150])
    }

    @Test func withholdsWhileTheReaderIsBehindThenReleases() {
        var flow = StreamFlowControl(limit: 100)
        for _ in 0..<3 {
            #expect(flow.received(50) == 50)
            flow.queuedMessage(size: 50)
        }
        // 150 bytes queued unread: new bytes are not credited, the peer's window runs out.
        #expect(flow.received(50) == 0)
        #expect(flow.received(30) == 0)
        #expect(flow.withheld == 80)
        // Taking one message (100 left queued, at the limit) releases the withheld credit.
        #expect(flow.consumedMessage(size: 50) == 80)
        #expect(flow.withheld == 0)
        #expect(flow.consumedMessage(size: 50) == 0)
    }
}
