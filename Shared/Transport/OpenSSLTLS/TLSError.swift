import COpenSSL

/// A TLS set-up or handshake failure, with OpenSSL's own explanation.
public struct TLSError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ what: String) {
        self.description = what + Self.drainOpenSSLErrors()
    }

    /// OpenSSL's queued error strings for this thread, emptied so they do not leak into the next failure.
    static func drainOpenSSLErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [Int8](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(nulTerminated: buffer))
        }
        return messages.isEmpty ? "" : " (" + messages.joined(separator: "; ") + ")"
    }
}

extension String {
    /// The text of a C buffer up to its first NUL.
    init(nulTerminated buffer: [Int8]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
