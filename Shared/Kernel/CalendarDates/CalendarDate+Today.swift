import Foundation

extension CalendarDate {
    /// Today in Vietnam (UTC+7 all year, no daylight saving): the department's day, whatever
    /// the server's time zone. Deadlines, expiries and "as of today" all use it.
    public static func todayInVietnam(now: Foundation.Date = Foundation.Date()) -> CalendarDate {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + 7 * 3_600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // Any day number a clock gives is a date (years 1 to 9999).
        return CalendarDate(dayNumber: days) ?? epoch
    }
}
