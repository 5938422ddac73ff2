import AdminUnits
import CalendarDates

/// An officer's request to record an action on a licence.
public struct LicenceChange: Sendable, Hashable {
    public var action: LicenceAction
    public var effectiveOn: CalendarDate
    public var decisionNumber: String
    public var reason: String
    /// New content, for actions that change it.
    public var content: LicenceContent?
    /// For an extension: the new end of validity.
    public var newValidUntil: CalendarDate?
    /// For an extension: when the holder asked (the dossier's received date).
    public var requestedOn: CalendarDate?
    /// For an exchange: the number of the new document, when it has one.
    public var newNumber: String?

    public init(
        _ action: LicenceAction, on effectiveOn: CalendarDate, decision decisionNumber: String = "",
        reason: String = "", content: LicenceContent? = nil, newValidUntil: CalendarDate? = nil,
        requestedOn: CalendarDate? = nil, newNumber: String? = nil
    ) {
        self.newNumber = newNumber
        self.action = action
        self.effectiveOn = effectiveOn
        self.decisionNumber = decisionNumber
        self.reason = reason
        self.content = content
        self.newValidUntil = newValidUntil
        self.requestedOn = requestedOn
    }
}
