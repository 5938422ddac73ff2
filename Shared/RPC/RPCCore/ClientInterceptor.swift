/// Runs around every call a client makes: adding credentials, logging, metrics.
///
/// `next` performs the call with the (possibly changed) head and returns once it is over; it
/// throws the call's error.
public protocol ClientInterceptor: Sendable {
    func intercept<Result: Sendable>(
        head: ClientCallHead, next: @Sendable (ClientCallHead) async throws -> Result
    ) async throws -> Result
}
