import CNGHTTP2
import NIOCore
import Testing

@testable import HTTP2Transport

/// The server connection handler's idle, keepalive, ping and shutdown behaviour, frame by frame on
/// an embedded channel with a real nghttp2 client in memory, and time advanced by hand.
struct ServerConnectionManagementTests {
    static let noticeStream = Int32.max  // GOAWAY's "2^31-1": a notice, not the final word
    static let noError = NGHTTP2_NO_ERROR.rawValue

    func configuration(_ configure: (inout HTTP2ServerConfiguration) -> Void = { _ in }) -> HTTP2ServerConfiguration {
        var configuration = HTTP2ServerConfiguration()
        configuration.keepaliveInterval = nil
        configuration.idleTimeout = nil
        configure(&configuration)
        return configuration
    }

    @Test func theFinalGoAwayWaitsForThePingRoundTrip() throws {
        let connection = try EmbeddedHTTP2Connection(server: configuration())
        connection.handler.beginGracefulShutdown(gracePeriod: .seconds(5))
        try connection.handlerToPeer()
        #expect(connection.goAways.map(\.lastStreamID) == [Self.noticeStream])
        #expect(connection.channel.isActive)
        try connection.exchange()  // the client acknowledges the PING
        #expect(connection.goAways.map(\.lastStreamID) == [Self.noticeStream, 0])
        #expect(connection.goAways.allSatisfy { $0.errorCode == Self.noError })
        #expect(!connection.channel.isActive)  // nothing in flight: closed at once
        #expect(connection.registry.count == 0)
    }

    @Test func aPeerThatNeverAnswersGetsTheFinalGoAwayAfterThePingTimeout() throws {
        let connection = try EmbeddedHTTP2Connection(server: configuration())
        connection.handler.beginGracefulShutdown(gracePeriod: .seconds(5))
        try connection.handlerToPeer()  // the client's acknowledgement is never delivered
        try connection.advance(by: .milliseconds(999))
        #expect(connection.goAways.count == 1 && connection.channel.isActive)
        try connection.advance(by: .milliseconds(1))
        #expect(connection.goAways.map(\.lastStreamID) == [Self.noticeStream, 0])
        #expect(!connection.channel.isActive)
    }

    @Test func callsInFlightHaveTheGracePeriodThenTheConnectionCloses() throws {
        let connection = try EmbeddedHTTP2Connection(server: configuration())
        let stream = try connection.openCall(path: "/unknown.Service/Method")
        try connection.exchange()
        connection.handler.beginGracefulShutdown(gracePeriod: .seconds(5))
        try connection.exchange()
        #expect(connection.goAways.map(\.lastStreamID) == [Self.noticeStream, stream])
        try connection.advance(by: .milliseconds(4_999))
        #expect(connection.channel.isActive)  // the client has not ended its call yet
        try connection.advance(by: .milliseconds(1))
        #expect(!connection.channel.isActive)
    }

    @Test func aSubSecondIdleTimeoutIsHonoured() throws {
        // The old handler turned an idle timeout under a second into zero.
        let connection = try EmbeddedHTTP2Connection(
            server: configuration { $0.idleTimeout = .milliseconds(500) })
        try connection.advance(by: .milliseconds(499))
        #expect(connection.goAways.isEmpty)
        try connection.advance(by: .milliseconds(1))
        #expect(connection.goAways.map(\.lastStreamID) == [Self.noticeStream])
        try connection.exchange()
        #expect(!connection.channel.isActive)
    }

    @Test func aSilentPeerIsPingedThenDropped() throws {
        let connection = try EmbeddedHTTP2Connection(
            server: configuration {
                $0.keepaliveInterval = .seconds(10)
                $0.keepaliveTimeout = .seconds(2)
            })
        try connection.advance(by: .seconds(10))
        #expect(connection.pingsSeen == 1)
        try connection.exchange()  // this time it answers
        try connection.advance(by: .seconds(3))
        #expect(connection.channel.isActive)
        try connection.advance(by: .seconds(7))  // silent for an interval again
        #expect(connection.pingsSeen == 2)
        try connection.advance(by: .seconds(2))  // and no answer
        #expect(!connection.channel.isActive)
    }

    @Test func pingFloodsWithoutCallsAreToldToCalmDown() throws {
        let connection = try EmbeddedHTTP2Connection(
            server: configuration {
                $0.minPingInterval = .seconds(10)
                $0.maxPingStrikes = 2
            })
        for _ in 0..<4 {
            connection.peer.submitPing()
            try connection.exchange()
        }
        #expect(connection.goAways.map(\.errorCode) == [NGHTTP2_ENHANCE_YOUR_CALM.rawValue])
        #expect(!connection.channel.isActive)
    }
}
