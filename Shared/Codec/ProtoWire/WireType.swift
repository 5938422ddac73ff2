/// The wire types of the protobuf binary format. Groups (3 and 4) are proto2-only and deliberately
/// absent: proto3 never writes them, so meeting one on input is an error.
public enum WireType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5

    public var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .fixed32: "fixed32"
        }
    }
}

/// A decoded field key: field number and wire type.
public struct ProtoTag: Sendable, Hashable {
    public let fieldNumber: Int
    public let wireType: WireType

    @inlinable
    public init(fieldNumber: Int, wireType: WireType) {
        self.fieldNumber = fieldNumber
        self.wireType = wireType
    }

    /// The largest field number protobuf allows (2^29 - 1).
    public static let maxFieldNumber = 536_870_911
}
