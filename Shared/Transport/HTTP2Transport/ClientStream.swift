import NIOCore
import RPCCore

/// One call on the client connection: its lifecycle, and the queue and message reader it owns
/// (event loop only).
final class ClientStream {
    let id: Int32
    let events: RPCQueue<ClientCallEvent>
    /// Response bytes to messages, with the flow-control credit they give back.
    var reader: InboundMessageReader
    var fields: [(String, String)] = []
    /// gzip when the call compresses its requests.
    var compressRequests = false
    /// Where the call is in its life: whether a header block is the head or the trailers, whether it
    /// has ended.
    var lifecycle = ClientStreamStateMachine()
    var deadlineTimer: Scheduled<Void>?

    init(id: Int32, events: RPCQueue<ClientCallEvent>, maxMessageSize: Int, windowSize: Int) {
        self.id = id
        self.events = events
        self.reader = InboundMessageReader(maxMessageSize: maxMessageSize, windowSize: windowSize)
    }
}
