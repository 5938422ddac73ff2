import NIOCore

/// Keepalive per gRFC A8, for either end: after `interval` without hearing from the peer, send a
/// PING; if nothing at all arrives within `timeout` of it, the peer is gone (a cable pulled, a NAT
/// entry dropped) and the connection is to be closed rather than hold calls forever. A value type
/// fed the event loop's time; the handler arms one timer for ``nextDeadline``.
struct KeepaliveStateMachine: Equatable {
    let interval: TimeAmount
    let timeout: TimeAmount
    private var lastHeard: NIODeadline
    private var pingSentAt: NIODeadline?

    enum Action: Equatable {
        case sendPing
        case close
    }

    init(interval: TimeAmount, timeout: TimeAmount, now: NIODeadline) {
        self.interval = interval
        self.timeout = timeout
        self.lastHeard = now
    }

    /// Any frame from the peer proves it is alive.
    mutating func heardFromPeer(now: NIODeadline) {
        lastHeard = now
    }

    mutating func timerFired(now: NIODeadline) -> Action? {
        if let sent = pingSentAt {
            guard lastHeard < sent else {
                pingSentAt = nil
                return timerFired(now: now)
            }
            return now >= sent + timeout ? .close : nil
        }
        guard now >= lastHeard + interval else { return nil }
        pingSentAt = now
        return .sendPing
    }

    var nextDeadline: NIODeadline {
        if let sent = pingSentAt, lastHeard < sent { return sent + timeout }
        return lastHeard + interval
    }
}
