import CoreMetrics
import ProtoWire
import RPCCore
import Synchronization

/// Call metrics for Prometheus: `rpc_server_calls_total` by service, method and status,
/// `rpc_server_call_duration_seconds` (histogram) by service and method, and
/// `rpc_server_calls_in_flight`. Calls refused on their headers (authentication), which never
/// reach the chain, are counted by status too (``ServerRefusalObserver``), so they can be alerted on.
public struct CallMetricsInterceptor: ServerInterceptor, ServerRefusalObserver {
    let handles: Handles

    public init(factory: any MetricsFactory = MetricsSystem.factory) { handles = Handles(factory: factory) }

    public func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws {
        let metrics = handles.of(context.method)
        metrics.inFlight.increment()
        let start = ContinuousClock.now
        var status = StatusCode.ok
        defer {
            metrics.inFlight.decrement()
            metrics.duration.recordInterval(since: start)
            metrics.calls(status).increment()
        }
        do {
            try await next(context)
        } catch {
            status = RPCError(converting: error).code
            throw error
        }
    }

    public func refused(method: ProtoMethodDescriptor, head: ServerCallHead, principal: String?, error: RPCError) {
        handles.of(method).calls(error.code).increment()
    }
}

extension CallMetricsInterceptor {
    /// A method's metric handles, made on its first call and kept: asking the factory for them on
    /// every call took its lock and looked the metric up by name and labels three times a call.
    /// Only methods the router serves reach an interceptor, so there are as many entries as methods.
    final class Handles: Sendable {
        let factory: any MetricsFactory
        let byMethod = Mutex<[MethodKey: MethodMetrics]>([:])

        init(factory: any MetricsFactory) { self.factory = factory }

        func of(_ method: ProtoMethodDescriptor) -> MethodMetrics {
            // Keyed by the two names as they are: the method's path would be a string built per call.
            let key = MethodKey(service: method.service, name: method.name)
            if let known = byMethod.withLock({ $0[key] }) { return known }
            let made = MethodMetrics(method: method, factory: factory)
            return byMethod.withLock { byMethod in
                if let known = byMethod[key] { return known }
                byMethod[key] = made
                return made
            }
        }
    }

    struct MethodKey: Hashable {
        let service: String
        let name: String
    }

    final class MethodMetrics: Sendable {
        let labels: [(String, String)]
        let factory: any MetricsFactory
        let inFlight: Meter
        let duration: Timer
        let ok: Counter
        /// Counters of the other statuses, made when a call first ends with one.
        let others = Mutex<[StatusCode: Counter]>([:])

        init(method: ProtoMethodDescriptor, factory: any MetricsFactory) {
            labels = [("service", method.service), ("method", method.name)]
            self.factory = factory
            inFlight = Meter(label: "rpc_server_calls_in_flight", dimensions: labels, factory: factory)
            duration = Timer(label: "rpc_server_call_duration_seconds", dimensions: labels, factory: factory)
            ok = Self.counter(labels, .ok, factory)
        }

        func calls(_ status: StatusCode) -> Counter {
            guard status != .ok else { return ok }
            return others.withLock { others in
                if let known = others[status] { return known }
                let made = Self.counter(labels, status, factory)
                others[status] = made
                return made
            }
        }

        static func counter(
            _ labels: [(String, String)], _ status: StatusCode, _ factory: any MetricsFactory
        ) -> Counter {
            Counter(
                label: "rpc_server_calls_total", dimensions: labels + [("status", status.description)], factory: factory
            )
        }
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.saturatingNanoseconds)
    }
}
