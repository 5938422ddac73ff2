import RPCCore

/// A client and a server joined in one process with no sockets: services and the aggregator can be
/// tested through their real generated clients and router, interceptors included. Messages are
/// still serialized, so codec behaviour is what it would be on the wire.
public struct InProcessTransport: Sendable {
    public let server: InProcessServerTransport
    public let client: InProcessClientTransport

    public init() {
        server = InProcessServerTransport()
        client = InProcessClientTransport(server: server)
    }
}
