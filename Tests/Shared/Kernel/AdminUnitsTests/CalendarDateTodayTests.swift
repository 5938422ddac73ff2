import AdminUnits
import CalendarDates
import Foundation
import Testing

struct CalendarDateTodayTests {
    @Test func theDayTurnsAtMidnightInVietnamNotAtMidnightUTC() {
        // 2023-03-31 16:59:59 UTC is 23:59:59 in Vietnam; a second later it is 1 April there.
        let before = Foundation.Date(timeIntervalSince1970: 1_680_281_999)
        #expect(CalendarDate.todayInVietnam(now: before).description == "2023-03-31")
        #expect(CalendarDate.todayInVietnam(now: before.addingTimeInterval(1)).description == "2023-04-01")
        #expect(
            CalendarDate.todayInVietnam(now: Foundation.Date(timeIntervalSince1970: -1)).description == "1970-01-01")
    }
}
