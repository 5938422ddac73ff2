import EchoContract
import RPCCore
import RPCInProcess

/// Serves `services` in process for the duration of `body`, then shuts down and waits.
func withInProcessServer<Result: Sendable>(
    _ services: [any RPCService] = [EchoHandler()],
    serverInterceptors: [any ServerInterceptor] = [],
    clientInterceptors: [any ClientInterceptor] = [],
    _ body: @Sendable (RPCClient, InProcessTransport) async throws -> Result
) async throws -> Result {
    let transport = InProcessTransport()
    var router = RPCRouter(interceptors: serverInterceptors)
    for service in services { router.add(service) }
    let client = RPCClient(transport: transport.client, interceptors: clientInterceptors)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { [router] in try await transport.server.serve(router: router) }
        // Wait until the server has its router, so the first call is not refused.
        while !transport.server.isServing { await Task.yield() }
        do {
            let result = try await body(client, transport)
            transport.server.beginGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
