import NIOCore
import Testing

@testable import HTTP2Transport

/// The client connection handler's keepalive on an embedded channel with an nghttp2 server in memory.
struct ClientConnectionManagementTests {
    func connection() throws -> EmbeddedHTTP2Connection<HTTP2ClientConnectionHandler> {
        var configuration = HTTP2ClientConfiguration()
        configuration.keepaliveInterval = .seconds(10)
        configuration.keepaliveTimeout = .seconds(2)
        return try EmbeddedHTTP2Connection(
            HTTP2ClientConnectionHandler(configuration: configuration, authority: "localhost"), peer: .server)
    }

    @Test func aServerThatAnswersKeepsTheConnection() throws {
        let connection = try connection()
        try connection.advance(by: .seconds(10))
        #expect(connection.pingsSeen == 1)
        try connection.exchange()  // the server acknowledges
        try connection.advance(by: .seconds(5))
        #expect(connection.channel.isActive && connection.handler.availability.isUsable)
    }

    @Test func aServerThatGoesSilentIsDroppedAndNoLongerUsed() throws {
        let connection = try connection()
        try connection.advance(by: .seconds(10))
        #expect(connection.pingsSeen == 1)
        try connection.advance(by: .milliseconds(1_999))
        #expect(connection.channel.isActive)
        try connection.advance(by: .milliseconds(1))
        #expect(!connection.channel.isActive)
        #expect(!connection.handler.availability.isUsable)  // new calls go to a new connection
    }
}
