import Synchronization

/// A single-consumer async queue between a transport and the code that reads a call's messages or
/// events. `onConsume` runs as each element is taken, so a transport can return flow-control credit
/// only when the application has actually taken the bytes: that is what makes a slow reader slow
/// down its writer instead of filling memory.
public final class RPCQueue<Element: Sendable>: Sendable {
    private struct State {
        /// Elements from `head` on wait; those before it were taken and are let go at once, so a
        /// consumer that is always behind (the queue never empty) does not keep every element it
        /// ever took: the memory budgets release a message when it is taken.
        var buffer: [Element?] = []
        var head = 0
        /// nil while open; `.success` once finished, `.failure` once failed.
        var end: Result<Void, RPCError>?
        var waiter: CheckedContinuation<Element?, any Error>?

        /// What the consumer gets now: an element, the end, or nil to wait.
        mutating func take() -> Result<Element?, RPCError>? {
            if head < buffer.count, let element = buffer[head] {
                buffer[head] = nil
                head += 1
                if head == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 32, head * 2 >= buffer.count {
                    // The taken slots are half the array: dropped, so it stays within twice what waits.
                    buffer.removeFirst(head)
                    head = 0
                }
                return .success(element)
            }
            switch end {
            case .success: return .success(nil)
            case .failure(let error): return .failure(error)
            case nil: return nil
            }
        }
    }

    private let state = Mutex(State())
    private let onConsume: (@Sendable (Element) -> Void)?

    public init(onConsume: (@Sendable (Element) -> Void)? = nil) {
        self.onConsume = onConsume
    }

    /// Whether a consumer waits in ``next()`` now: for tests that must know it waits, rather than
    /// sleep and hope.
    var hasWaiter: Bool { state.withLock { $0.waiter != nil } }

    /// Adds an element; ignored once the queue has ended.
    public func yield(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard state.end == nil else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.buffer.append(element)
            return nil
        }
        if let waiter {
            onConsume?(element)
            waiter.resume(returning: element)
        }
    }

    /// Ends the queue: the consumer gets what is buffered, then nil.
    public func finish() { end(.success(())) }

    /// Ends the queue with an error: the consumer gets what is buffered, then the error.
    public func fail(_ error: RPCError) { end(.failure(error)) }

    private func end(_ result: Result<Void, RPCError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = result
            defer { state.waiter = nil }
            return state.waiter
        }
        switch result {
        case .success: waiter?.resume(returning: nil)
        case .failure(let error): waiter?.resume(throwing: error)
        }
    }

    /// The next element, nil at the end; throws the failure, or CANCELLED when the task is cancelled.
    public func next() async throws(RPCError) -> Element? {
        if let ready = state.withLock({ $0.take() }) {
            return try delivered(ready)
        }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let ready = state.withLock { state -> Result<Element?, RPCError>? in
                        if let ready = state.take() { return ready }
                        if Task.isCancelled { return .failure(RPCError(.cancelled, "the call was cancelled")) }
                        state.waiter = continuation
                        return nil
                    }
                    // An element handed over by `yield` was already counted there.
                    if let ready { continuation.resume(with: Result { try delivered(ready) }) }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Element?, any Error>? in
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume(throwing: RPCError(.cancelled, "the call was cancelled"))
            }
        } catch {
            throw RPCError(converting: error)
        }
    }

    private func delivered(_ ready: Result<Element?, RPCError>) throws(RPCError) -> Element? {
        let element = try ready.get()
        if let element { onConsume?(element) }
        return element
    }
}
