import NIOCore
import RPCCore

/// One call on the client connection: its lifecycle, and the queue, deframer and flow control it
/// owns (event loop only).
final class ClientStream {
    let id: Int32
    let events: RPCQueue<ClientCallEvent>
    var deframer: GRPCMessageDeframer
    var flowControl: StreamFlowControl
    var fields: [(String, String)] = []
    /// gzip when the call compresses its requests.
    var compressRequests = false
    /// The response's `grpc-encoding`.
    var responseEncoding: String?
    /// Where the call is in its life: whether a header block is the head or the trailers, whether it
    /// has ended.
    var lifecycle = ClientStreamStateMachine()
    var deadlineTimer: Scheduled<Void>?

    init(id: Int32, events: RPCQueue<ClientCallEvent>, maxMessageSize: Int, windowSize: Int) {
        self.id = id
        self.events = events
        self.deframer = GRPCMessageDeframer(maxMessageSize: maxMessageSize)
        self.flowControl = StreamFlowControl(limit: windowSize)
    }
}
