import CalendarDates
import Testing

struct CalendarDateTests {
    /// Every 13th day of years 1 to 9999 (all months, leap days among them) is written as
    /// `YYYY-MM-DD` with its parts zero-padded, and reads back as itself.
    @Test func datesAreWrittenAsISOAndReadBack() throws {
        let first = try #require(CalendarDate(year: 1, month: 1, day: 1)).dayNumber
        let last = try #require(CalendarDate(year: 9999, month: 12, day: 31)).dayNumber
        for number in stride(from: first, through: last, by: 13) {
            let date = try #require(CalendarDate(dayNumber: number))
            let text = date.description
            let padded = [(date.year, 4), (date.month, 2), (date.day, 2)].map { value, width in
                String(repeating: "0", count: width - String(value).count) + String(value)
            }
            #expect(text == padded.joined(separator: "-"))
            #expect(CalendarDate(iso: text) == date, "\(text)")
        }
        #expect(CalendarDate(year: 2024, month: 2, day: 29)?.description == "2024-02-29")
        #expect(CalendarDate(year: 7, month: 3, day: 9)?.description == "0007-03-09")
        #expect(CalendarDate(iso: "2023-03-31") == CalendarDate(year: 2023, month: 3, day: 31))
    }

    /// Only `YYYY-MM-DD` in ASCII digits of a real date reads: no signs, other digits, other
    /// separators, padding or missing zeros.
    @Test(arguments: [
        "2023-+1-05", "+023-01-05", "-023-01-05", "2023-1-05", "2023-01-5", "2023-02-30", "2023-13-01",
        "2023-00-10", "0000-01-01", "2023/01/05", "", "2023-01-05 ", " 2023-01-05", "2023-01-0a",
        "２０２３-01-05", "2023-01-05T00:00", "20230105", "2023-0१-05",
    ])
    func whatIsNotAnISODateIsRefused(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }
}
