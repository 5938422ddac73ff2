import NIOCore
import RPCCore

/// One call's state on the client connection (event loop only).
final class ClientStream {
    let id: Int32
    let events: RPCQueue<ClientCallEvent>
    var deframer: GRPCMessageDeframer
    var flowControl: StreamFlowControl
    var fields: [(String, String)] = []
    var headersReceived = false
    /// gzip when the call compresses its requests.
    var compressRequests = false
    /// The response's `grpc-encoding`.
    var responseEncoding: String?
    var ended = false
    var deadlineTimer: Scheduled<Void>?

    init(id: Int32, events: RPCQueue<ClientCallEvent>, maxMessageSize: Int, windowSize: Int) {
        self.id = id
        self.events = events
        self.deframer = GRPCMessageDeframer(maxMessageSize: maxMessageSize)
        self.flowControl = StreamFlowControl(limit: windowSize)
    }
}
