import ProtoWire

/// Writes the messages of a stream: a server's responses, or a client's requests.
public struct RPCWriter<Message: ProtoMessage>: Sendable {
    private let sink: @Sendable ([UInt8]) async throws(RPCError) -> Void

    public init(sink: @escaping @Sendable ([UInt8]) async throws(RPCError) -> Void) {
        self.sink = sink
    }

    /// Sends one message; suspends while the peer cannot take more.
    public func write(_ message: Message) async throws(RPCError) {
        try await sink(message.serializedBytes())
    }

    public func write(contentsOf messages: some Sequence<Message>) async throws(RPCError) {
        for message in messages { try await write(message) }
    }
}

/// The messages of an incoming stream, decoded as they are read.
public struct RPCInbound<Message: ProtoMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    public typealias Failure = RPCError

    let queue: RPCQueue<[UInt8]>
    /// Server side: a request that does not decode is INVALID_ARGUMENT. Client side: a response
    /// that does not decode is the server's fault, INTERNAL.
    let decodeFailure: StatusCode
    let options: ProtoDecodingOptions

    public init(queue: RPCQueue<[UInt8]>, decodeFailure: StatusCode, options: ProtoDecodingOptions = .default) {
        self.queue = queue
        self.decodeFailure = decodeFailure
        self.options = options
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let queue: RPCQueue<[UInt8]>
        let decodeFailure: StatusCode
        let options: ProtoDecodingOptions

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(RPCError) -> Message? {
            guard let bytes = try await queue.next() else { return nil }
            do {
                return try Message(serializedBytes: bytes, options: options)
            } catch {
                throw RPCError(decodeFailure, error.message(decoding: "message"))
            }
        }

        public mutating func next() async throws(RPCError) -> Message? {
            try await next(isolation: nil)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(queue: queue, decodeFailure: decodeFailure, options: options)
    }
}
