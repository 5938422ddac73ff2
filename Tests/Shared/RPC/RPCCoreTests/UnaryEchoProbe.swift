import EchoContract
import RPCCore

/// An Echo service for a test about its unary `get` only: the streaming methods answer at once.
protocol UnaryEchoProbe: EchoService.ServiceProtocol {}

extension UnaryEchoProbe {
    func expand(_ request: EchoRequest, responses: RPCWriter<EchoResponse>, context: ServerContext) async throws {}
    func collect(_ requests: RPCInbound<EchoRequest>, context: ServerContext) async throws -> EchoResponse {
        EchoResponse()
    }
    func chat(
        _ requests: RPCInbound<EchoRequest>, responses: RPCWriter<EchoResponse>, context: ServerContext
    ) async throws {}
}
