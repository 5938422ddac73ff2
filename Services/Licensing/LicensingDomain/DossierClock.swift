import AdminUnits
import CalendarDates

/// A dossier's deadline: the procedure's processing time from the day it was received, with the
/// days spent waiting for the applicant's supplements left out.
public struct DossierClock: Sendable, Hashable {
    /// What a supplement request does to the clock. The issue reads "the clock stops"; the domain
    /// notes recall "the clock restarts" ([M]): configuration decides.
    public enum SupplementPolicy: String, Sendable, Hashable {
        case pause, restart
    }

    public struct Pause: Sendable, Hashable {
        public var from: CalendarDate
        /// nil while still waiting for the applicant.
        public var until: CalendarDate?

        public init(from: CalendarDate, until: CalendarDate?) {
            self.from = from
            self.until = until
        }
    }

    public var receivedOn: CalendarDate
    public var processingDays: Int
    public var dayCount: Procedure.DayCount
    public var pauses: [Pause]
    public var policy: SupplementPolicy

    public init(
        receivedOn: CalendarDate, procedure: Procedure, pauses: [Pause] = [], policy: SupplementPolicy = .pause
    ) {
        self.receivedOn = receivedOn
        self.processingDays = procedure.processingDays
        self.dayCount = procedure.dayCount
        self.pauses = pauses
        self.policy = policy
    }

    /// The due date, or nil while the clock is stopped waiting for a supplement. A supplement
    /// request sent on day R stops the clock from R + 1 (R was a day of the department's work) until
    /// the day the supplement arrives, S; the clock runs again from S + 1, as it first ran from the
    /// day after receipt. A period counted in calendar days that ends on a day off ends on the next
    /// working day instead (Civil Code 2015, art. 148(5)).
    public func dueDate(_ calendar: WorkingCalendar) -> CalendarDate? {
        guard let due = countedDueDate(calendar) else { return nil }
        return dayCount == .calendar ? calendar.workingDay(onOrAfter: due) : due
    }

    private func countedDueDate(_ calendar: WorkingCalendar) -> CalendarDate? {
        guard pauses.allSatisfy({ $0.until != nil }) else { return nil }
        switch policy {
        case .restart:
            let start = pauses.compactMap(\.until).max() ?? receivedOn
            return add(processingDays, to: start, calendar)
        case .pause:
            // Days the department held the dossier before each pause count; the waiting days do not.
            var due = add(processingDays, to: receivedOn, calendar)
            for pause in pauses.sorted(by: { $0.from < $1.from }) {
                guard let until = pause.until, pause.from < due else { continue }
                let waited =
                    dayCount == .working
                    ? calendar.workingDays(after: pause.from, through: until) : pause.from.days(until: until)
                due = add(waited, to: due, calendar)
            }
            return due
        }
    }

    private func add(_ days: Int, to date: CalendarDate, _ calendar: WorkingCalendar) -> CalendarDate {
        dayCount == .working ? calendar.adding(workingDays: days, to: date) : date.adding(days: days) ?? date
    }

    /// How the report classes a dossier: resolved early, on time or late; or still pending,
    /// within its time or overdue.
    public enum Timeliness: String, Sendable, Hashable, CaseIterable {
        case early, onTime, late, pendingWithinTime, overdue
    }

    public func timeliness(resolvedOn: CalendarDate?, today: CalendarDate, _ calendar: WorkingCalendar) -> Timeliness {
        let due = dueDate(calendar)
        if let resolvedOn {
            guard let due else { return .onTime }  // resolved while waiting: the clock was stopped
            return resolvedOn < due ? .early : resolvedOn == due ? .onTime : .late
        }
        guard let due else { return .pendingWithinTime }
        return today <= due ? .pendingWithinTime : .overdue
    }
}
