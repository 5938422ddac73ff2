import EchoContract
import RPCCore

/// Holds each `get` until the test releases it, so that a test knows a call is in flight by an
/// event rather than by waiting a while.
final class HeldCallProbe: UnaryEchoService {
    private let started = RPCQueue<Void>()
    private let released = RPCQueue<Void>()

    func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
        started.yield(())
        _ = try await released.next()
        return EchoResponse(text: request.text)
    }

    func waitForStart() async throws { _ = try await started.next() }
    func release() { released.yield(()) }
}
