import RPCCore

extension InProcessTransport {
    /// Serves `router` for the duration of `body`, which gets a client connected to it; then shuts
    /// the server down gracefully and waits for it. The test harness for services and interceptors.
    public static func withServer<Result: Sendable>(
        _ router: RPCRouter, clientInterceptors: [any ClientInterceptor] = [],
        _ body: @Sendable (RPCClient) async throws -> Result
    ) async throws -> Result {
        let transport = InProcessTransport()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await transport.server.serve(router: router) }
            while !transport.server.isServing { await Task.yield() }
            do {
                let result = try await body(RPCClient(transport: transport.client, interceptors: clientInterceptors))
                transport.server.beginGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
