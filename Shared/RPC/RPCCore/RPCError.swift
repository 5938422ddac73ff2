/// A call that did not succeed: a non-OK status code, a message, and metadata sent as trailers.
///
/// Handlers throw it (or an ``RPCErrorConvertible`` domain error) to end a call; clients receive it
/// when a call fails, whether the server said so or the transport did.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var metadata: Metadata

    public init(_ code: StatusCode, _ message: String, metadata: Metadata = [:]) {
        precondition(code != .ok, "an RPCError cannot have status OK")
        self.code = code
        self.message = message
        self.metadata = metadata
    }

    public var status: RPCStatus { RPCStatus(code: code, message: message) }

    public var description: String { "\(code): \(message)" }
}

extension RPCError {
    /// The one mapping from any error to a status. Errors that chose their status
    /// (``RPCErrorConvertible``) keep it; cancellation is CANCELLED; anything else is INTERNAL
    /// without its details, which may hold things callers must not see.
    public init(converting error: any Error) {
        switch error {
        case let error as RPCError:
            self = error
        case let error as any RPCErrorConvertible:
            self = error.rpcError
        case is CancellationError:
            self = RPCError(.cancelled, "the call was cancelled")
        default:
            self = RPCError(.internal, "the server failed to handle the call")
        }
    }
}
