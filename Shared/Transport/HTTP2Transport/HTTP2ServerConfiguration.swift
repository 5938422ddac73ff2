import Logging
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
    public var maxConcurrentStreams: UInt32 = 100
    /// Connections open at once; one more is closed as soon as it is accepted, before TLS or HTTP/2
    /// work, so a flood of connections cannot exhaust file descriptors or memory.
    public var maxConnections = 1000
    /// Request bytes one connection may have buffered across its streams (partial messages, whole
    /// requests waiting for or held by their handler, streamed requests not yet read), inflated
    /// size for gzip. Must leave room for one message of `maxReceiveMessageSize`.
    public var maxConnectionBufferedBytes = 8 << 20
    /// The same across all connections: the bound on request memory of the whole server.
    public var maxBufferedBytes = 256 << 20
    /// The longest a call may run: a longer `grpc-timeout` is cut to it, and a call without one
    /// gets it, except the methods in `longLivedMethods`.
    public var maxCallDuration: Duration = .seconds(600)
    /// Paths that may run without a deadline for as long as their client stays (watches).
    public var longLivedMethods: Set<String> = ["/grpc.health.v1.Health/Watch"]
    /// Per-stream flow-control window: how much a client may send before a handler reads it.
    /// Calls of one connection refused for request memory (RESOURCE_EXHAUSTED) before the
    /// connection is closed with GOAWAY ENHANCE_YOUR_CALM.
    public var maxMemoryRefusals = 64
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
    /// How long the PING sent with the shutdown notice may go unanswered before the final GOAWAY
    /// goes anyway (a live client answers within a round trip).
    public var shutdownPingTimeout: Duration = .seconds(1)
    /// Event-loop threads (connections are spread over them): by default one per processor the
    /// process may run on (``AllowedProcessors``). Not read when the server is given its loops.
    public var threads = AllowedProcessors.count
    /// Run handlers on their connection's event loop (no hop per call). A handler that computes for
    /// long should move that work elsewhere, as it holds up the loop's other connections meanwhile.
    public var handlersOnEventLoop = true
    /// TLS (with ALPN h2) in front of HTTP/2; nil serves h2c, for loopback and in-cluster use.
    public var tls: TLSContextProvider?
    /// Where the transport reports what an operator must know (a limit reached, once per connection).
    public var logger = Logger(label: "dic.http2")

    public init() {}
}

extension HTTP2ServerConfiguration {
    /// What the server's nghttp2 sessions advertise and enforce.
    var sessionSettings: NGHTTP2Session.Settings {
        NGHTTP2Session.Settings(
            maxConcurrentStreams: maxConcurrentStreams, initialWindowSize: initialWindowSize,
            connectionWindowSize: connectionWindowSize, maxHeaderListSize: maxHeaderListSize)
    }

    /// The settings the connection state machine works by.
    var connectionManagement: ServerConnectionStateMachine.Configuration {
        ServerConnectionStateMachine.Configuration(
            idleTimeout: idleTimeout.map { TimeAmount($0) }, maxAge: maxConnectionAge.map { TimeAmount($0) },
            maxAgeGrace: TimeAmount(maxConnectionAgeGrace), keepaliveInterval: keepaliveInterval.map { TimeAmount($0) },
            keepaliveTimeout: TimeAmount(keepaliveTimeout), minPingInterval: TimeAmount(minPingInterval),
            maxPingStrikes: maxPingStrikes, shutdownPingTimeout: TimeAmount(shutdownPingTimeout))
    }
}
