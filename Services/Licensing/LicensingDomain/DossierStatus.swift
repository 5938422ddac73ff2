/// Where a dossier stands in the one-stop process (domain notes §2). "Late" is not a status:
/// it is read from the due date (``DossierClock``).
public enum DossierStatus: String, Sendable, Hashable, CaseIterable {
    case received, rejectedAtIntake, supplementRequested, inProcess, refused, resolved, returned, withdrawn

    /// The statuses a dossier may move to from this one.
    public var next: Set<DossierStatus> {
        switch self {
        case .received: [.inProcess, .rejectedAtIntake, .supplementRequested, .withdrawn]
        case .inProcess: [.supplementRequested, .refused, .resolved, .withdrawn]
        case .supplementRequested: [.inProcess, .withdrawn]
        case .refused, .resolved: [.returned]
        case .rejectedAtIntake, .returned, .withdrawn: []
        }
    }

    /// The department has answered (the clock no longer runs).
    public var isDecided: Bool { self == .refused || self == .resolved || self == .returned }
}
