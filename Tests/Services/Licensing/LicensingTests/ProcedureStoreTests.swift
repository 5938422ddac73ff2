import CalendarDates
import Testing

@testable import Licensing
@testable import LicensingDomain

struct ProcedureStoreTests {
    @Test func theCalendarReadsDaysOffAndMakeUpWorkingDaysApart() async throws {
        try await withLicenceStore { _, database in
            let store = ProcedureStore(database: database)
            try await store.setHolidays(
                [
                    Holiday(date: day("2023-01-20"), name: "Tết Nguyên đán"),
                    Holiday(date: day("2023-01-28"), name: "Làm bù", workingDay: true),
                ], in: 2023)
            let calendar = try await store.calendar()
            #expect(calendar.holidays.contains(day("2023-01-20")))
            #expect(calendar.extraWorkingDays.contains(day("2023-01-28")))
            #expect(!calendar.holidays.contains(day("2023-01-28")))
            #expect(!calendar.isWorkingDay(day("2023-01-20")) && calendar.isWorkingDay(day("2023-01-28")))
            // The shipped years come with it: 2024's make-up Saturday and its Tết.
            #expect(calendar.extraWorkingDays.contains(day("2024-05-04")))
            #expect(calendar.holidays.contains(day("2024-02-08")))
            let stored = Holiday.official.filter { $0.date.year != 2023 }.count + 2
            #expect(calendar.holidays.count + calendar.extraWorkingDays.count == stored)
        }
    }
}
