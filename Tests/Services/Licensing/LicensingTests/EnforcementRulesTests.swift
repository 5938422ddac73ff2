import AdminUnits
import DICTestSupport
import Testing

@testable import Licensing
@testable import LicensingDomain

/// Sanctions, holders' obligations, organisations and the holiday calendar, one rule per test.
struct EnforcementRulesTests {
    func fine(_ amount: Int64, suspends: Bool = false, licence: String = "") -> Sanction {
        Sanction(
            decisionNumber: "05/QĐ-XPHC", decidedOn: day("2023-03-15"), subjectID: "org-1", licenceID: licence,
            violatedProvision: "Điểm a khoản 1 Điều 101 Nghị định 15/2020/NĐ-CP", fineVND: amount,
            suspendsLicence: suspends)
    }

    @Test func aFineIsNeverNegativeNorPastTheConfiguredBound() {
        refused(.invalidValue, "fine_vnd") { try fine(-1).validate(rules: rules) }
        refused(.invalidValue, "fine_vnd") { try fine(rules.maximumFineVND + 1).validate(rules: rules) }
    }

    @Test func aSanctionThatSuspendsNamesTheLicence() {
        refused(.invalidValue, "licence_id") { try fine(10_000_000, suspends: true).validate(rules: rules) }
    }

    @Test func aFineIsSettledOnceAndNotBeforeTheDecision() throws {
        var sanction = fine(10_000_000)
        #expect(sanction.payment == .unpaid)
        refused(.invalidValue, "settled_on") { try sanction.settle(.paid, on: day("2023-03-14")) }
        refused(.invalidValue, "payment_status") { try sanction.settle(.unpaid, on: day("2023-03-20")) }
        try sanction.settle(.paid, on: day("2023-03-20"))
        refused(.notAllowedNow, "payment_status") { try sanction.settle(.exempted, on: day("2023-03-21")) }
        #expect(sanction.payment == .paid && sanction.settledOn == day("2023-03-20"))
    }

    @Test func aSanctionWithoutAFineHasNothingToPay() {
        #expect(fine(0).payment == .exempted)
    }

    @Test func aWebsiteInForceAtTheYearsEndOwesAReportBy15January() throws {
        let licence = try websiteLicence(issued: "2020-06-01", until: "2025-06-01")
        let owed = Obligation.owed(by: licence, id: "lic-1", year: 2022, rules: rules)
        #expect(owed.map(\.dueOn) == [day("2023-01-15")])
        #expect(owed.first?.isOverdue(today: day("2023-01-16")) == true)
        #expect(owed.first?.isOverdue(today: day("2023-01-15")) == false)
        // Not yet issued at the end of 2019; expired before the end of 2025.
        #expect(Obligation.owed(by: licence, id: "lic-1", year: 2019, rules: rules).isEmpty)
        #expect(Obligation.owed(by: licence, id: "lic-1", year: 2025, rules: rules).isEmpty)
    }

    @Test func onlyWebsiteLicencesOweAnAnnualReport() throws {
        let permit = try Licence.issue(
            kind: .nonCommercialPublication, number: "6/GP", holderID: "org-1", on: day("2022-02-01"),
            validUntil: nil, content: .publication(.init(title: "Kỷ yếu", pages: 100, printRun: 500)), decision: "6",
            rules: rules)
        #expect(Obligation.owed(by: permit, id: "lic-2", year: 2022, rules: rules).isEmpty)
    }

    @Test func anOrganisationHasANameAndWellFormedContacts() {
        refused(.invalidValue, "name") { try Organisation(name: " ").validate() }
        refused(.invalidValue, "contact_email") { try Organisation(name: "A", contactEmail: "no-at-sign").validate() }
        refused(.invalidValue, "tax_code") { try Organisation(name: "A", taxCode: "47 00").validate() }
        #expect(throws: Never.self) {
            try Organisation(name: "Công ty A", taxCode: "4700123456", contactEmail: "a@backan.vn").validate()
        }
    }

    @Test func aHolidayIsAWeekdayOffAndAMakeUpDayIsAWeekend() {
        // 2023-01-02 was a Monday; 2023-01-07 a Saturday.
        #expect(throws: Never.self) { try Holiday(date: day("2023-01-02"), name: "Nghỉ bù Tết Dương lịch").validate() }
        refused(.invalidValue, "date") { try Holiday(date: day("2023-01-07"), name: "x").validate() }
        refused(.invalidValue, "working_day") {
            try Holiday(date: day("2023-01-02"), name: "x", workingDay: true).validate()
        }
    }
}
