/// Per-call settings on the client.
public struct CallOptions: Sendable {
    /// How long the call may take, from when it starts; nil for no deadline.
    public var timeout: Duration?

    public init(timeout: Duration? = nil) {
        self.timeout = timeout
    }

    public static let defaults = CallOptions()
}
