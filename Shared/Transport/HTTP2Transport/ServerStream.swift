import NIOCore
import RPCCore

/// One call on the server connection: its lifecycle, and the buffers, budgets and handler task it
/// owns (event loop only).
final class ServerStream {
    let id: Int32
    var fields: [(String, String)] = []
    var method: RPCRouter.Method?
    var head: ServerCallHead?
    /// Request bytes to messages (under the request's `grpc-encoding`), with the flow-control
    /// credit they give back.
    var reader: InboundMessageReader
    /// The request of a single-request method, held until END_STREAM.
    var singleRequest: [UInt8]?
    /// The requests of a streaming method.
    var requests: RPCQueue<[UInt8]>?
    /// The client ended the request while messages were still held undecoded (the handler was
    /// behind): the call learns the end once they are decoded.
    var requestEndPending = false
    var task: Task<Void, Never>?
    /// When the call must end, and whether the client set that (`grpc-timeout`) or the server's
    /// limit did; the connection's one deadline timer ends it then (``CallDeadlineSchedule``).
    var deadline: (at: NIODeadline, setByClient: Bool)?
    /// Where the call is in its life: what may still be sent, where request bytes go.
    var lifecycle = ServerStreamStateMachine()
    /// Request bytes this call holds against the connection's budget.
    var charged = 0
    /// The part of `charged` that is the reader's buffer for a message in progress.
    var bufferCharged = 0

    init(id: Int32, maxMessageSize: Int, windowSize: Int) {
        self.id = id
        self.reader = InboundMessageReader(maxMessageSize: maxMessageSize, windowSize: windowSize)
    }
}
