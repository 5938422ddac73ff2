import Synchronization

/// A write waiting for the commit that makes it durable: group commit (``Database/write(_:)``)
/// hands the writing connection to the next writer inside one transaction, and whoever commits
/// tells every writer of the batch how the commit went. Resolved once; waiting after the answer
/// returns at once.
final class CommitTicket: Sendable {
    private enum State {
        case pending(CheckedContinuation<Void, any Error>?)
        case resolved((any Error)?)
    }

    private let state = Mutex(State.pending(nil))

    /// The commit's outcome: returns once committed, throws what the commit (or its rollback) threw.
    func wait() async throws {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> (any Error)?? in
                switch state {
                case .pending:
                    state = .pending(continuation)
                    return nil
                case .resolved(let error):
                    return .some(error)
                }
            }
            guard let outcome else { return }
            if let outcome { continuation.resume(throwing: outcome) } else { continuation.resume() }
        }
    }

    func resolve(_ error: (any Error)?) {
        let waiting = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard case .pending(let continuation) = state else { return nil }
            state = .resolved(error)
            return continuation
        }
        guard let waiting else { return }
        if let error { waiting.resume(throwing: error) } else { waiting.resume() }
    }
}
