import AdminUnits
import CalendarDates

/// A licence with its whole history. The current state is the last version; every change goes
/// through ``apply(_:rules:)``, which checks the law and appends a version.
public struct Licence: Sendable, Hashable {
    public let kind: LicenceKind
    /// The number it was issued under; ``number`` is the one it carries now.
    public let issuedNumber: String
    public let holderID: String
    public private(set) var versions: [LicenceVersion]

    public var current: LicenceVersion { versions[versions.count - 1] }
    public var status: LicenceStatus { current.status }
    public var issuedOn: CalendarDate { versions[0].effectiveOn }
    /// The number the licence carries now: the issued one, or the one of its latest exchange.
    public var number: String { versions.last { $0.licenceNumber != nil }?.licenceNumber ?? issuedNumber }
    /// The day the current number was given: the issue, or the exchange that gave it.
    public var numberGivenOn: CalendarDate {
        versions.last { $0.licenceNumber != nil }?.effectiveOn ?? issuedOn
    }
    public var validUntil: CalendarDate? { current.validUntil }

    /// When the current suspension lifts by itself, under `rules`.
    public func suspendedUntil(_ rules: LicenceRules) -> CalendarDate? {
        guard status == .suspended, let start = versions.last(where: { $0.action == .suspend })?.effectiveOn else {
            return nil
        }
        return start.adding(months: rules.suspensionMonths)
    }

    public func count(of action: LicenceAction) -> Int { versions.filter { $0.action == action }.count }

    package init(kind: LicenceKind, number: String, holderID: String, first: LicenceVersion) {
        self.kind = kind
        self.issuedNumber = number
        self.holderID = holderID
        self.versions = [first]
    }

    package mutating func append(_ version: LicenceVersion) { versions.append(version) }
}

extension Licence {
    /// The same licence held by `holderID`: an imported register names holders by their details
    /// until the store finds or creates the organisation.
    package func held(by holderID: String) -> Licence {
        var copy = Licence(kind: kind, number: issuedNumber, holderID: holderID, first: versions[0])
        copy.versions = versions
        return copy
    }
}
