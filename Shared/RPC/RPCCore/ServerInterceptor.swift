/// Runs around every call a server handles: logging, metrics and authentication are interceptors.
///
/// `next` runs the rest of the chain and the handler; it throws the error the call ends with. An
/// interceptor may reject a call by throwing before calling `next`, replace the context passed on,
/// or observe how the call ended.
public protocol ServerInterceptor: Sendable {
    func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws
}
