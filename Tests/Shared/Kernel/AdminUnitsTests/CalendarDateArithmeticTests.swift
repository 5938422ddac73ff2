import CalendarDates
import Testing

@testable import AdminUnits

struct CalendarDateArithmeticTests {
    @Test func dayNumbersRoundTripAcrossCenturiesAndLeapDays() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("2000-03-01").dayNumber - day("2000-02-28").dayNumber == 2)  // 2000 was a leap year
        #expect(day("1900-03-01").dayNumber - day("1900-02-28").dayNumber == 1)  // 1900 was not
        for text in ["0001-01-01", "1969-12-31", "2023-03-31", "2024-02-29", "9999-12-31"] {
            #expect(CalendarDate(dayNumber: day(text).dayNumber) == day(text))
        }
        #expect(CalendarDate(dayNumber: day("9999-12-31").dayNumber + 1) == nil)
    }

    @Test func weekdaysAreISO() {
        #expect(day("2023-01-02").weekday == 1)  // a Monday
        #expect(day("2023-04-30").weekday == 7)  // Reunification Day 2023 fell on a Sunday
        #expect(day("1969-12-28").weekday == 7)
    }

    @Test func monthsClampToTheLastDay() {
        #expect(day("2023-01-31").adding(months: 1) == day("2023-02-28"))
        #expect(day("2024-01-31").adding(months: 1) == day("2024-02-29"))
        #expect(day("2024-02-29").adding(years: 1) == day("2025-02-28"))
        #expect(day("2023-11-15").adding(months: 3) == day("2024-02-15"))
        #expect(day("2023-03-15").adding(months: -3) == day("2022-12-15"))
        #expect(day("2023-03-31").days(until: day("2023-06-30")) == 91)
    }
}
