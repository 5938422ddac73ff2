/// A generated proto message: a value type that knows its wire format.
public protocol ProtoMessage: Sendable, Hashable {
    /// The message with every field at its default.
    init()
    /// The fully qualified proto name, such as `dic.common.v1.Period`.
    static var protoMessageName: String { get }
    /// Fields this schema does not know, kept for relaying.
    var unknownFields: ProtoUnknownFields { get set }
    /// Reads fields from `reader` until it ends, merging them into `self` the protobuf way: scalars
    /// replace, repeated fields append, embedded messages merge.
    mutating func merge(from reader: inout ProtoReader) throws(ProtoDecodingError)
    /// The exact number of bytes `encode(to:)` writes.
    func serializedSize() -> Int
    /// Writes every set field in field-number order, then the unknown fields.
    func encode(to writer: inout ProtoWriter)
}

extension ProtoMessage {
    /// Decodes a message from its serialized bytes.
    @inlinable
    public init(
        serializedBytes bytes: UnsafeRawBufferPointer, options: ProtoDecodingOptions = .default
    )
        throws(ProtoDecodingError)
    {
        var reader = try ProtoReader(buffer: bytes, options: options)
        self.init()
        try merge(from: &reader)
    }

    /// Decodes a message from its serialized bytes.
    @inlinable
    public init(serializedBytes bytes: [UInt8], options: ProtoDecodingOptions = .default) throws(ProtoDecodingError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ProtoDecodingError) -> Self in try Self(serializedBytes: buffer, options: options) }
        }
        self = try result.get()
    }

    /// The message's wire encoding, in one exactly sized allocation.
    @inlinable
    public func serializedBytes() -> [UInt8] {
        let size = serializedSize()
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var writer = ProtoWriter(buffer: UnsafeMutableRawBufferPointer(buffer))
            encode(to: &writer)
            precondition(writer.remaining == 0, "protobuf encoder wrote less than its computed size")
            count = size
        }
    }

    /// Writes the message into `buffer`, which must hold exactly `serializedSize()` bytes; lets a
    /// transport encode straight into its own frame.
    @inlinable
    public func serialize(into buffer: UnsafeMutableRawBufferPointer) {
        var writer = ProtoWriter(buffer: buffer)
        encode(to: &writer)
        precondition(writer.remaining == 0, "buffer size differs from serializedSize()")
    }
}
