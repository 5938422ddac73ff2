import CNGHTTP2
import EchoContract
import NIOCore
import RPCCore
import Testing

@testable import HTTP2Transport

/// The hostile-input limits of a server connection, frame by frame on an embedded channel with an
/// nghttp2 client in memory: every refusal here is decided on the event loop before a handler runs,
/// so none needs a socket or a task.
struct ServerRequestLimitsTests {
    static let get = "/bench.Echo/Get"

    func connection(
        _ configure: (inout HTTP2ServerConfiguration) -> Void = { _ in }
    ) throws -> EmbeddedHTTP2Connection<HTTP2ServerConnectionHandler> {
        var configuration = HTTP2ServerConfiguration()
        configuration.keepaliveInterval = nil
        configuration.idleTimeout = nil
        configure(&configuration)
        var router = RPCRouter()
        router.add(EchoHandler())
        return try EmbeddedHTTP2Connection(server: configuration, router: router)
    }

    func prefix(_ length: Int, compressed: Bool = false) -> [UInt8] {
        [
            compressed ? 1 : 0, UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
            UInt8(length & 0xFF),
        ]
    }

    @Test func aLengthOverTheLimitIsRefusedBeforeItsBodyArrives() throws {
        let connection = try connection { $0.maxReceiveMessageSize = 1_000 }
        let stream = try connection.openCall(path: Self.get)
        try connection.send(prefix(1 << 30), on: stream)  // 1 GiB announced, 5 bytes sent
        #expect(connection.status(of: stream) == "8")
        #expect(connection.message(of: stream) == "request message of 1073741824 bytes exceeds the limit of 1000")
        #expect(connection.channel.isActive)  // the call is refused, not the connection
    }

    @Test func aGzipBombIsRefusedAsItInflates() throws {
        let connection = try connection { $0.maxReceiveMessageSize = 64 << 10 }
        let stream = try connection.openCall(path: Self.get, extraHeaders: [("grpc-encoding", "gzip")])
        let bomb = GzipCodec.compress([UInt8](repeating: 0, count: 8 << 20))
        try connection.send(prefix(bomb.count, compressed: true) + bomb, on: stream, end: true)
        #expect(connection.status(of: stream) == "8")
        #expect(connection.message(of: stream) == "request message inflates past the limit of 65536 bytes")
    }

    @Test func protocolViolationsEndTheCallWithInvalidArgument() throws {
        let connection = try connection()
        let twoMessages = try connection.openCall(path: Self.get)
        try connection.send(prefix(0) + prefix(0), on: twoMessages, end: true)
        let cutShort = try connection.openCall(path: Self.get)
        try connection.send(prefix(10) + [1, 2], on: cutShort, end: true)
        let noEncoding = try connection.openCall(path: Self.get)
        let packed = GzipCodec.compress([8, 1])
        try connection.send(prefix(packed.count, compressed: true) + packed, on: noEncoding, end: true)
        let empty = try connection.openCall(path: Self.get)
        try connection.send([], on: empty, end: true)
        for stream in [twoMessages, cutShort, noEncoding, empty] {
            #expect(connection.status(of: stream) == "3")
        }
        #expect(connection.message(of: twoMessages)?.contains("takes one request message, and a second came") == true)
        #expect(connection.message(of: cutShort) == "protocol violation: the request ended in the middle of a message")
        #expect(connection.message(of: noEncoding)?.contains("without grpc-encoding gzip") == true)
        #expect(connection.message(of: empty) == "protocol violation: the request has no message")
    }

    @Test func anUnknownMethodIsRefusedAtItsHeaders() throws {
        let connection = try connection()
        let stream = try connection.openCall(path: "/bench.Echo/Nope")
        try connection.exchange()
        #expect(connection.status(of: stream) == "12")
    }

    @Test func aConnectionOverItsMemoryBudgetRefusesCallsThenIsToldToCalmDown() throws {
        // Each call sends 30 KiB of a 32 KiB message and waits: one fits the 48 KiB budget, the next
        // does not. Past two refusals the connection is flooding, not working.
        let connection = try connection {
            $0.maxReceiveMessageSize = 32 << 10
            $0.maxConnectionBufferedBytes = 48 << 10
            $0.maxMemoryRefusals = 2
        }
        let partial = prefix(32 << 10) + [UInt8](repeating: 1, count: 30 << 10)
        let holder = try connection.openCall(path: Self.get)
        try connection.send(partial, on: holder)
        #expect(connection.status(of: holder) == nil)  // within the budget: still waiting for the rest
        var refused: [Int32] = []
        for _ in 0..<2 {
            let stream = try connection.openCall(path: Self.get)
            try connection.send(partial, on: stream)
            refused.append(stream)
        }
        for stream in refused {
            #expect(connection.status(of: stream) == "8")
            #expect(connection.message(of: stream)?.hasPrefix("this connection holds too many request bytes") == true)
        }
        #expect(connection.goAways.isEmpty)
        let third = try connection.openCall(path: Self.get)
        try connection.send(partial, on: third)
        #expect(connection.goAways.map(\.errorCode) == [NGHTTP2_ENHANCE_YOUR_CALM.rawValue])
        #expect(!connection.channel.isActive)
    }

    @Test func aRefusedCallGivesItsBytesBackToTheBudget() throws {
        let connection = try connection {
            $0.maxReceiveMessageSize = 32 << 10
            $0.maxConnectionBufferedBytes = 48 << 10
        }
        let partial = prefix(32 << 10) + [UInt8](repeating: 1, count: 30 << 10)
        let message = prefix(20 << 10) + [UInt8](repeating: 1, count: 20 << 10)
        for _ in 0..<5 {
            // Each call holds a whole 20 KiB request, then is refused for a second one, its stream
            // left open: what it held must leave the budget when it is refused, not when it closes.
            let stream = try connection.openCall(path: Self.get)
            try connection.send(message + prefix(0), on: stream)
            #expect(connection.status(of: stream) == "3")
        }
        let holder = try connection.openCall(path: Self.get)
        try connection.send(partial, on: holder)
        #expect(connection.status(of: holder) == nil)
    }
}
