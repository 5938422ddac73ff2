import ProtoWire

/// A domain error that knows which status it is, so handlers can throw their own errors and the
/// caller still gets the right code: `NOT_FOUND` for a missing licence, `FAILED_PRECONDITION` for a
/// transition the law forbids, and so on.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension ProtoDecodingError: RPCErrorConvertible {
    /// A request that does not decode is the caller's fault; the message names the field. A value
    /// refused for what it holds (not for its framing) is named first, as a field's refusal is.
    public var rpcError: RPCError {
        kind == .nulInString
            ? RPCError(.invalidArgument, description)
            : RPCError(.invalidArgument, "request does not decode: \(description)")
    }
}
