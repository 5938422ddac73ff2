import ProtoWire

/// A domain enum whose cases have the names of a generated wire enum's cases (SITE_STATUS_ON_AIR
/// is `.onAir` on both sides), so one mapping serves every such pair; each service tests that every
/// domain case has its wire twin.
public protocol WireNamed: RawRepresentable, CaseIterable where RawValue == String {}

extension WireNamed {
    /// The domain value of a wire enum; UNSPECIFIED or a value from a newer client is refused by name.
    public init<Wire: ProtoEnum & CaseIterable>(wire: Wire, field: String) throws(RuleViolation) {
        let name = String(describing: wire)
        guard let value = Self.allCases.first(where: { $0.rawValue == name }) else {
            throw .invalid(field, "required: one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }

    /// As `init(wire:field:)`, with UNSPECIFIED meaning "not given" (a list filter).
    public init?<Wire: ProtoEnum & CaseIterable>(filter wire: Wire, field: String) throws(RuleViolation) {
        guard wire.rawValue != 0 else { return nil }
        try self.init(wire: wire, field: field)
    }

    public func wire<Wire: ProtoEnum & CaseIterable>(_: Wire.Type = Wire.self) -> Wire {
        Wire.allCases.first { String(describing: $0) == rawValue } ?? Wire(rawValue: 0)
    }
}
