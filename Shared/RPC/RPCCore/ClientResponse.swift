import ProtoWire
import Synchronization

/// A successful single response with the metadata around it.
public struct ClientResponse<Message: ProtoMessage>: Sendable {
    public var message: Message
    public var headers: Metadata
    public var trailers: Metadata
}

/// The responses of a streaming call, decoded as they are read. Iteration ends normally on an OK
/// status and throws the ``RPCError`` otherwise; headers and trailers are available as they arrive.
public final class ClientResponseStream<Message: ProtoMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    public typealias Failure = RPCError

    let call: any ClientCall
    private let received = Mutex<(headers: Metadata, trailers: Metadata, ended: Bool)>(([:], [:], false))

    init(call: any ClientCall) { self.call = call }

    public var headers: Metadata { received.withLock { $0.headers } }
    /// Complete once iteration has finished.
    public var trailers: Metadata { received.withLock { $0.trailers } }

    func nextMessage() async throws(RPCError) -> Message? {
        while true {
            if received.withLock({ $0.ended }) { return nil }
            switch await call.next() {
            case .headers(let headers):
                received.withLock { $0.headers = headers }
            case .message(let bytes):
                do {
                    return try Message(serializedBytes: bytes)
                } catch {
                    call.cancel()
                    received.withLock { $0.ended = true }
                    throw RPCError(.internal, "response does not decode: \(error)")
                }
            case .end(let status, let trailers):
                received.withLock {
                    $0.trailers = trailers
                    $0.ended = true
                }
                if status.code != .ok {
                    throw RPCError(status.code, status.message, metadata: trailers)
                }
                return nil
            }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ClientResponseStream

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(RPCError) -> Message? {
            try await stream.nextMessage()
        }

        public mutating func next() async throws(RPCError) -> Message? {
            try await stream.nextMessage()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }
}
