import AdminUnits
import Testing

@testable import Licensing
@testable import LicensingDomain

/// Tết 2023 (20-26 January) and the 30 April / 1 May and 2 September holidays, as an officer would
/// enter them; the calendar ships none, since the government sets the days off each year.
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
