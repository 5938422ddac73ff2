import AdminUnits
import CalendarDates

/// One event in a licence's life and the licence as it stood after it. Versions are only ever
/// appended.
public struct LicenceVersion: Sendable, Hashable {
    public var number: Int
    public var action: LicenceAction
    public var effectiveOn: CalendarDate
    public var status: LicenceStatus
    public var validUntil: CalendarDate?
    public var content: LicenceContent
    /// The decision (or letter) number behind the event; empty for events the system records by
    /// itself (expiry, the end of a suspension).
    public var decisionNumber: String
    public var reason: String
    /// For an extension: when the holder asked (the rules check it was in time).
    public var requestedOn: CalendarDate? = nil
    /// The licence's number from this event on, when the event gave the licence a new document
    /// number (an exchange, cấp đổi); nil when the number stayed.
    public var licenceNumber: String? = nil

    package init(
        number: Int, action: LicenceAction, effectiveOn: CalendarDate, status: LicenceStatus, validUntil: CalendarDate?,
        content: LicenceContent, decisionNumber: String, reason: String, requestedOn: CalendarDate? = nil
    ) {
        self.number = number
        self.action = action
        self.effectiveOn = effectiveOn
        self.status = status
        self.validUntil = validUntil
        self.content = content
        self.decisionNumber = decisionNumber
        self.reason = reason
        self.requestedOn = requestedOn
    }
}
