import ProtoWire

/// The dossier, payment and obligation enums share their case names with the generated wire
/// enums (DOSSIER_STATUS_IN_PROCESS is `.inProcess` on both sides), so one mapping serves them
/// all; a test checks every domain case has its wire twin.
protocol WireNamed: RawRepresentable, CaseIterable where RawValue == String {}

extension WireNamed {
    /// The domain value of a wire enum; UNSPECIFIED or a value from a newer client is refused by name.
    init<Wire: ProtoEnum & CaseIterable>(wire: Wire, field: String) throws(LicensingError) {
        let name = String(describing: wire)
        guard let value = Self.allCases.first(where: { $0.rawValue == name }) else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid(field, "required: one of \(names)")
        }
        self = value
    }

    /// As `init(wire:field:)`, with UNSPECIFIED meaning "not given" (a list filter).
    init?<Wire: ProtoEnum & CaseIterable>(filter wire: Wire, field: String) throws(LicensingError) {
        guard wire.rawValue != 0 else { return nil }
        try self.init(wire: wire, field: field)
    }

    func wire<Wire: ProtoEnum & CaseIterable>(_: Wire.Type = Wire.self) -> Wire {
        Wire.allCases.first { String(describing: $0) == rawValue } ?? Wire(rawValue: 0)
    }
}

extension Dossier.Channel: WireNamed {}
extension Dossier.OnlineType: WireNamed {}
extension DossierStatus: WireNamed {}
extension DossierClock.Timeliness: WireNamed {}
extension Procedure.DayCount: WireNamed {}
extension Sanction.Payment: WireNamed {}
extension Obligation.Kind: WireNamed {}
extension LicenceStatus: WireNamed {}
