import NIOCore
import OpenSSLTLS

/// How an HTTP/2 gRPC server behaves, and what each limit defends against.
public struct HTTP2ServerConfiguration: Sendable {
    /// Largest request message accepted (a larger one ends the call with RESOURCE_EXHAUSTED before
    /// its body is buffered). Defends memory against oversized messages.
    public var maxReceiveMessageSize = 4 << 20
    /// Largest response message a handler may send (RESOURCE_EXHAUSTED beyond it).
    public var maxSendMessageSize = 4 << 20
    /// Streams one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS); more are
    /// refused, so one client cannot take every handler slot.
    public var maxConcurrentStreams: UInt32 = 256
    /// Per-stream flow-control window: how much a client may send before a handler reads it.
    public var initialWindowSize: UInt32 = 1 << 20
    /// Connection-wide flow-control window.
    public var connectionWindowSize: Int32 = 16 << 20
    /// Largest header list accepted, enforced per stream (HPACK bombs: nghttp2 only advertises it).
    public var maxHeaderListSize: UInt32 = 16 << 10
    /// Response bytes buffered per stream before a writing handler is made to wait (flow control
    /// pushed back to the handler instead of into memory).
    public var outboundHighWatermark = 1 << 20
    /// Pings sooner than this after the previous one count as a strike (gRFC A8)…
    public var minPingInterval: Duration = .seconds(10)
    /// …and this many strikes end the connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings".
    public var maxPingStrikes = 2
    /// A connection silent this long is pinged, to find clients that vanished without closing
    /// (gRFC A8); nil turns keepalive off.
    public var keepaliveInterval: Duration? = .seconds(7200)
    /// A keepalive ping not answered within this long closes the connection.
    public var keepaliveTimeout: Duration = .seconds(20)
    /// Connections older than this are closed gracefully (GOAWAY, then `maxConnectionAgeGrace` for
    /// calls in flight), so long-lived clients spread over new replicas; nil: never.
    public var maxConnectionAge: Duration?
    public var maxConnectionAgeGrace: Duration = .seconds(30)
    /// A connection with no open stream for this long is closed (GOAWAY first).
    public var idleTimeout: Duration? = .seconds(300)
    /// After a graceful shutdown begins, calls in flight get this long before they are cancelled.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Event-loop threads (connections are spread over them).
    public var threads = System.coreCount
    /// Run handlers on their connection's event loop (no hop per call). A handler that computes for
    /// long should move that work elsewhere, as it holds up the loop's other connections meanwhile.
    public var handlersOnEventLoop = true
    /// TLS (with ALPN h2) in front of HTTP/2; nil serves h2c, for loopback and in-cluster use.
    public var tls: TLSContextProvider?

    public init() {}
}
