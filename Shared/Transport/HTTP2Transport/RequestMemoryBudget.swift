import Synchronization

/// Request bytes the server holds for calls, across all its connections: buffered partial messages,
/// whole messages waiting for their handler, and requests a running handler still holds. A charge
/// that would pass the limit is refused, and the call that asked for it fails with
/// RESOURCE_EXHAUSTED, so many clients together cannot make the server hold more than the limit.
///
/// Part of the limit is set aside as a small reserve for each connection the server may have, so that
/// a few connections filling the shared part cannot refuse everyone else's small calls: a call that
/// fits in its connection's reserve never waits on the others.
final class RequestMemoryBudget: Sendable {
    let limit: Int
    /// What each connection holds before it draws on the shared part.
    let connectionReserve: Int
    /// The limit less every connection's reserve: what connections draw on past their reserve.
    let sharedLimit: Int
    private let used = Atomic<Int>(0)

    /// `limit` in all for at most `maxConnections` connections; at most a quarter of it is reserved,
    /// and no connection's reserve passes `maxReserve`.
    init(limit: Int, maxConnections: Int = .max, maxReserve: Int = 64 << 10) {
        self.limit = limit
        let reserve = min(maxReserve, limit / 4 / max(1, maxConnections))
        self.connectionReserve = reserve
        self.sharedLimit = limit - reserve * max(1, maxConnections)
    }

    var inUse: Int { used.load(ordering: .relaxed) }

    /// Takes `count` bytes of the shared part if they fit.
    func charge(_ count: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard count <= sharedLimit - current else { return false }
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

    /// Takes `count` bytes for this connection, or says whose limit refused them. The connection's
    /// reserve is used first; only what goes past it is drawn from the server's shared part.
    mutating func charge(_ count: Int) -> Refusal? {
        guard count <= limit - used else { return .connection }
        let shared = sharedBytes(holding: used + count) - sharedBytes(holding: used)
        guard shared == 0 || server.charge(shared) else { return .server }
        used += count
        return nil
    }

    mutating func release(_ count: Int) {
        let count = min(count, used)
        let shared = sharedBytes(holding: used) - sharedBytes(holding: used - count)
        used -= count
        server.release(shared)
    }

    private func sharedBytes(holding bytes: Int) -> Int { max(0, bytes - server.connectionReserve) }
}
