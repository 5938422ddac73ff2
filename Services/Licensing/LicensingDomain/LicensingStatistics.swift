import AdminUnits
import CalendarDates

/// The figures the quarterly report takes from licensing, for any period (both ends included).
public struct LicensingStatistics: Sendable, Hashable {
    public struct ActionKey: Sendable, Hashable {
        public var kind: LicenceKind
        public var action: LicenceAction

        package init(kind: LicenceKind, action: LicenceAction) {
            self.kind = kind
            self.action = action
        }
    }

    /// Events by licence type and action: the report counts actions, not licences.
    public var actions: [ActionKey: Int] = [:]
    public var receivedByChannel: [Dossier.Channel: Int] = [:]
    /// Dossiers decided in the period, by how they met their due date.
    public var decided: [DossierClock.Timeliness: Int] = [:]
    /// Dossiers open at the end of the period: within time or overdue.
    public var pending: [DossierClock.Timeliness: Int] = [:]

    public var receivedFullProcessOnline = 0

    public var received: Int { receivedByChannel.values.reduce(0, +) }

    /// Online dossiers as a share of those received, 0 to 1; nil when none were received.
    public var onlineRate: Double? {
        received == 0 ? nil : Double(receivedByChannel[.online] ?? 0) / Double(received)
    }

    public init(
        licences: [Licence], dossiers: [Dossier], from start: CalendarDate, through end: CalendarDate,
        calendar: WorkingCalendar, policy: DossierClock.SupplementPolicy = .pause
    ) {
        var actions: [ActionKey: Int] = [:]
        for licence in licences {
            for version in licence.versions where (start...end).contains(version.effectiveOn) {
                actions[ActionKey(kind: licence.kind, action: version.action), default: 0] += 1
            }
        }
        self.init(
            actions: actions, dossiers: dossiers, from: start, through: end, calendar: calendar, policy: policy)
    }

    /// With the action counts already made (the store counts them in SQL).
    public init(
        actions: [ActionKey: Int], dossiers: [Dossier], from start: CalendarDate, through end: CalendarDate,
        calendar: WorkingCalendar, policy: DossierClock.SupplementPolicy = .pause
    ) {
        self.actions = actions
        for dossier in dossiers where dossier.receivedOn <= end {
            if dossier.receivedOn >= start {
                receivedByChannel[dossier.channel, default: 0] += 1
                if dossier.onlineType == .fullProcess { receivedFullProcessOnline += 1 }
            }
            let clock = dossier.clock(policy: policy, asOf: end)
            if let decidedOn = dossier.decidedOn, decidedOn <= end {
                if decidedOn >= start {
                    decided[clock.timeliness(resolvedOn: decidedOn, today: end, calendar), default: 0] += 1
                }
            } else if dossier.status != .withdrawn && dossier.status != .rejectedAtIntake
                || dossier.steps.last.map({ $0.on > end }) == true
            {
                // Open at the end of the period (a dossier withdrawn later was still open then).
                pending[clock.timeliness(resolvedOn: nil, today: end, calendar), default: 0] += 1
            }
        }
    }
}
