import RPCCore

extension InboundMessageReader.Failure {
    /// How a server ends a call whose request broke the rule: the client sent it, so a bad request
    /// is INVALID_ARGUMENT and a limit RESOURCE_EXHAUSTED.
    var requestError: RPCError {
        switch self {
        case .tooLarge(let length, let limit):
            RPCError(.resourceExhausted, "request message of \(length) bytes exceeds the limit of \(limit)")
        case .inflatesTooLarge(let limit):
            RPCError(.resourceExhausted, "request message inflates past the limit of \(limit) bytes")
        case .invalidFlag(let flag):
            RPCError(.invalidArgument, "protocol violation: message flag \(flag) is neither 0 nor 1")
        case .compressedWithoutEncoding:
            RPCError(.invalidArgument, "protocol violation: a compressed message without grpc-encoding gzip")
        case .corrupt:
            RPCError(.invalidArgument, "compressed request message is not valid gzip")
        }
    }

    /// The limit it hit, for `grpc_server_limit_hits_total`; nil for a plain protocol violation.
    var limit: String? {
        switch self {
        case .tooLarge, .inflatesTooLarge: "max_receive_message_bytes"
        case .invalidFlag, .compressedWithoutEncoding, .corrupt: nil
        }
    }

    /// How a client ends a call whose response broke the rule: a server that sends a bad message
    /// is INTERNAL (gRPC's code for a broken peer); a limit is RESOURCE_EXHAUSTED.
    var responseStatus: RPCStatus {
        switch self {
        case .tooLarge(let length, let limit):
            RPCStatus(
                code: .resourceExhausted, message: "response message of \(length) bytes exceeds the limit of \(limit)")
        case .inflatesTooLarge(let limit):
            RPCStatus(code: .resourceExhausted, message: "response message inflates past the limit of \(limit) bytes")
        case .invalidFlag(let flag):
            RPCStatus(code: .internal, message: "invalid message flag \(flag)")
        case .compressedWithoutEncoding:
            RPCStatus(code: .internal, message: "compressed response without a grpc-encoding we accept")
        case .corrupt:
            RPCStatus(code: .internal, message: "compressed response is not valid gzip")
        }
    }
}
