/// Where a licence stands: ACTIVE ⇄ SUSPENDED, then REVOKED, EXPIRED or CEASED for good.
public enum LicenceStatus: String, Sendable, Hashable, CaseIterable {
    case active, suspended, revoked, expired, ceased

    /// No action but reading applies to a licence in an ended state.
    public var isFinal: Bool { self == .revoked || self == .expired || self == .ceased }
}
