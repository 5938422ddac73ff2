/// Per-call settings on the client.
public struct CallOptions: Sendable {
    /// How long the call may take, from when it starts; nil for no deadline.
    public var timeout: Duration?
    /// How request messages are compressed on the wire; responses are decompressed whatever the
    /// server chose, as long as it is an encoding the transport knows.
    public var compression: Compression

    public init(timeout: Duration? = nil, compression: Compression = .identity) {
        self.timeout = timeout
        self.compression = compression
    }

    /// A gRPC message encoding, named as in `grpc-encoding`.
    public struct Compression: Hashable, Sendable {
        public let name: String
        public static let identity = Compression(name: "identity")
        public static let gzip = Compression(name: "gzip")
    }

    public static let defaults = CallOptions()
}
