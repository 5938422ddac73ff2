import EchoContract
import RPCCore
import RPCInProcess

/// Serves `services` in process for the duration of `body`, then shuts down and waits.
func withInProcessServer<Result: Sendable>(
    _ services: [any RPCService] = [EchoHandler()],
    serverInterceptors: [any ServerInterceptor] = [],
    clientInterceptors: [any ClientInterceptor] = [],
    _ body: @Sendable (RPCClient) async throws -> Result
) async throws -> Result {
    var router = RPCRouter(interceptors: serverInterceptors)
    for service in services { router.add(service) }
    return try await InProcessTransport.withServer(router, clientInterceptors: clientInterceptors) { client in
        try await body(client)
    }
}
