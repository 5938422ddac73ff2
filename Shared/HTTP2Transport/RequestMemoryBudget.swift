import Synchronization

/// Request bytes the server holds for calls, across all its connections: buffered partial messages,
/// whole messages waiting for their handler, and requests a running handler still holds. A charge
/// that would pass the limit is refused, and the call that asked for it fails with
/// RESOURCE_EXHAUSTED, so many clients together cannot make the server hold more than the limit.
final class RequestMemoryBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    var inUse: Int { used.load(ordering: .relaxed) }

    /// Takes `count` bytes if they fit.
    func charge(_ count: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard count <= limit - current else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + count, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func release(_ count: Int) {
        guard count > 0 else { return }
        used.subtract(count, ordering: .relaxed)
    }
}

/// One connection's share: its own limit, and the server's budget behind it. Event loop only.
struct ConnectionMemoryBudget {
    let limit: Int
    let server: RequestMemoryBudget
    private(set) var used = 0

    init(limit: Int, server: RequestMemoryBudget) {
        self.limit = limit
        self.server = server
    }

    enum Refusal: Equatable { case connection, server }

    /// Takes `count` bytes for this connection, or says whose limit refused them.
    mutating func charge(_ count: Int) -> Refusal? {
        guard count <= limit - used else { return .connection }
        guard server.charge(count) else { return .server }
        used += count
        return nil
    }

    mutating func release(_ count: Int) {
        let count = min(count, used)
        used -= count
        server.release(count)
    }
}
