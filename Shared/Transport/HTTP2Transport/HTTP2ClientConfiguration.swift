import OpenSSLTLS

/// How an HTTP/2 gRPC client connects and what it accepts.
public struct HTTP2ClientConfiguration: Sendable {
    /// TLS (verifying the server, offering ALPN h2); nil connects with h2c.
    public var tls: TLSContext?
    /// The name to verify the server's certificate against and send as SNI; the host by default.
    public var serverName: String?
    /// Largest response message accepted (RESOURCE_EXHAUSTED beyond it).
    public var maxReceiveMessageSize = 4 << 20
    /// Largest request message sent (RESOURCE_EXHAUSTED beyond it, before anything is sent).
    public var maxSendMessageSize = 4 << 20
    public var initialWindowSize: UInt32 = 1 << 20
    public var connectionWindowSize: Int32 = 16 << 20
    public var maxHeaderListSize: UInt32 = 16 << 10
    /// Request bytes buffered per call before a writer is made to wait.
    public var outboundHighWatermark = 1 << 20
    public var connectTimeout: Duration = .seconds(5)
    /// Reconnection backoff (gRPC's connection-backoff rules): the first wait, its growth, the
    /// largest wait, and the random spread that keeps many clients from reconnecting in step.
    public var backoffInitial: Duration = .seconds(1)
    public var backoffMultiplier = 1.6
    public var backoffMaximum: Duration = .seconds(120)
    public var backoffJitter = 0.2
    /// Ping the server after this long without hearing from it, to notice a dead connection before
    /// a call does; nil (the gRPC default) turns it off. Servers refuse pings more often than they
    /// allow (GOAWAY "too_many_pings"), so keep this in minutes.
    public var keepaliveInterval: Duration?
    public var keepaliveTimeout: Duration = .seconds(20)
    /// Sent as `user-agent`.
    public var userAgent = "dic-platform-grpc/1.0"

    public init() {}
}

extension HTTP2ClientConfiguration {
    /// What the client's nghttp2 sessions advertise and enforce (a client accepts no pushed streams,
    /// so it advertises no stream limit).
    var sessionSettings: NGHTTP2Session.Settings {
        NGHTTP2Session.Settings(
            initialWindowSize: initialWindowSize, connectionWindowSize: connectionWindowSize,
            maxHeaderListSize: maxHeaderListSize)
    }
}
