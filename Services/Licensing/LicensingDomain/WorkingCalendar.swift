import AdminUnits
import CalendarDates

/// Which days count as working days: Monday to Friday, except the public holidays (and their
/// compensatory days off) the officer has entered. Make-up working Saturdays can be added too.
public struct WorkingCalendar: Sendable, Hashable {
    public var holidays: Set<CalendarDate>
    public var extraWorkingDays: Set<CalendarDate>

    public init(holidays: Set<CalendarDate> = [], extraWorkingDays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
    }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if extraWorkingDays.contains(date) { return true }
        return date.weekday <= 5 && !holidays.contains(date)
    }

    /// The date `count` working days after `date` (a dossier received on Friday with 1 working
    /// day is due on Monday); `date` itself does not count.
    public func adding(workingDays count: Int, to date: CalendarDate) -> CalendarDate {
        var day = date
        var left = count
        while left > 0, let next = day.adding(days: 1) {
            day = next
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// `date` when it is a working day, else the first working day after it.
    public func workingDay(onOrAfter date: CalendarDate) -> CalendarDate {
        var day = date
        while !isWorkingDay(day), let next = day.adding(days: 1) { day = next }
        return day
    }

    /// Working days in `(start, end]`: how many of a deadline's days a pause used up.
    public func workingDays(after start: CalendarDate, through end: CalendarDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start
        while day < end, let next = day.adding(days: 1) {
            day = next
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }
}
