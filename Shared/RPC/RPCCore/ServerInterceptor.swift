/// Runs around every call a server handles: logging, metrics and authentication are interceptors.
///
/// `next` runs the rest of the chain and the handler; it throws the error the call ends with. An
/// interceptor may reject a call by throwing before calling `next`, replace the context passed on,
/// or observe how the call ended.
public protocol ServerInterceptor: Sendable {
    /// False for an interceptor whose work is done on a call's headers (a ``ServerCallAdmission``
    /// or ``ServerRefusalObserver``) and that passes every admitted call on unchanged: the router
    /// admits each call before its chain runs, so it leaves such an interceptor out of the chain,
    /// where it cost a closure and two executor hops a call for nothing.
    var wrapsAdmittedCalls: Bool { get }

    func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws
}

extension ServerInterceptor {
    public var wrapsAdmittedCalls: Bool { true }
}
