/// Fields a message's schema does not know, kept as their original bytes (tag and value) so that a
/// service built from an older `.proto` relays a newer message without losing anything.
public struct ProtoUnknownFields: Sendable, Hashable {
    public var bytes: [UInt8]

    @inlinable
    public init() { bytes = [] }

    @inlinable
    public var isEmpty: Bool { bytes.isEmpty }

    @inlinable
    mutating func append(tag: ProtoTag, value: UnsafeRawBufferPointer) {
        let key = UInt64(truncatingIfNeeded: tag.fieldNumber << 3) | UInt64(tag.wireType.rawValue)
        var v = key
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(contentsOf: value)
    }
}
