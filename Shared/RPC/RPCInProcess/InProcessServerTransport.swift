import RPCCore
import Synchronization

/// The server half of ``InProcessTransport``.
public final class InProcessServerTransport: ServerTransport {
    struct State {
        var router: RPCRouter?
        var shuttingDown = false
        var inFlight = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let state = Mutex(State())

    init() {}

    /// Whether `serve` has started and calls are admitted.
    public var isServing: Bool { state.withLock { $0.router != nil && !$0.shuttingDown } }

    public func serve(router: RPCRouter) async throws {
        state.withLock { $0.router = router }
        // Serve until shut down and idle; cancelling the serving task stops at once.
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.shuttingDown && state.inFlight == 0 { return true }
                    state.idleWaiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            beginGracefulShutdown()
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state.idleWaiters = [] }
                return state.idleWaiters
            }
            for waiter in waiters { waiter.resume() }
        }
        state.withLock { $0.router = nil }
    }

    public func beginGracefulShutdown() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.shuttingDown = true
            guard state.inFlight == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Admits a new call, or says why not.
    func admit() -> Result<RPCRouter, RPCError> {
        state.withLock { state in
            guard let router = state.router else {
                return .failure(RPCError(.unavailable, "the in-process server is not serving"))
            }
            guard !state.shuttingDown else { return .failure(RPCError(.unavailable, "the server is shutting down")) }
            state.inFlight += 1
            return .success(router)
        }
    }

    func callEnded() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.shuttingDown && state.inFlight == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
