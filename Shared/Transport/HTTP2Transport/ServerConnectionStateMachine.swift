import NIOCore

/// A server connection's life apart from its streams: the idle timeout, the maximum age, keepalive,
/// ping abuse and graceful shutdown. A value type: the handler tells it what happened and when (the
/// event loop's `now`, so tests drive it by advancing an embedded loop's clock) and performs the
/// actions it returns. One timer serves it all: the handler re-arms it for ``nextDeadline`` after
/// every event.
///
/// Graceful shutdown follows HTTP/2 (RFC 9113 §6.8): a GOAWAY with the last stream 2^31-1 and a
/// PING; the PING's acknowledgement proves the peer has seen the notice and everything it sent
/// before it, so the final GOAWAY then names the true last stream and no request in flight is lost.
/// A peer that never acknowledges gets the final GOAWAY after `shutdownPingTimeout` anyway.
struct ServerConnectionStateMachine {
    struct Configuration {
        var idleTimeout: TimeAmount?
        var maxAge: TimeAmount?
        var maxAgeGrace: TimeAmount = .seconds(30)
        var keepaliveInterval: TimeAmount?
        var keepaliveTimeout: TimeAmount = .seconds(20)
        var minPingInterval: TimeAmount = .seconds(10)
        var maxPingStrikes = 2
        var shutdownPingTimeout: TimeAmount = .seconds(1)
    }

    enum Action: Equatable {
        /// GOAWAY with the last stream 2^31-1, then a PING carrying `ping`.
        case sendShutdownNotice(ping: UInt64)
        /// The final GOAWAY, naming the last stream processed.
        case sendGoAway
        case sendKeepalivePing
        /// The grace period is over: the calls still running fail.
        case failOpenStreams
        /// Close once everything written so far has been flushed.
        case close
        /// GOAWAY ENHANCE_YOUR_CALM with `reason`, then close.
        case closeCalmly(reason: String)
    }

    enum State: Equatable {
        case active
        /// The notice is out; its PING's acknowledgement is awaited until `noticeDeadline`.
        case notified(grace: TimeAmount, noticeDeadline: NIODeadline)
        /// The final GOAWAY is out; calls in flight may finish until `deadline`.
        case draining(deadline: NIODeadline)
        case closed
    }

    /// The shutdown notice's PING payload ("DIC-SHUT"), told apart from keepalive PINGs by it.
    static let shutdownPing: UInt64 = 0x4449_432D_5348_5554

    let configuration: Configuration
    private(set) var state: State = .active
    private(set) var openStreams = 0
    private let openedAt: NIODeadline
    /// Since when the connection has had no stream; nil while one is open.
    private var idleSince: NIODeadline?
    private var keepalive: KeepaliveStateMachine?
    private var lastPingReceived: NIODeadline?
    private var pingStrikes = 0

    init(configuration: Configuration, now: NIODeadline) {
        self.configuration = configuration
        self.openedAt = now
        self.idleSince = now
        self.keepalive = configuration.keepaliveInterval.map {
            KeepaliveStateMachine(interval: $0, timeout: configuration.keepaliveTimeout, now: now)
        }
    }

    // MARK: Events

    mutating func streamOpened() {
        openStreams += 1
        idleSince = nil
        pingStrikes = 0
    }

    /// `now` is read only when the last stream closes (a call's end is the RPC path).
    mutating func streamClosed(now: @autoclosure () -> NIODeadline) -> [Action] {
        openStreams = max(0, openStreams - 1)
        guard openStreams == 0 else { return [] }
        idleSince = now()
        if case .draining = state {
            state = .closed
            return [.close]
        }
        return []
    }

    /// Any frame from the peer proves it is alive.
    mutating func heardFromPeer(now: NIODeadline) {
        keepalive?.heardFromPeer(now: now)
    }

    /// A PING that is not an acknowledgement. Without streams, a client may ping once per
    /// `minPingInterval`; past `maxPingStrikes` faster ones the connection is closed (gRFC A8).
    mutating func pingReceived(now: NIODeadline) -> [Action] {
        defer { lastPingReceived = now }
        guard state != .closed, openStreams == 0, let last = lastPingReceived,
            now - last < configuration.minPingInterval
        else { return [] }
        pingStrikes += 1
        guard pingStrikes > configuration.maxPingStrikes else { return [] }
        return closeCalmly(reason: "too_many_pings")
    }

    mutating func pingAcknowledged(_ payload: UInt64, now: NIODeadline) -> [Action] {
        guard payload == Self.shutdownPing, case .notified(let grace, _) = state else { return [] }
        return finalGoAway(grace: grace, now: now)
    }

    /// Starts a graceful shutdown; calls in flight have `grace` after the final GOAWAY to finish.
    mutating func beginGracefulShutdown(grace: TimeAmount, now: NIODeadline) -> [Action] {
        guard state == .active else { return [] }
        state = .notified(grace: grace, noticeDeadline: now + configuration.shutdownPingTimeout)
        return [.sendShutdownNotice(ping: Self.shutdownPing)]
    }

    /// Ends a connection that abuses the server, whatever it was doing.
    mutating func closeCalmly(reason: String) -> [Action] {
        guard state != .closed else { return [] }
        state = .closed
        return [.closeCalmly(reason: reason)]
    }

    /// The connection's timer went off: whatever is due at `now`.
    mutating func timerFired(now: NIODeadline) -> [Action] {
        var actions: [Action] = []
        switch state {
        case .closed:
            return []
        case .notified(let grace, let noticeDeadline):
            if now >= noticeDeadline { actions += finalGoAway(grace: grace, now: now) }
        case .draining(let deadline):
            if now >= deadline {
                state = .closed
                return [.failOpenStreams, .close]
            }
        case .active:
            if let timeout = configuration.idleTimeout, let since = idleSince, now >= since + timeout {
                actions += beginGracefulShutdown(grace: .zero, now: now)
            } else if let age = configuration.maxAge, now >= openedAt + age {
                actions += beginGracefulShutdown(grace: configuration.maxAgeGrace, now: now)
            }
        }
        guard state != .closed else { return actions }
        switch keepalive?.timerFired(now: now) {
        case .sendPing:
            actions.append(.sendKeepalivePing)
        case .close:
            state = .closed
            actions.append(.close)
        case nil:
            break
        }
        return actions
    }

    // MARK: Time

    /// When ``timerFired(now:)`` next has something to do; nil when nothing is pending.
    var nextDeadline: NIODeadline? {
        // Asked after every event on the connection: no allocation.
        var next: NIODeadline?
        func consider(_ deadline: NIODeadline) { next = min(next ?? deadline, deadline) }
        switch state {
        case .closed:
            return nil
        case .notified(_, let noticeDeadline):
            consider(noticeDeadline)
        case .draining(let deadline):
            consider(deadline)
        case .active:
            if let timeout = configuration.idleTimeout, let since = idleSince { consider(since + timeout) }
            if let age = configuration.maxAge { consider(openedAt + age) }
        }
        if let keepalive { consider(keepalive.nextDeadline) }
        return next
    }

    private mutating func finalGoAway(grace: TimeAmount, now: NIODeadline) -> [Action] {
        guard openStreams > 0 else {
            state = .closed
            return [.sendGoAway, .close]
        }
        state = .draining(deadline: now + grace)
        return [.sendGoAway]
    }
}
