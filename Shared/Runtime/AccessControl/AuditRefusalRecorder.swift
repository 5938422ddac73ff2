import Logging
import ProtoWire
import RPCCore
import ServiceStorage
import Synchronization

/// Puts refused attempts at changes on the audit trail: calls to `editor` and `admin` methods that
/// authentication refused on their headers (UNAUTHENTICATED, PERMISSION_DENIED), which never reach
/// ``AuditInterceptor``. The transport reports them on its event loop, so they are only counted
/// there; a task writes them a moment later, grouped: the same principal, method and refusal within
/// one interval is one record saying how many times. At most `maxGroups` records per interval, the
/// rest summed up in one more, so a flood of refused calls cannot grow the trail without bound.
public final class AuditRefusalRecorder: ServerInterceptor, ServerRefusalObserver, Sendable {
    struct Key: Hashable {
        var principal: String
        var method: String
        var outcome: String
    }

    struct State {
        var counts: [Key: Int] = [:]
        var order: [Key] = []
        var overflow = 0
        var flushScheduled = false
    }

    let database: Database
    let policy: AccessPolicy
    let logger: Logger
    let interval: Duration
    let maxGroups: Int
    /// Who sent the refused call, when its credentials name someone (a PERMISSION_DENIED caller).
    let identify: @Sendable (ServerCallHead) -> String?
    private let state = Mutex(State())

    public init(
        database: Database, policy: AccessPolicy, logger: Logger, authentication: AuthInterceptor?,
        interval: Duration = .seconds(1), maxGroups: Int = 100
    ) {
        self.database = database
        self.policy = policy
        self.logger = logger
        self.interval = interval
        self.maxGroups = maxGroups
        self.identify = { head in
            guard let authentication else { return nil }
            return try? authentication.authenticate(metadata: head.metadata, peer: head.peerIdentity)
        }
    }

    /// Its work is done on refused headers (``refused(method:head:principal:error:)``).
    public var wrapsAdmittedCalls: Bool { false }

    /// Calls that were admitted pass straight through.
    public func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws {
        try await next(context)
    }

    public func refused(method: ProtoMethodDescriptor, head: ServerCallHead, principal: String?, error: RPCError) {
        guard let access = policy.access(of: method), access == .editor || access == .admin,
            error.code == .unauthenticated || error.code == .permissionDenied
        else { return }
        // Only a PERMISSION_DENIED caller has credentials that name someone; looking up the token of
        // an UNAUTHENTICATED one again would only repeat work for a flood of bad tokens.
        let caller = principal ?? (error.code == .permissionDenied ? identify(head) : nil)
        let key = Key(
            principal: caller ?? "anonymous", method: method.path,
            outcome: "\(error.code): \(error.message)")
        let schedule = state.withLock { state -> Bool in
            if let count = state.counts[key] {
                state.counts[key] = count + 1
            } else if state.order.count < maxGroups {
                state.counts[key] = 1
                state.order.append(key)
            } else {
                state.overflow += 1
            }
            guard !state.flushScheduled else { return false }
            state.flushScheduled = true
            return true
        }
        if schedule {
            let interval = interval
            Task {
                try? await Task.sleep(for: interval)
                await self.flush()
            }
        }
    }

    /// Writes what was counted so far (the scheduled task calls it; tests call it directly).
    public func flush() async {
        let (groups, overflow) = state.withLock { state in
            defer { state = State() }
            return (state.order.map { ($0, state.counts[$0] ?? 0) }, state.overflow)
        }
        var records = groups.map { key, count in
            (
                call: AuditCall(principal: key.principal, method: key.method, requestID: ""), entity: "",
                outcome: count > 1 ? "\(key.outcome) (\(count) times)" : key.outcome
            )
        }
        if overflow > 0 {
            records.append(
                (
                    call: AuditCall(principal: "various", method: "various", requestID: ""), entity: "",
                    outcome: "refused: \(overflow) more refused calls in the same interval, not recorded one by one"
                ))
        }
        do {
            try await database.auditFailures(records)
        } catch {
            logger.error(
                "could not audit refused calls", metadata: ["error": "\(error)", "records": "\(records.count)"])
        }
    }
}
