import ProtoWire

/// Opens calls to a server. Implementations: the HTTP/2 channel, and the in-process transport.
public protocol ClientTransport: Sendable {
    /// Starts a call. Failing to reach the server is UNAVAILABLE.
    func openCall(_ head: ClientCallHead) async throws(RPCError) -> any ClientCall
}

/// The request side of a call before any message.
public struct ClientCallHead: Sendable {
    public var method: ProtoMethodDescriptor
    public var metadata: Metadata
    /// When the call must be over; the transport sends it as `grpc-timeout` and enforces it.
    public var deadline: ContinuousClock.Instant?
    public var compression: CallOptions.Compression

    public init(
        method: ProtoMethodDescriptor, metadata: Metadata, deadline: ContinuousClock.Instant?,
        compression: CallOptions.Compression = .identity
    ) {
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
        self.compression = compression
    }
}

/// What a client receives, in order: headers (unless Trailers-Only), messages, then the end.
public enum ClientCallEvent: Sendable {
    case headers(Metadata)
    case message([UInt8])
    case end(RPCStatus, trailers: Metadata)
}

/// One call in progress, as the client core drives it.
public protocol ClientCall: Sendable {
    /// Sends a request message; suspends while the server cannot take more. Once the call has ended
    /// the message is dropped: the caller learns the outcome from the status.
    func send(_ message: [UInt8]) async throws(RPCError)
    /// Half-closes: no more request messages.
    func closeSending()
    /// The next event. After `.end` it is not called again. Cancelling the waiting task cancels the
    /// call, which then ends with CANCELLED.
    func next() async -> ClientCallEvent
    /// Abandons the call (RST_STREAM CANCEL on HTTP/2).
    func cancel()
}
