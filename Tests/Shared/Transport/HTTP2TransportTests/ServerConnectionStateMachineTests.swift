import NIOCore
import Testing

@testable import HTTP2Transport

/// Every transition of the connection state machine, with time passed in by hand.
struct ServerConnectionStateMachineTests {
    typealias Machine = ServerConnectionStateMachine
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func machine(_ configure: (inout Machine.Configuration) -> Void = { _ in }) -> Machine {
        var configuration = Machine.Configuration()
        configure(&configuration)
        return Machine(configuration: configuration, now: start)
    }

    func at(_ offset: TimeAmount) -> NIODeadline { start + offset }

    @Test func shutdownWaitsForThePingAcknowledgementThenLetsCallsFinish() {
        var connection = machine()
        connection.streamOpened()
        #expect(
            connection.beginGracefulShutdown(grace: .seconds(5), now: start) == [
                .sendShutdownNotice(ping: Machine.shutdownPing)
            ])
        #expect(connection.beginGracefulShutdown(grace: .seconds(5), now: start).isEmpty)  // once
        #expect(connection.pingAcknowledged(0, now: at(.milliseconds(1))).isEmpty)  // a keepalive PING's
        #expect(connection.pingAcknowledged(Machine.shutdownPing, now: at(.milliseconds(2))) == [.sendGoAway])
        #expect(connection.state == .draining(deadline: at(.milliseconds(5_002))))
        #expect(connection.streamClosed(now: at(.seconds(1))) == [.close])
        #expect(connection.state == .closed)
    }

    @Test func withoutStreamsTheAcknowledgementClosesAtOnce() {
        var connection = machine()
        _ = connection.beginGracefulShutdown(grace: .seconds(5), now: start)
        #expect(connection.pingAcknowledged(Machine.shutdownPing, now: start) == [.sendGoAway, .close])
    }

    @Test func aPeerThatNeverAcknowledgesGetsTheFinalGoAwayAfterThePingTimeout() {
        var connection = machine { $0.shutdownPingTimeout = .seconds(1) }
        connection.streamOpened()
        _ = connection.beginGracefulShutdown(grace: .seconds(5), now: start)
        #expect(connection.nextDeadline == at(.seconds(1)))
        #expect(connection.timerFired(now: at(.milliseconds(999))).isEmpty)
        #expect(connection.timerFired(now: at(.seconds(1))) == [.sendGoAway])
        #expect(connection.nextDeadline == at(.seconds(6)))
        #expect(connection.timerFired(now: at(.seconds(6))) == [.failOpenStreams, .close])
        #expect(connection.timerFired(now: at(.seconds(7))).isEmpty)
    }

    @Test func idleCountsOnlyWithoutStreamsAndToTheNanosecond() {
        var connection = machine { $0.idleTimeout = .milliseconds(500) }
        #expect(connection.nextDeadline == at(.milliseconds(500)))
        connection.streamOpened()
        #expect(connection.timerFired(now: at(.seconds(10))).isEmpty)  // a call open: never idle
        #expect(connection.streamClosed(now: at(.seconds(10))).isEmpty)
        #expect(connection.timerFired(now: at(.seconds(10) + .milliseconds(499))).isEmpty)
        #expect(
            connection.timerFired(now: at(.seconds(10) + .milliseconds(500)))
                == [.sendShutdownNotice(ping: Machine.shutdownPing)])
    }

    @Test func anOldConnectionDrainsWithTheAgeGrace() {
        var connection = machine {
            $0.maxAge = .seconds(60)
            $0.maxAgeGrace = .seconds(30)
        }
        connection.streamOpened()
        #expect(connection.timerFired(now: at(.seconds(60))) == [.sendShutdownNotice(ping: Machine.shutdownPing)])
        #expect(connection.pingAcknowledged(Machine.shutdownPing, now: at(.seconds(60))) == [.sendGoAway])
        #expect(connection.state == .draining(deadline: at(.seconds(90))))
    }

    @Test func keepalivePingsAfterSilenceAndClosesWhenThePeerStaysSilent() {
        var connection = machine {
            $0.keepaliveInterval = .seconds(10)
            $0.keepaliveTimeout = .seconds(2)
        }
        connection.heardFromPeer(now: at(.seconds(4)))
        #expect(connection.timerFired(now: at(.seconds(10))).isEmpty)  // heard 6 s ago
        #expect(connection.nextDeadline == at(.seconds(14)))
        #expect(connection.timerFired(now: at(.seconds(14))) == [.sendKeepalivePing])
        connection.heardFromPeer(now: at(.seconds(15)))  // the acknowledgement, or any frame
        #expect(connection.timerFired(now: at(.seconds(16))).isEmpty)
        #expect(connection.timerFired(now: at(.seconds(25))) == [.sendKeepalivePing])
        #expect(connection.nextDeadline == at(.seconds(27)))
        #expect(connection.timerFired(now: at(.seconds(27))) == [.close])
        #expect(connection.state == .closed)
    }

    @Test func pingsFasterThanAllowedWithoutStreamsEndTheConnection() {
        var connection = machine {
            $0.minPingInterval = .seconds(10)
            $0.maxPingStrikes = 2
        }
        #expect(connection.pingReceived(now: start).isEmpty)  // the first is no strike
        #expect(connection.pingReceived(now: at(.seconds(1))).isEmpty)  // strike 1
        connection.streamOpened()  // a call resets the count, and pings during calls are fine
        #expect(connection.pingReceived(now: at(.seconds(2))).isEmpty)
        #expect(connection.streamClosed(now: at(.seconds(2))).isEmpty)
        #expect(connection.pingReceived(now: at(.seconds(3))).isEmpty)  // strike 1
        #expect(connection.pingReceived(now: at(.seconds(4))).isEmpty)  // strike 2
        #expect(connection.pingReceived(now: at(.seconds(15))).isEmpty)  // 11 s later: no strike
        #expect(connection.pingReceived(now: at(.seconds(16))) == [.closeCalmly(reason: "too_many_pings")])
        #expect(connection.pingReceived(now: at(.seconds(17))).isEmpty)  // closed: nothing more
    }

    @Test func anAbusiveConnectionClosesOnceWhateverItsState() {
        var connection = machine()
        _ = connection.beginGracefulShutdown(grace: .seconds(5), now: start)
        #expect(
            connection.closeCalmly(reason: "too_many_refused_requests") == [
                .closeCalmly(reason: "too_many_refused_requests")
            ])
        #expect(connection.closeCalmly(reason: "again").isEmpty)
        #expect(connection.nextDeadline == nil)
        #expect(connection.pingAcknowledged(Machine.shutdownPing, now: start).isEmpty)
    }

    @Test func aHugeGraceSaturatesInsteadOfTrapping() {
        var connection = machine { $0.maxAge = .nanoseconds(.max) }
        connection.streamOpened()
        _ = connection.beginGracefulShutdown(grace: .nanoseconds(.max), now: start)
        _ = connection.pingAcknowledged(Machine.shutdownPing, now: start)
        #expect(connection.state == .draining(deadline: .distantFuture))
    }
}
