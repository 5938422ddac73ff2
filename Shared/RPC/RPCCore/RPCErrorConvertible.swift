import ProtoWire

/// A domain error that knows which status it is, so handlers can throw their own errors and the
/// caller still gets the right code: `NOT_FOUND` for a missing licence, `FAILED_PRECONDITION` for a
/// transition the law forbids, and so on.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension ProtoDecodingError: RPCErrorConvertible {
    /// A request that does not decode is the caller's fault; the message names the field.
    public var rpcError: RPCError { RPCError(.invalidArgument, message(decoding: "request")) }

    /// What the other side is told about `what` (a request, a message of a stream): a value refused
    /// for what it holds (not for its framing) is named first, as a field's refusal is.
    func message(decoding what: String) -> String {
        switch kind {
        case .nulInString, .stringTooLong: description
        default: "\(what) does not decode: \(description)"
        }
    }
}
