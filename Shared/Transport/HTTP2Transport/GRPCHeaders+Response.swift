import RPCCore

/// The client's reading of a response's header blocks: pure functions beside the server's
/// ``GRPCHeaders/parseRequest(_:)``, so what a server may send is tested without a connection.
extension GRPCHeaders {
    /// What a response's first header block says.
    enum ResponseHead: Equatable {
        /// HTTP 200 and a gRPC content type: the call goes on. `encoding` is how compressed
        /// messages are compressed; `metadata` the server's initial metadata.
        case accepted(encoding: String?, metadata: Metadata)
        /// Not a gRPC response (an HTTP error, a proxy's page): the call ends with this status.
        case rejected(RPCStatus)
    }

    static func parseResponseHead(_ fields: [(String, String)]) -> ResponseHead {
        let httpStatus = fields.first { $0.0 == ":status" }?.1 ?? ""
        guard httpStatus == "200" else { return .rejected(status(forHTTPStatus: httpStatus)) }
        let contentType = fields.first { $0.0 == "content-type" }?.1 ?? ""
        guard contentType.hasPrefix("application/grpc") else {
            return .rejected(RPCStatus(code: .unknown, message: "the response is not gRPC (\(contentType))"))
        }
        return .accepted(encoding: fields.first { $0.0 == "grpc-encoding" }?.1, metadata: metadata(from: fields))
    }

    /// The status and trailing metadata of the block that ends a call: trailers, or a Trailers-Only
    /// response. A block without a readable `grpc-status` is the server's failure: INTERNAL.
    static func parseStatus(_ fields: [(String, String)]) -> (RPCStatus, Metadata) {
        var code: Int?
        var message = ""
        for (name, value) in fields {
            if name == "grpc-status" { code = Int(value) }
            if name == "grpc-message" { message = PercentEncoding.decode(value) }
        }
        let metadata = metadata(from: fields)
        guard let code else {
            return (RPCStatus(code: .internal, message: "the server sent no grpc-status"), metadata)
        }
        return (RPCStatus(code: StatusCode(rawValue: code), message: message), metadata)
    }

    /// The application's metadata in a header block: reserved names left out, `-bin` values
    /// decoded, values that cannot be decoded dropped.
    static func metadata(from fields: [(String, String)]) -> Metadata {
        var metadata = Metadata()
        for (name, value) in fields where !Metadata.isReserved(name) {
            if case .success(let decoded) = decodeValue(name: name, value: value) {
                metadata.add(name, decoded)
            }
        }
        return metadata
    }

    /// The gRPC status for a non-200 HTTP response, as the gRPC spec maps them.
    static func status(forHTTPStatus status: String) -> RPCStatus {
        let code: StatusCode =
            switch status {
            case "400": .internal
            case "401": .unauthenticated
            case "403": .permissionDenied
            case "404": .unimplemented
            case "429", "502", "503", "504": .unavailable
            default: .unknown
            }
        return RPCStatus(code: code, message: "HTTP status \(status.isEmpty ? "missing" : status)")
    }
}
