import NIOCore
import RPCCore

/// One call on the server connection: its lifecycle, and the buffers, budgets and handler task it
/// owns (event loop only).
final class ServerStream {
    let id: Int32
    var fields: [(String, String)] = []
    var method: RPCRouter.Method?
    var head: ServerCallHead?
    /// The request's `grpc-encoding`: how messages with the compressed flag are compressed.
    var encoding: String?
    var deframer: GRPCMessageDeframer
    var flowControl: StreamFlowControl
    /// The request of a single-request method, held until END_STREAM.
    var singleRequest: [UInt8]?
    /// The requests of a streaming method.
    var requests: RPCQueue<[UInt8]>?
    var task: Task<Void, Never>?
    var deadlineTimer: Scheduled<Void>?
    /// Where the call is in its life: what may still be sent, where request bytes go.
    var lifecycle = ServerStreamStateMachine()
    /// Request bytes this call holds against the connection's budget.
    var charged = 0
    /// The part of `charged` that is the deframer's reserved buffer.
    var deframerCharged = 0
    /// The wire and decoded sizes of streamed messages queued and not yet taken, oldest first.
    var queuedSizes: [(wire: Int, decoded: Int)] = []

    init(id: Int32, maxMessageSize: Int, windowSize: Int) {
        self.id = id
        self.deframer = GRPCMessageDeframer(maxMessageSize: maxMessageSize)
        self.flowControl = StreamFlowControl(limit: windowSize)
    }
}
