/// One call's life on the client, from its request to its status: the server's, or one this side
/// decides (a deadline, a reset, a response that is not gRPC). A value type the client handler asks
/// before it acts: the caller gets one end and nothing after it.
struct ClientStreamStateMachine: Equatable {
    enum State: Equatable {
        /// The request is out; no response headers yet.
        case awaitingResponse
        /// The response headers arrived; messages may follow, then the trailers.
        case receivingResponse
        /// The call has its status; nothing more reaches the caller.
        case ended
    }

    private(set) var state: State = .awaitingResponse

    var isEnded: Bool { state == .ended }

    enum Block: Equatable {
        /// The response's first block: HTTP status, content type, initial metadata (and the status
        /// too, in a Trailers-Only response).
        case responseHead
        /// A later block: the trailers with the status.
        case trailers
        /// The call already ended: the block means nothing.
        case ignored
    }

    /// A response header block is complete: which one it is.
    mutating func headerBlockComplete() -> Block {
        switch state {
        case .awaitingResponse:
            state = .receivingResponse
            return .responseHead
        case .receivingResponse:
            return .trailers
        case .ended:
            return .ignored
        }
    }

    /// True the first time: the call ends now, with the status the handler has.
    mutating func end() -> Bool {
        guard state != .ended else { return false }
        state = .ended
        return true
    }
}
