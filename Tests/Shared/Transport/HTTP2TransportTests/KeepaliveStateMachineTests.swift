import NIOCore
import Testing

@testable import HTTP2Transport

/// Keepalive's transitions, as both ends use them.
struct KeepaliveStateMachineTests {
    let start = NIODeadline.uptimeNanoseconds(5_000_000_000)

    func at(_ offset: TimeAmount) -> NIODeadline { start + offset }

    @Test func silenceForAnIntervalSendsOnePing() {
        var keepalive = KeepaliveStateMachine(interval: .seconds(10), timeout: .seconds(2), now: start)
        #expect(keepalive.nextDeadline == at(.seconds(10)))
        #expect(keepalive.timerFired(now: at(.milliseconds(9_999))) == nil)
        #expect(keepalive.timerFired(now: at(.seconds(10))) == .sendPing)
        #expect(keepalive.nextDeadline == at(.seconds(12)))
        #expect(keepalive.timerFired(now: at(.seconds(11))) == nil)  // no second PING while one is out
    }

    @Test func anyFrameAfterThePingKeepsTheConnection() {
        var keepalive = KeepaliveStateMachine(interval: .seconds(10), timeout: .seconds(2), now: start)
        _ = keepalive.timerFired(now: at(.seconds(10)))
        keepalive.heardFromPeer(now: at(.seconds(11)))
        #expect(keepalive.timerFired(now: at(.seconds(12))) == nil)
        #expect(keepalive.nextDeadline == at(.seconds(21)))
        #expect(keepalive.timerFired(now: at(.seconds(21))) == .sendPing)
    }

    @Test func noAnswerWithinTheTimeoutCloses() {
        var keepalive = KeepaliveStateMachine(interval: .seconds(10), timeout: .seconds(2), now: start)
        _ = keepalive.timerFired(now: at(.seconds(10)))
        keepalive.heardFromPeer(now: at(.seconds(10) - .nanoseconds(1)))  // before the PING: no proof
        #expect(keepalive.timerFired(now: at(.milliseconds(11_999))) == nil)
        #expect(keepalive.timerFired(now: at(.seconds(12))) == .close)
    }

    @Test func readsBeforeTheDeadlinePushItBack() {
        var keepalive = KeepaliveStateMachine(interval: .seconds(10), timeout: .seconds(2), now: start)
        keepalive.heardFromPeer(now: at(.seconds(7)))
        #expect(keepalive.timerFired(now: at(.seconds(10))) == nil)  // an early wake-up does nothing
        #expect(keepalive.nextDeadline == at(.seconds(17)))
    }
}
