import CoreMetrics
import RPCCore

/// Call metrics for Prometheus: `rpc_server_calls_total` by service, method and status,
/// `rpc_server_call_duration_seconds` (histogram) by service and method, and
/// `rpc_server_calls_in_flight`.
public struct CallMetricsInterceptor: ServerInterceptor {
    let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) { self.factory = factory }

    public func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws {
        let labels = [("service", context.method.service), ("method", context.method.name)]
        let inFlight = Meter(label: "rpc_server_calls_in_flight", dimensions: labels, factory: factory)
        inFlight.increment()
        let start = ContinuousClock.now
        var status = StatusCode.ok
        defer {
            inFlight.decrement()
            Timer(label: "rpc_server_call_duration_seconds", dimensions: labels, factory: factory)
                .recordInterval(since: start)
            Counter(
                label: "rpc_server_calls_total", dimensions: labels + [("status", status.description)], factory: factory
            )
            .increment()
        }
        do {
            try await next(context)
        } catch {
            status = RPCError(converting: error).code
            throw error
        }
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.saturatingNanoseconds)
    }
}
