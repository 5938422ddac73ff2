/// Limits that keep hostile input from costing more than it should.
public struct ProtoDecodingOptions: Sendable, Hashable {
    /// How many levels of nested messages are accepted (the top message is level 0).
    public var maxDepth: Int
    /// The largest input accepted, in bytes.
    public var maxMessageSize: Int
    /// Whether a string holding U+0000 is refused (``ProtoDecodingError/Kind/nulInString``).
    /// Protobuf allows it; a service that keeps text does not (PostgreSQL cannot store it), and
    /// refusing it as the request is read names the field.
    public var refusesNULInStrings: Bool
    /// The longest string a field may hold, in UTF-8 bytes (``ProtoDecodingError/Kind/stringTooLong(length:limit:)``),
    /// except fields the proto marks `(dic.common.v1.long_text)`, which ``ProtoLongString`` reads.
    /// A name or a note the size of the whole message would be kept, indexed, logged and sent
    /// back in every list that holds it; refused as the request is read, it names the field.
    public var maxStringBytes: Int

    public init(
        maxDepth: Int = 100, maxMessageSize: Int = 64 << 20, refusesNULInStrings: Bool = false,
        maxStringBytes: Int = .max
    ) {
        self.maxDepth = maxDepth
        self.maxMessageSize = maxMessageSize
        self.refusesNULInStrings = refusesNULInStrings
        self.maxStringBytes = maxStringBytes
    }

    public static let `default` = ProtoDecodingOptions()
}
