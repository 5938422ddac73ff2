import LicensingDomain
import RequestRules

// The dossier, payment, obligation and status enums carry their wire twins' case names; a test
// checks every domain case has one.
extension Dossier.Channel: WireNamed {}
extension Dossier.OnlineType: WireNamed {}
extension DossierStatus: WireNamed {}
extension DossierClock.Timeliness: WireNamed {}
extension Procedure.DayCount: WireNamed {}
extension Sanction.Payment: WireNamed {}
extension Obligation.Kind: WireNamed {}
extension LicenceStatus: WireNamed {}
