import CryptoPrimitives
import RPCCore
import Synchronization

/// The console's sessions, in memory: created at sign-in, found by the cookie, ended at sign-out
/// or when idle or old. Bounded: when full, the session seen longest ago makes room, so a flood
/// of sign-ins cannot grow the console's memory.
public final class SessionStore: Sendable {
    public struct Limits: Sendable {
        public var idle: Duration = .seconds(30 * 60)
        public var absolute: Duration = .seconds(12 * 3600)
        public var maximumSessions = 10_000

        public init() {}
    }

    let key: SessionKey
    let limits: Limits
    let sessions = Mutex<[String: Session]>([:])

    public init(key: SessionKey, limits: Limits = Limits()) {
        self.key = key
        self.limits = limits
    }

    /// Starts a session; answers the cookie value that finds it.
    public func create(
        credential: any BearerSource, principal: String, roles: [String: Set<String>],
        now: ContinuousClock.Instant = .now
    ) -> (cookie: String, session: Session) {
        let id = Base64URL.encode(SecureRandom.bytes(32))
        let session = Session(
            id: id, credential: credential, principal: principal, roles: roles, createdAt: now, lastSeen: now)
        sessions.withLock { sessions in
            sessions = sessions.filter { !expired($0.value, now: now) }
            if sessions.count >= limits.maximumSessions,
                let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key
            {
                sessions[oldest] = nil
            }
            sessions[id] = session
        }
        return (cookie(for: id), session)
    }

    /// The session a cookie value names, if its MAC holds and it has not expired; seeing it
    /// restarts its idle time.
    public func session(cookie: String, now: ContinuousClock.Instant = .now) -> Session? {
        guard let id = verifiedID(cookie) else { return nil }
        return sessions.withLock { sessions in
            guard var session = sessions[id] else { return nil }
            guard !expired(session, now: now) else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = now
            sessions[id] = session
            return session
        }
    }

    public func end(cookie: String) {
        guard let id = verifiedID(cookie) else { return }
        sessions.withLock { $0[id] = nil }
    }

    public var count: Int { sessions.withLock { $0.count } }

    /// The form token of a session: only a page the console rendered for it can carry it.
    public func csrfToken(for session: Session) -> String {
        Base64URL.encode(key.mac("csrf|" + session.id))
    }

    /// What the request ids of a session's changes start with: the session's own, so that two
    /// officers' forms never share one, and not its form token, which the services would keep in
    /// their request ids and audit records for anyone who reads those.
    public func requestScope(for session: Session) -> String {
        String(Base64URL.encode(key.mac("request|" + session.id)).prefix(22))
    }

    public func checkCSRF(_ token: String, for session: Session) -> Bool {
        ConstantTime.equal(Array(token.utf8), Array(csrfToken(for: session).utf8))
    }

    func expired(_ session: Session, now: ContinuousClock.Instant) -> Bool {
        now - session.lastSeen > limits.idle || now - session.createdAt > limits.absolute
    }

    func cookie(for id: String) -> String {
        id + "." + Base64URL.encode(key.mac("session|" + id))
    }

    /// The id in a cookie value the console signed; anything else (forged, truncated, oversized)
    /// is nil without a lookup.
    func verifiedID(_ cookie: String) -> String? {
        guard cookie.utf8.count <= 200 else { return nil }
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let id = String(parts[0])
        let expected = Base64URL.encode(key.mac("session|" + id))
        return ConstantTime.equal(Array(parts[1].utf8), Array(expected.utf8)) ? id : nil
    }
}
