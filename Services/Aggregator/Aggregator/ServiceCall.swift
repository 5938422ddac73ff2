import RPCCore

/// One call to another service, as the aggregator makes it: within a deadline, retried with
/// backoff while the service answers UNAVAILABLE (restarting, or briefly overloaded), each
/// attempt given only the time that remains.
public struct ServiceCall: Sendable {
    /// The service's name as the report says it, such as "dic-telecom".
    public let service: String
    public let deadline: Duration
    public let attempts: Int
    public let backoff: Duration

    public init(
        service: String, deadline: Duration = .seconds(10), attempts: Int = 3, backoff: Duration = .milliseconds(200)
    ) {
        self.service = service
        self.deadline = deadline
        self.attempts = attempts
        self.backoff = backoff
    }

    /// Why a service could not give what the report needed.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var service: String
        public var reason: String
        public var description: String { "\(service): \(reason)" }
    }

    public func run<T: Sendable>(_ call: (CallOptions) async throws -> T) async -> Result<T, Failure> {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var wait = backoff
        var attempt = 1
        while true {
            let remaining = end - clock.now
            guard remaining > .zero else {
                return .failure(Failure(service: service, reason: "no answer within \(deadline)"))
            }
            do {
                return .success(try await call(CallOptions(timeout: remaining)))
            } catch let error as RPCError where error.code == .unavailable && attempt < attempts {
                attempt += 1
                try? await Task.sleep(for: min(wait, max(.zero, end - clock.now)))
                wait = wait * 3
            } catch let error as RPCError {
                return .failure(Failure(service: service, reason: "\(error.code): \(error.message)"))
            } catch {
                return .failure(Failure(service: service, reason: "\(error)"))
            }
        }
    }
}
