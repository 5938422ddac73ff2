/// What can happen to a licence. Each one is an event that makes a new version; reports count
/// these events, not licences.
public enum LicenceAction: String, Sendable, CaseIterable, Hashable {
    case issue, amend, extend, reissue, exchange, changeNotified, changeApproved
    case suspend, liftSuspension, revoke, expire, cease

    /// Actions that change what the licence says or how long it lasts, which no state ends: a
    /// licence may be amended, reissued or exchanged any number of times, where a suspension, a
    /// revocation or an expiry happens once or twice at most. ``LicenceRules/maximumChanges``
    /// counts these.
    public var isChange: Bool {
        switch self {
        case .amend, .extend, .reissue, .exchange, .changeNotified, .changeApproved: true
        default: false
        }
    }

    /// Actions that carry new content (the others keep the current content).
    public var changesContent: Bool {
        switch self {
        case .issue, .amend, .exchange, .changeNotified, .changeApproved: true
        default: false
        }
    }
}
