import CNGHTTP2
import EchoContract
import NIOCore
import RPCCore
import Testing

@testable import HTTP2Transport

/// Calls' deadlines on a server connection, frame by frame on an embedded channel with an nghttp2
/// client in memory and the clock moved by hand: the calls never send their request's end, so each
/// stays open until its deadline ends it, and one timer serves them all.
struct ServerCallDeadlinesTests {
    static let get = "/bench.Echo/Get"

    func connection() throws -> EmbeddedHTTP2Connection<HTTP2ServerConnectionHandler> {
        var configuration = HTTP2ServerConfiguration()
        configuration.keepaliveInterval = nil
        configuration.idleTimeout = nil
        configuration.maxCallDuration = .seconds(1)
        var router = RPCRouter()
        router.add(EchoHandler())
        return try EmbeddedHTTP2Connection(server: configuration, router: router)
    }

    func open(
        _ connection: EmbeddedHTTP2Connection<HTTP2ServerConnectionHandler>, timeout: String? = nil
    ) throws -> Int32 {
        try connection.openCall(path: Self.get, extraHeaders: timeout.map { [("grpc-timeout", $0)] } ?? [])
    }

    @Test func eachCallEndsAtItsOwnDeadlineWhateverOrderTheyBegan() throws {
        let connection = try connection()
        let half = try open(connection, timeout: "500m")
        let limit = try open(connection)  // the server's limit of a second
        let fifth = try open(connection, timeout: "200m")  // begun last, due first
        try connection.exchange()
        let statuses = { [half, limit, fifth].map { connection.status(of: $0) } }
        try connection.advance(by: .milliseconds(199))
        #expect(statuses() == [nil, nil, nil])
        try connection.advance(by: .milliseconds(1))
        #expect(statuses() == [nil, nil, "4"])
        try connection.advance(by: .milliseconds(299))
        #expect(statuses() == [nil, nil, "4"])
        try connection.advance(by: .milliseconds(1))
        #expect(statuses() == ["4", nil, "4"])
        #expect(connection.message(of: half) == "deadline exceeded")
        try connection.advance(by: .milliseconds(499))
        #expect(statuses() == ["4", nil, "4"])
        try connection.advance(by: .milliseconds(1))
        #expect(statuses() == ["4", "4", "4"])
        #expect(connection.message(of: limit)?.hasPrefix("the call ran past the server's limit") == true)
        #expect(connection.channel.isActive)  // the calls ended, not the connection
    }

    @Test func aCallThatEndsBeforeItsDeadlineLeavesTheOthersOnTime() throws {
        let connection = try connection()
        let early = try open(connection, timeout: "100m")
        let later = try open(connection, timeout: "300m")
        try connection.exchange()
        connection.peer.resetStream(early, errorCode: NGHTTP2_CANCEL.rawValue)  // the client gives up
        try connection.exchange()
        try connection.advance(by: .milliseconds(100))  // the timer fires for the call that is gone
        #expect(connection.status(of: early) == nil)
        #expect(connection.status(of: later) == nil)
        try connection.advance(by: .milliseconds(199))
        #expect(connection.status(of: later) == nil)
        try connection.advance(by: .milliseconds(1))
        #expect(connection.status(of: later) == "4")
        // Nothing is due any more; a call begun now arms the timer again.
        let next = try open(connection, timeout: "50m")
        try connection.exchange()
        try connection.advance(by: .milliseconds(49))
        #expect(connection.status(of: next) == nil)
        try connection.advance(by: .milliseconds(1))
        #expect(connection.status(of: next) == "4")
    }
}
