import RPCCore

/// An Echo service that means only its unary `get`, as the tests' probes do (one waits to be
/// cancelled, one holds its call, one records who called): the streaming methods answer at once.
public protocol UnaryEchoService: EchoService.ServiceProtocol {}

extension UnaryEchoService {
    public func expand(
        _ request: EchoRequest, responses: RPCWriter<EchoResponse>, context: ServerContext
    ) async throws {}

    public func collect(_ requests: RPCInbound<EchoRequest>, context: ServerContext) async throws -> EchoResponse {
        EchoResponse()
    }

    public func chat(
        _ requests: RPCInbound<EchoRequest>, responses: RPCWriter<EchoResponse>, context: ServerContext
    ) async throws {}
}
