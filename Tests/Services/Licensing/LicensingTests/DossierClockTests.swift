import AdminUnits
import Testing

@testable import Licensing
@testable import LicensingDomain

/// Part of 2023's days off (Tết, 20-26 January, and 1 May), as an officer would enter them; the
/// service ships the official ones (`Holiday.official`), tested below.
let calendar2023 = WorkingCalendar(
    holidays: Set(
        ["2023-01-02", "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-05-01"]
            .map(day)))

let publicationPermit = Procedure.defaults.first { $0.code == "1.003868" }!
let newsletterPermit = Procedure.defaults.first { $0.code == "DIC-NEWS-ISSUE" }!

struct DossierClockTests {
    @Test func workingDaysSkipWeekendsAndHolidays() {
        #expect(calendar2023.adding(workingDays: 1, to: day("2023-03-31")) == day("2023-04-03"))  // Friday → Monday
        // Received the Thursday before Tết: 10 working days run from 27 January to 9 February.
        #expect(calendar2023.adding(workingDays: 10, to: day("2023-01-19")) == day("2023-02-09"))
        #expect(calendar2023.workingDays(after: day("2023-01-19"), through: day("2023-01-27")) == 1)
        let makeUp = WorkingCalendar(extraWorkingDays: [day("2023-01-28")])  // a make-up Saturday
        #expect(makeUp.isWorkingDay(day("2023-01-28")) && !calendar2023.isWorkingDay(day("2023-01-28")))
    }

    @Test func aPublicationPermitIsDueInTenWorkingDays() {
        let clock = DossierClock(receivedOn: day("2023-03-01"), procedure: publicationPermit)
        #expect(clock.dueDate(calendar2023) == day("2023-03-15"))
    }

    @Test func aNewsletterPermitIsDueInTwentyCalendarDays() {
        let clock = DossierClock(receivedOn: day("2023-01-19"), procedure: newsletterPermit)
        #expect(clock.dueDate(calendar2023) == day("2023-02-08"))  // Tết does not stop calendar days
    }

    @Test func theClockStopsWhileWaitingForASupplement() {
        var clock = DossierClock(
            receivedOn: day("2023-03-01"), procedure: publicationPermit,
            pauses: [.init(from: day("2023-03-03"), until: nil)])
        #expect(clock.dueDate(calendar2023) == nil)
        #expect(clock.timeliness(resolvedOn: nil, today: day("2023-06-30"), calendar2023) == .pendingWithinTime)
        // Waited Monday 6 to Friday 10 March: five working days added.
        clock.pauses[0].until = day("2023-03-10")
        #expect(clock.dueDate(calendar2023) == day("2023-03-22"))
    }

    @Test func aCalendarDayDeadlineOnADayOffEndsOnTheNextWorkingDay() {
        // 20 calendar days from Sunday 5 March 2023 end on Saturday 25 March: Monday 27 March.
        let weekend = DossierClock(receivedOn: day("2023-03-05"), procedure: newsletterPermit)
        #expect(weekend.dueDate(calendar2023) == day("2023-03-27"))
        // From 1 January they end on Saturday 21 January, in Tết: the first day back, Friday 27 January.
        let tet = DossierClock(receivedOn: day("2023-01-01"), procedure: newsletterPermit)
        #expect(tet.dueDate(calendar2023) == day("2023-01-27"))
        #expect(tet.timeliness(resolvedOn: day("2023-01-27"), today: day("2023-02-01"), calendar2023) == .onTime)
        // Working-day deadlines never land on a day off: nothing to move.
        #expect(
            calendar2023.isWorkingDay(
                DossierClock(receivedOn: day("2023-01-19"), procedure: publicationPermit)
                    .dueDate(calendar2023) ?? day("2023-01-21")))
    }

    @Test func aSupplementPausesFromTheDayAfterItIsRequestedUntilItArrives() {
        // 20 calendar days from Wednesday 1 March; a supplement asked for on Friday 3 March arrives on
        // Wednesday 8 March: 3 March was worked, 4-8 March (5 days) were not, so the 21st becomes the 26th
        // (a Sunday): Monday 27 March.
        let clock = DossierClock(
            receivedOn: day("2023-03-01"), procedure: newsletterPermit,
            pauses: [.init(from: day("2023-03-03"), until: day("2023-03-08"))])
        #expect(clock.dueDate(calendar2023) == day("2023-03-27"))
        // Asked for and answered on the same day: no day was lost.
        let sameDay = DossierClock(
            receivedOn: day("2023-03-01"), procedure: newsletterPermit,
            pauses: [.init(from: day("2023-03-03"), until: day("2023-03-03"))])
        #expect(sameDay.dueDate(calendar2023) == day("2023-03-21"))
    }

    @Test func theOfficialDaysOffAreWeekdaysAndTheMakeUpDaysSaturdays() throws {
        for holiday in Holiday.official { try holiday.validate() }
        let years = Set(Holiday.official.map(\.date.year))
        #expect(years == [2023, 2024, 2025, 2026])
        #expect(Set(Holiday.official.map(\.date)).count == Holiday.official.count)
        // Each Tết: five weekdays off.
        for year in years {
            #expect(Holiday.official.filter { $0.date.year == year && $0.name.hasPrefix("Tết Nguyên đán") }.count == 5)
        }
        // The swaps keep the year's working time: one Saturday worked for each weekday swapped.
        #expect(
            Holiday.official.filter(\.workingDay).count
                == Holiday.official.filter { $0.name.hasPrefix("Nghỉ hoán đổi") }.count)
    }

    @Test func theRestartPolicyCountsAfreshFromTheSupplement() {
        let clock = DossierClock(
            receivedOn: day("2023-03-01"), procedure: publicationPermit,
            pauses: [.init(from: day("2023-03-03"), until: day("2023-03-10"))], policy: .restart)
        #expect(clock.dueDate(calendar2023) == day("2023-03-24"))
    }

    @Test func resolvedDossiersAreEarlyOnTimeOrLateAndPendingOnesWithinTimeOrOverdue() {
        let clock = DossierClock(receivedOn: day("2023-03-01"), procedure: publicationPermit)
        let today = day("2023-03-20")
        #expect(clock.timeliness(resolvedOn: day("2023-03-14"), today: today, calendar2023) == .early)
        #expect(clock.timeliness(resolvedOn: day("2023-03-15"), today: today, calendar2023) == .onTime)
        #expect(clock.timeliness(resolvedOn: day("2023-03-16"), today: today, calendar2023) == .late)
        #expect(clock.timeliness(resolvedOn: nil, today: day("2023-03-15"), calendar2023) == .pendingWithinTime)
        #expect(clock.timeliness(resolvedOn: nil, today: day("2023-03-16"), calendar2023) == .overdue)
    }

    @Test func shippedProceduresHaveOneCodeEachAndOnlyLawfulActions() {
        #expect(Set(Procedure.defaults.map(\.code)).count == Procedure.defaults.count)
        for kind in LicenceKind.allCases {
            #expect(Procedure.defaults.contains { $0.kind == kind }, "\(kind) has no procedure")
        }
        for procedure in Procedure.defaults { #expect(procedure.kind.actions.contains(procedure.action)) }
    }
}
