/// A generated proto enum. Enums are open, as proto3 requires: a number the schema does not name
/// decodes to an `unrecognized` case and encodes back to the same number.
public protocol ProtoEnum: RawRepresentable, Hashable, Sendable where RawValue == Int32 {
    init(rawValue: Int32)
}
