import ProtoWire

/// Accepts calls from clients and hands each one to the router. Implementations: the HTTP/2
/// transport, and the in-process transport for tests.
public protocol ServerTransport: Sendable {
    /// Serves calls until ``beginGracefulShutdown()`` has been called and the calls in flight have
    /// ended, or until the task is cancelled.
    func serve(router: RPCRouter) async throws
    /// Stops accepting new calls and lets those in flight finish.
    func beginGracefulShutdown()
}

/// The request side of a call, as the transport decoded it from the wire.
public struct ServerCallHead: Sendable {
    public var path: String
    public var metadata: Metadata
    public var peer: String
    public var deadline: ContinuousClock.Instant?
    /// The verified client certificate's identity, under mutual TLS.
    public var peerIdentity: PeerIdentity?
    /// Set by ``RPCRouter/admit(_:head:)``: the call passed every admission check.
    public var admitted = false
    /// Who the admission checks found calling, when `admitted`.
    public var principal: String?

    public init(
        path: String, metadata: Metadata, peer: String, deadline: ContinuousClock.Instant?,
        peerIdentity: PeerIdentity? = nil
    ) {
        self.path = path
        self.metadata = metadata
        self.peer = peer
        self.deadline = deadline
        self.peerIdentity = peerIdentity
    }
}

/// The request messages of a call. Unary and server-streaming methods take exactly one message,
/// which the transport collects before the handler starts; streaming requests arrive as a queue.
public enum ServerCallInbound: Sendable {
    case message([UInt8])
    case stream(RPCQueue<[UInt8]>)
}

/// How the core answers a call; the transport turns these into HTTP/2 frames.
public protocol ServerCallResponder: Sendable {
    /// Sends response headers; called at most once, before any message.
    func sendHeaders(_ metadata: Metadata)
    /// Sends one serialized message, suspending while the client cannot take more (flow control).
    func sendMessage(_ message: [UInt8]) async throws(RPCError)
    /// Ends the call. When no headers were sent this is a Trailers-Only response.
    func finish(status: RPCStatus, trailers: Metadata)
}
