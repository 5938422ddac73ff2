import ProtoWire
import Synchronization

/// What a handler knows about the call it serves, and where it puts response metadata.
public struct ServerContext: Sendable {
    public let method: ProtoMethodDescriptor
    /// The request's application metadata (reserved gRPC and HTTP/2 headers removed).
    public let metadata: Metadata
    /// The remote address, such as `ipv4:127.0.0.1:53124`, or `in-process`.
    public let peer: String
    /// When the client stops waiting; nil when it set no deadline.
    public let deadline: ContinuousClock.Instant?
    /// The client's `x-request-id`, or one made up for this call, for logs and audit records.
    public let requestID: String
    /// The verified client certificate's identity, under mutual TLS.
    public let peerIdentity: PeerIdentity?
    /// Who is calling, once the authentication interceptor has established it.
    public var principal: String?
    /// The router's admission checks (``ServerCallAdmission``) passed for this call, on its headers.
    public var isAdmitted = false
    let response: ServerResponseMetadata

    public init(
        method: ProtoMethodDescriptor, metadata: Metadata, peer: String, deadline: ContinuousClock.Instant?,
        requestID: String, peerIdentity: PeerIdentity? = nil
    ) {
        self.method = method
        self.metadata = metadata
        self.peer = peer
        self.deadline = deadline
        self.requestID = requestID
        self.peerIdentity = peerIdentity
        self.response = ServerResponseMetadata()
    }

    /// Adds a response header. Headers go out with the first response message (or with the status,
    /// when there is none); later additions are sent as trailers instead.
    public func addResponseHeader(_ key: String, _ value: Metadata.Value) {
        response.state.withLock { $0.headers.add(key, value) }
    }

    /// Adds a trailer, sent with the final status.
    public func addTrailer(_ key: String, _ value: Metadata.Value) {
        response.state.withLock { $0.trailers.add(key, value) }
    }
}

/// Response metadata a handler builds while the call runs; shared by copies of its context.
final class ServerResponseMetadata: Sendable {
    struct State {
        var headers = Metadata()
        var trailers = Metadata()
        var headersSent = false
    }

    let state = Mutex(State())

    /// The headers to send now, once; nil when they were already sent.
    func takeHeaders() -> Metadata? {
        state.withLock { state in
            guard !state.headersSent else { return nil }
            state.headersSent = true
            return state.headers
        }
    }

    /// Trailers, with any headers that never went out (a Trailers-Only response carries both).
    func takeTrailers() -> Metadata {
        state.withLock { state in
            var trailers = state.headersSent ? Metadata() : state.headers
            state.headersSent = true
            trailers.add(contentsOf: state.trailers)
            return trailers
        }
    }
}
