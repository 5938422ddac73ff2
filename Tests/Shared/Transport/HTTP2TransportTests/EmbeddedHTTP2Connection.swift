import NIOCore
import NIOEmbedded
import RPCCore

@testable import HTTP2Transport

/// A connection handler on an `EmbeddedChannel` with an nghttp2 session of the other role paired to
/// it in memory (the peer): no sockets, and time moves only when the test advances the embedded
/// loop's clock.
final class EmbeddedHTTP2Connection<Handler: ChannelHandler> {
    let channel = EmbeddedChannel()
    let handler: Handler
    let peer: NGHTTP2Session
    /// The frames the handler wrote, in order, parsed here: an nghttp2 peer that has seen a GOAWAY
    /// and has no stream stops reporting frames, and these tests want every one.
    private(set) var frames: [Frame] = []
    private var unparsed: [UInt8] = []
    /// What the peer's nghttp2 reported of the handler's frames (headers, trailers, resets), in order.
    private(set) var peerEvents: [HTTP2Event] = []

    struct Frame {
        var type: UInt8
        var flags: UInt8
        var stream: Int32
        var payload: [UInt8]

        func word(at offset: Int) -> UInt32 {
            payload[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
    }

    init(_ handler: Handler, peer role: NGHTTP2Session.Role) throws {
        self.handler = handler
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 50051)).wait()
        peer = try NGHTTP2Session(role: role, settings: .init(), allocator: channel.allocator)
        try exchange()
    }

    /// Peer to handler, then handler to peer, until neither has more to say: a peer that answers.
    func exchange() throws {
        while true {
            let sent = try peerToHandler()
            let received = try handlerToPeer()
            if !sent && !received { return }
        }
    }

    /// What the peer has queued (a request, a PING, an acknowledgement), delivered to the handler.
    @discardableResult
    func peerToHandler() throws -> Bool {
        var bytes = channel.allocator.buffer(capacity: 0)
        try peer.drain(into: &bytes)
        guard bytes.readableBytes > 0, channel.isActive else { return false }
        try channel.writeInbound(bytes)
        return true
    }

    /// What the handler wrote, read by the peer, which may queue answers it does not send yet: a
    /// peer that has gone quiet, when the test never calls ``peerToHandler()``.
    @discardableResult
    func handlerToPeer() throws -> Bool {
        var moved = false
        while let bytes = try channel.readOutbound(as: ByteBuffer.self) {
            try bytes.withUnsafeReadableBytes { try peer.receive($0) }
            unparsed += bytes.readableBytesView
            moved = moved || bytes.readableBytes > 0
        }
        peerEvents += peer.takeEvents()
        let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)  // a client's first bytes: no frame
        if frames.isEmpty, unparsed.starts(with: preface) { unparsed.removeFirst(preface.count) }
        while unparsed.count >= 9 {
            let length = Int(unparsed[0]) << 16 | Int(unparsed[1]) << 8 | Int(unparsed[2])
            guard unparsed.count >= 9 + length else { break }
            let stream = unparsed[5..<9].reduce(Int32(0)) { $0 << 8 | Int32($1) } & Int32.max
            frames.append(
                Frame(type: unparsed[3], flags: unparsed[4], stream: stream, payload: Array(unparsed[9..<9 + length])))
            unparsed.removeFirst(9 + length)
        }
        return moved
    }

    func advance(by amount: TimeAmount) throws {
        channel.embeddedEventLoop.advanceTime(by: amount)
        try handlerToPeer()
    }

    var goAways: [(lastStreamID: Int32, errorCode: UInt32)] {
        frames.filter { $0.type == 7 }.map { (Int32(bitPattern: $0.word(at: 0) & 0x7FFF_FFFF), $0.word(at: 4)) }
    }

    /// PINGs the handler sent (acknowledgements of the peer's not counted).
    var pingsSeen: Int { frames.filter { $0.type == 6 && $0.flags & 1 == 0 }.count }

    /// Opens a call (the peer being the client) whose request never ends, so it stays in flight.
    func openCall(path: String, extraHeaders: [(String, String)] = []) throws -> Int32 {
        try peer.submitRequest(
            headers: [
                (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                ("content-type", "application/grpc"), ("te", "trailers"),
            ] + extraHeaders)
    }

    /// The peer sends request body bytes on `stream` (ending the request when `end`), and the two
    /// sides exchange until neither has more to say.
    func send(_ bytes: [UInt8], on stream: Int32, end: Bool = false) throws {
        peer.enqueue(stream: stream) { $0.writeBytes(bytes) }
        if end { peer.endBody(stream: stream, trailers: nil) }
        try exchange()
    }

    /// The `grpc-status` the handler sent on `stream`, once it has.
    func status(of stream: Int32) -> String? {
        for case .header(stream, "grpc-status", let value) in peerEvents { return value }
        return nil
    }

    /// The `grpc-message` the handler sent on `stream`, percent-decoded.
    func message(of stream: Int32) -> String? {
        for case .header(stream, "grpc-message", let value) in peerEvents {
            return PercentEncoding.decode(value)
        }
        return nil
    }
}

extension EmbeddedHTTP2Connection where Handler == HTTP2ServerConnectionHandler {
    /// A server connection handler with a client peer.
    convenience init(server configuration: HTTP2ServerConfiguration, router: RPCRouter = RPCRouter()) throws {
        try self.init(
            HTTP2ServerConnectionHandler(
                router: router, configuration: configuration, registry: HTTP2ConnectionRegistry()),
            peer: .client)
    }

    var registry: HTTP2ConnectionRegistry { handler.registry }
}
