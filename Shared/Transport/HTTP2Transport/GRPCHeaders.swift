import ProtoWire
import RPCCore

/// The gRPC-over-HTTP/2 header rules: what a request must look like, and how metadata and status
/// become header fields. Pure functions, tested without a connection.
enum GRPCHeaders {
    /// A request the server accepts, as the core needs it.
    struct Request: Equatable {
        var path: String
        var metadata: Metadata
        var timeout: Duration?
        var encoding: String?
    }

    /// Why a request is refused before its handler runs.
    enum Rejection: Equatable, Error {
        /// Not gRPC at all: an HTTP status, per the gRPC spec (415 for a wrong content type).
        case http(status: Int, message: String)
        /// gRPC, but refused: a Trailers-Only response with this status.
        case grpc(RPCStatus)
    }

    static let supportedEncodings = ["identity", "gzip"]
    /// Sent as `grpc-accept-encoding` by both sides.
    static let acceptEncoding = "identity,gzip"

    static func parseRequest(_ fields: [(String, String)]) -> Result<Request, Rejection> {
        var method: String?
        var path: String?
        var contentType: String?
        var timeout: Duration?
        var encoding: String?
        var metadata = Metadata()
        for (name, value) in fields {
            switch name {
            case ":method": method = value
            case ":path": path = value
            case "content-type": contentType = value
            case "grpc-timeout":
                guard let parsed = GRPCTimeout.parse(value) else {
                    return .failure(
                        .grpc(RPCStatus(code: .invalidArgument, message: "malformed grpc-timeout '\(value)'")))
                }
                timeout = parsed
            case "grpc-encoding": encoding = value
            default:
                guard !Metadata.isReserved(name) else { continue }
                switch decodeValue(name: name, value: value) {
                case .success(let decoded): metadata.add(name, decoded)
                case .failure(let error): return .failure(.grpc(error.status))
                }
            }
        }
        guard method == "POST" else {
            return .failure(.http(status: 405, message: "gRPC requires POST, not \(method ?? "no method")"))
        }
        guard let contentType,
            contentType == "application/grpc" || contentType.hasPrefix("application/grpc+proto")
                || contentType.hasPrefix("application/grpc;")
        else {
            return .failure(.http(status: 415, message: "content-type must be application/grpc"))
        }
        guard let path, path.hasPrefix("/") else {
            return .failure(.grpc(RPCStatus(code: .unimplemented, message: "missing :path")))
        }
        if let encoding, encoding != "identity", !supportedEncodings.contains(encoding) {
            return .failure(
                .grpc(
                    RPCStatus(
                        code: .unimplemented,
                        message: "message encoding '\(encoding)' is not supported (accepted: \(acceptEncoding))")))
        }
        return .success(Request(path: path, metadata: metadata, timeout: timeout, encoding: encoding))
    }

    /// A received header value as metadata: `-bin` values are base64 (padded or not).
    static func decodeValue(name: String, value: String) -> Result<Metadata.Value, RPCError> {
        guard Metadata.isBinaryKey(name) else { return .success(.string(value)) }
        guard let bytes = Base64.decode(padding(value)) else {
            return .failure(RPCError(.invalidArgument, "metadata '\(name)' is not valid base64"))
        }
        return .success(.binary(bytes))
    }

    static func padding(_ value: String) -> String {
        let remainder = value.utf8.count % 4
        return remainder == 0 ? value : value + String(repeating: "=", count: 4 - remainder)
    }

    /// Metadata as header fields: binary values base64 without padding (as the spec asks senders).
    /// Fails on a key or text value HTTP/2 cannot carry, naming it.
    static func fields(_ metadata: Metadata) -> Result<[(String, String)], RPCError> {
        var fields: [(String, String)] = []
        fields.reserveCapacity(metadata.count)
        for entry in metadata {
            guard isValidKey(entry.key), !Metadata.isReserved(entry.key) else {
                return .failure(RPCError(.internal, "metadata key '\(entry.key)' cannot be sent"))
            }
            switch entry.value {
            case .string(let text):
                guard !Metadata.isBinaryKey(entry.key), isValidText(text) else {
                    return .failure(
                        RPCError(.internal, "metadata '\(entry.key)' must be printable ASCII, or use a -bin key"))
                }
                fields.append((entry.key, text))
            case .binary(let bytes):
                guard Metadata.isBinaryKey(entry.key) else {
                    return .failure(RPCError(.internal, "binary metadata '\(entry.key)' needs a key ending in -bin"))
                }
                var encoded = Base64.encode(bytes)
                while encoded.hasSuffix("=") { encoded.removeLast() }
                fields.append((entry.key, encoded))
            }
        }
        return .success(fields)
    }

    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
    }

    static func isValidText(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }

    /// Trailers (or Trailers-Only fields) ending a call.
    static func statusFields(_ status: RPCStatus) -> [(String, String)] {
        let status = status.bounded()
        var fields = [("grpc-status", String(status.code.rawValue))]
        if !status.message.isEmpty { fields.append(("grpc-message", PercentEncoding.encode(status.message))) }
        return fields
    }
}

/// `grpc-message` is percent-encoded UTF-8: bytes outside printable ASCII, and `%`, as `%XX`.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX`; anything malformed is kept as it is, as the spec asks of receivers.
    static func decode(_ text: String) -> String {
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(input[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
