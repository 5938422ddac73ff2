/// How one proto field type is read, written and sized.
///
/// A proto type is not the same as its Swift type (`int32`, `sint32` and `sfixed32` are all `Int32`
/// but differ on the wire), so each proto type is a caseless enum conforming to this protocol, and
/// generated code names it: `writer.writeSingular(ProtoSInt32.self, 3, delta)`.
public protocol ProtoFieldType {
    associatedtype Value: Hashable & Sendable
    static var wireType: WireType { get }
    /// The proto3 default, which implicit-presence fields do not write.
    static var defaultValue: Value { get }
    /// Whether repeated fields of this type may be packed.
    static var isPackable: Bool { get }
    /// The encoded size when every value has the same one (fixed-width types).
    static var fixedWidth: Int? { get }
    static func isDefault(_ value: Value) -> Bool
    static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Value
    static func write(_ value: Value, to writer: inout ProtoWriter)
    /// The encoded size without the tag (including the length prefix for length-delimited types).
    static func size(of value: Value) -> Int
}

extension ProtoFieldType {
    @inlinable public static var isPackable: Bool { wireType != .lengthDelimited }
    @inlinable public static var fixedWidth: Int? {
        switch wireType {
        case .fixed32: 4
        case .fixed64: 8
        default: nil
        }
    }
}

extension ProtoFieldType where Value: Equatable & ExpressibleByIntegerLiteral {
    @inlinable public static var defaultValue: Value { 0 }
    @inlinable public static func isDefault(_ value: Value) -> Bool { value == 0 }
}

/// A type allowed as a `map` key; `precedes` gives the order in which map entries are written.
public protocol ProtoMapKeyType: ProtoFieldType {
    static func precedes(_ lhs: Value, _ rhs: Value) -> Bool
}

extension ProtoMapKeyType where Value: Comparable {
    @inlinable public static func precedes(_ lhs: Value, _ rhs: Value) -> Bool { lhs < rhs }
}
