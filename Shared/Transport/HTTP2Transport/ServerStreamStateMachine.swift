/// One call's life on the server, from its request headers to its status: which frames may still
/// go out and what becomes of request bytes. A value type the connection handler asks before it
/// acts; each answer is the only transition allowed from the state the call is in, so a status
/// cannot be sent twice, response headers cannot follow the status, and a call refused at its
/// headers never receives a byte.
struct ServerStreamStateMachine: Equatable {
    enum State: Equatable {
        /// The request's headers are arriving; the call is not admitted yet.
        case receivingHeaders
        /// Admitted and running. `requestEnded`: the client has half-closed; `headersSent`: the
        /// response headers are out, so the status goes as trailers.
        case open(requestEnded: Bool, headersSent: Bool)
        /// The status is out (or the call was refused, reset, or torn down): nothing more is sent,
        /// and request bytes are consumed and dropped.
        case finished
    }

    private(set) var state: State = .receivingHeaders

    /// The call runs: its handler may send, its deadline counts.
    var isOpen: Bool {
        if case .open = state { true } else { false }
    }

    /// Request bytes go to the call (rather than being dropped).
    var takesRequestBytes: Bool {
        if case .open(requestEnded: false, _) = state { true } else { false }
    }

    var headersSent: Bool {
        if case .open(_, headersSent: true) = state { true } else { false }
    }

    /// A header block is complete: true when it is the request's, and the call is to be started
    /// (admitted or refused); false for trailers or a block on a call already over.
    func shouldStartCall() -> Bool {
        state == .receivingHeaders
    }

    /// The call passed its checks and runs.
    mutating func admitted() {
        guard state == .receivingHeaders else { return }
        state = .open(requestEnded: false, headersSent: false)
    }

    /// The client half-closed: true when the call is to be given the end of its request.
    mutating func requestEnded() -> Bool {
        guard case .open(requestEnded: false, let headersSent) = state else { return false }
        state = .open(requestEnded: true, headersSent: headersSent)
        return true
    }

    /// True when response headers may go out now (and from now on the status goes as trailers).
    mutating func sendHeaders() -> Bool {
        guard case .open(let requestEnded, headersSent: false) = state else { return false }
        state = .open(requestEnded: requestEnded, headersSent: true)
        return true
    }

    enum Finish: Equatable {
        /// Response headers went out: the status follows as trailers.
        case trailers
        /// Nothing went out yet: the status goes alone (gRPC's Trailers-Only, or an HTTP error).
        case trailersOnly
        /// Already finished: send nothing.
        case none
    }

    mutating func finish() -> Finish {
        defer { state = .finished }
        switch state {
        case .receivingHeaders, .open(_, headersSent: false): return .trailersOnly
        case .open(_, headersSent: true): return .trailers
        case .finished: return .none
        }
    }

    /// The stream is gone before its status went out (the client reset it, the connection closed,
    /// its header list was too large): true when a running call is to be told.
    mutating func reset() -> Bool {
        defer { state = .finished }
        return isOpen
    }
}
