import RPCCore
import Synchronization

/// The standard gRPC health service (gRFC A17): `Check`, `List` and `Watch`, with the overall
/// server under the empty name `""`. Kubernetes gRPC probes and grpc_health_probe use it; a
/// graceful shutdown sets everything to NOT_SERVING first so traffic moves elsewhere.
public final class HealthProvider: HealthService.ServiceProtocol, Sendable {
    public typealias Status = HealthCheckResponse.ServingStatus

    private struct State {
        var statuses: [String: Status] = [:]
        var watchers: [String: [ObjectIdentifier: RPCQueue<Status>]] = [:]
        /// Set by ``markAllNotServing()``: a server shutting down never reports SERVING again.
        var draining = false
    }

    private let state: Mutex<State>

    /// A provider whose overall status is `overall`.
    public init(overall: Status = .serving) {
        state = Mutex(State(statuses: ["": overall]))
    }

    /// Sets the status of `service` (or of the whole server, for `""`), telling every watcher.
    public func setStatus(_ status: Status, for service: String = "") {
        let watchers = state.withLock { state -> [RPCQueue<Status>] in
            guard state.statuses[service] != status, !(state.draining && status == .serving) else { return [] }
            state.statuses[service] = status
            return Array(state.watchers[service, default: [:]].values)
        }
        for watcher in watchers { watcher.yield(status) }
    }

    /// Every service NOT_SERVING: the first step of a graceful shutdown.
    public func markAllNotServing() {
        let names = state.withLock { state in
            state.draining = true
            return Array(state.statuses.keys)
        }
        for name in names { setStatus(.notServing, for: name) }
    }

    public func status(of service: String) -> Status? {
        state.withLock { $0.statuses[service] }
    }

    public func check(_ request: HealthCheckRequest, context: ServerContext) async throws -> HealthCheckResponse {
        guard let status = status(of: request.service) else {
            throw RPCError(.notFound, "unknown service '\(request.service)'")
        }
        return HealthCheckResponse(status: status)
    }

    public func list(_ request: HealthListRequest, context: ServerContext) async throws -> HealthListResponse {
        let statuses = state.withLock { $0.statuses }
        return HealthListResponse(statuses: statuses.mapValues { HealthCheckResponse(status: $0) })
    }

    /// Sends the current status, then each change, until the client goes away.
    public func watch(
        _ request: HealthCheckRequest, responses: RPCWriter<HealthCheckResponse>, context: ServerContext
    ) async throws {
        let queue = RPCQueue<Status>()
        let key = ObjectIdentifier(queue)
        let current = state.withLock { state -> Status in
            state.watchers[request.service, default: [:]][key] = queue
            return state.statuses[request.service] ?? .serviceUnknown
        }
        defer { _ = state.withLock { $0.watchers[request.service]?.removeValue(forKey: key) } }
        var last = current
        try await responses.write(HealthCheckResponse(status: current))
        while let status = try await queue.next() {
            guard status != last else { continue }
            last = status
            try await responses.write(HealthCheckResponse(status: status))
        }
    }
}
