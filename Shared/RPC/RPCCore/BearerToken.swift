/// Sends `authorization: Bearer <token>` with every call: how dicctl, the aggregator and the
/// console present who they are. The token is fixed, or asked of a ``BearerSource`` per call (a
/// short-lived identity token that renews itself).
public struct BearerToken: ClientInterceptor {
    let source: any BearerSource

    public init(token: String) { self.source = FixedBearer(token: token) }

    public init(source: any BearerSource) { self.source = source }

    public func intercept<Result: Sendable>(
        head: ClientCallHead, next: @Sendable (ClientCallHead) async throws -> Result
    ) async throws -> Result {
        var head = head
        head.metadata.add("authorization", "Bearer \(try await source.bearer())")
        return try await next(head)
    }
}

/// Where a call's bearer token comes from.
public protocol BearerSource: Sendable {
    /// The token to send now; an error fails the call before anything is sent.
    func bearer() async throws -> String
}

/// A token that does not change: a personal or service token.
public struct FixedBearer: BearerSource {
    public let token: String

    public init(token: String) { self.token = token }

    public func bearer() async throws -> String { token }
}
