/// Sends `authorization: Bearer <token>` with every call: how dicctl and the aggregator present
/// the token a service issued them.
public struct BearerToken: ClientInterceptor {
    let token: String

    public init(token: String) { self.token = token }

    public func intercept<Result: Sendable>(
        head: ClientCallHead, next: @Sendable (ClientCallHead) async throws -> Result
    ) async throws -> Result {
        var head = head
        head.metadata.add("authorization", "Bearer \(token)")
        return try await next(head)
    }
}
