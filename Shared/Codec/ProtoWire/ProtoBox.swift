/// Holds a message field whose type contains, directly or through other messages, the message
/// that holds it. A struct cannot contain itself, so generated code stores such fields boxed.
/// The box is immutable: setting the field replaces the box, so value semantics hold.
public final class ProtoBox<Value: Hashable & Sendable>: Hashable, Sendable {
    public let value: Value

    @inlinable
    public init(_ value: Value) { self.value = value }

    public static func == (lhs: ProtoBox, rhs: ProtoBox) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
