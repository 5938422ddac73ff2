/// Limits that keep hostile input from costing more than it should.
public struct ProtoDecodingOptions: Sendable, Hashable {
    /// How many levels of nested messages are accepted (the top message is level 0).
    public var maxDepth: Int
    /// The largest input accepted, in bytes.
    public var maxMessageSize: Int

    public init(maxDepth: Int = 100, maxMessageSize: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxMessageSize = maxMessageSize
    }

    public static let `default` = ProtoDecodingOptions()
}
