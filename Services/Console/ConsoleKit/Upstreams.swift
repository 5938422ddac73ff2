import RPCCore

/// The services the console calls, one shared connection each; every call carries the signed-in
/// officer's own token, so the services authorize and audit the officer, not the console.
public struct Upstreams: Sendable {
    public var licensing: any ClientTransport
    public var telecom: any ClientTransport
    public var dx: any ClientTransport
    public var aggregator: any ClientTransport

    public init(
        licensing: any ClientTransport, telecom: any ClientTransport, dx: any ClientTransport,
        aggregator: any ClientTransport, issuer: (any ClientTransport)? = nil
    ) {
        self.issuer = issuer
        self.licensing = licensing
        self.telecom = telecom
        self.dx = dx
        self.aggregator = aggregator
    }

    /// The services by the names their roles are granted under.
    public var all: [(name: String, transport: any ClientTransport)] {
        [("licensing", licensing), ("telecom", telecom), ("dx", dx), ("aggregator", aggregator)]
    }

    /// The deployment's identity issuer (DIC_IDENTITY_ISSUER_ADDRESS), when there is one: a
    /// personal token is exchanged there for an identity every service accepts.
    public var issuer: (any ClientTransport)?

    /// A client for one service calling as the holder of `credential`.
    public static func client(_ transport: any ClientTransport, as credential: any BearerSource) -> RPCClient {
        RPCClient(transport: transport, interceptors: [BearerToken(source: credential)])
    }
}
