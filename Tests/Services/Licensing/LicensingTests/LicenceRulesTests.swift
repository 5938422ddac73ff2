import AdminUnits
import CalendarDates
import DICTestSupport
import Testing

@testable import Licensing
@testable import LicensingDomain

func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

let rules = LicenceRules()

let site = LicenceContent.website(
    .init(
        domains: ["backan.example.vn"], sections: ["Tin tức"], responsiblePerson: "Nguyễn Văn A",
        serverLocation: "Viettel IDC, Hà Nội", serverInVietnam: true))

func websiteLicence(issued: String = "2020-06-01", until: String = "2025-06-01") throws -> Licence {
    try Licence.issue(
        kind: .website, number: "12/GP-STTTT", holderID: "org-1", on: day(issued), validUntil: day(until),
        content: site, decision: "12/GP-STTTT", rules: rules)
}

/// One test per rule of Decree 72/2013 (as amended by Decree 27/2018) and the Press Law 2016, as
/// the domain notes give them.
struct LicenceRulesTests {
    /// A licence is read whole, every version's content with it: the content holds 64 KiB of text
    /// in all, lists included, at issue and at each amendment, counted in bytes.
    @Test func aLicencesContentHoldsAtMost64KiBOfText() throws {
        func site(sections: Int, last: Int) -> LicenceContent {
            // 250 sections of 256 bytes, then one of `last`: "ả" is three bytes.
            var sections = Array(repeating: String(repeating: "a", count: 256), count: sections)
            sections.append(String(repeating: "ả", count: last / 3) + String(repeating: "a", count: last % 3))
            return .website(
                .init(
                    domains: ["backan.example.vn"], sections: sections, responsiblePerson: "Nguyễn Văn A",
                    serverLocation: "Hà Nội", serverInVietnam: true))
        }
        // The domain and the two names take 17 + 14 + 8 bytes.
        let fixed = 17 + "Nguyễn Văn A".utf8.count + "Hà Nội".utf8.count
        let full = site(sections: 250, last: (64 << 10) - fixed - 250 * 256)
        #expect(full.textBytes == 64 << 10)
        var licence = try Licence.issue(
            kind: .website, number: "1/GP", holderID: "org-1", on: day("2024-01-01"), validUntil: day("2030-01-01"),
            content: full, decision: "1/GP", rules: rules)
        let over = site(sections: 250, last: (64 << 10) - fixed - 250 * 256 + 1)
        #expect(
            refused(.invalidValue, "content") {
                _ = try Licence.issue(
                    kind: .website, number: "2/GP", holderID: "org-1", on: day("2024-01-01"),
                    validUntil: day("2030-01-01"), content: over, decision: "2/GP", rules: rules)
            }.hasPrefix("at most 65536 bytes of text in all"))
        refused(.invalidValue, "content") {
            try licence.apply(LicenceChange(.amend, on: day("2024-06-01"), content: over), rules: rules)
        }
        #expect(licence.versions.count == 1)
    }

    /// Every read of a licence reads every version: the changes no state ends (amendments,
    /// reissues, exchanges) stop at the bound, and the status events still apply after it.
    @Test func aLicenceRecordsAtMostItsBoundOfChanges() throws {
        var bounded = rules
        bounded.maximumChanges = 3
        var licence = try websiteLicence(until: "2030-06-01")
        try licence.apply(LicenceChange(.amend, on: day("2021-01-01"), content: site), rules: bounded)
        try licence.apply(LicenceChange(.reissue, on: day("2021-02-01")), rules: bounded)
        try licence.apply(LicenceChange(.amend, on: day("2021-03-01"), content: site), rules: bounded)
        let rule = refused(.notAllowedNow, "action") {
            try licence.apply(LicenceChange(.amend, on: day("2021-04-01"), content: site), rules: bounded)
        }
        #expect(rule == "the licence has recorded 3 changes, the most one licence keeps: issue a new licence")
        refused(.notAllowedNow, "action") {
            try licence.apply(LicenceChange(.reissue, on: day("2021-04-01")), rules: bounded)
        }
        #expect(licence.versions.count == 4)
        try licence.apply(LicenceChange(.suspend, on: day("2021-05-01")), rules: bounded)
        try licence.apply(LicenceChange(.liftSuspension, on: day("2021-06-01")), rules: bounded)
        try licence.apply(LicenceChange(.revoke, on: day("2021-07-01")), rules: bounded)
        #expect(licence.status == .revoked && licence.versions.count == 7)
        // The default leaves room for a hundred.
        #expect(rules.maximumChanges == 100)
    }

    @Test func aWebsiteLicenceLastsAtMostTenYears() throws {
        _ = try websiteLicence(issued: "2020-06-01", until: "2030-06-01")
        let rule = refused(.invalidValue, "valid_until") {
            _ = try websiteLicence(issued: "2020-06-01", until: "2030-06-02")
        }
        #expect(rule.contains("10 years") && rule.contains("2030-06-01"))
    }

    @Test func aWebsiteLicenceIsExtendedAtMostTwiceByAtMostTwoYears() throws {
        var licence = try websiteLicence(until: "2025-06-01")
        refused(.invalidValue, "new_valid_until") {
            try licence.apply(
                LicenceChange(
                    .extend, on: day("2025-05-10"), newValidUntil: day("2027-06-02"), requestedOn: day("2025-04-01")),
                rules: rules)
        }
        try licence.apply(
            LicenceChange(
                .extend, on: day("2025-05-10"), newValidUntil: day("2027-06-01"), requestedOn: day("2025-04-01")),
            rules: rules)
        try licence.apply(
            LicenceChange(
                .extend, on: day("2027-05-10"), newValidUntil: day("2029-06-01"), requestedOn: day("2027-04-01")),
            rules: rules)
        #expect(licence.validUntil == day("2029-06-01") && licence.count(of: .extend) == 2)
        let rule = refused(.notAllowedNow, "action") {
            try licence.apply(
                LicenceChange(
                    .extend, on: day("2029-05-10"), newValidUntil: day("2030-06-01"), requestedOn: day("2029-04-01")),
                rules: rules)
        }
        #expect(rule.contains("at most 2 times"))
    }

    @Test func anExtensionMustBeAskedForAtLeastThirtyDaysBeforeExpiry() throws {
        var licence = try websiteLicence(until: "2025-06-01")
        let rule = refused(.notAllowedNow, "requested_on") {
            try licence.apply(
                LicenceChange(
                    .extend, on: day("2025-05-20"), newValidUntil: day("2027-06-01"), requestedOn: day("2025-05-03")),
                rules: rules)
        }
        #expect(rule.contains("2025-05-02"))
        try licence.apply(
            LicenceChange(
                .extend, on: day("2025-05-20"), newValidUntil: day("2027-06-01"), requestedOn: day("2025-05-02")),
            rules: rules)
        #expect(licence.validUntil == day("2027-06-01"))
    }

    @Test func aSuspensionLastsThreeMonthsAndThenLiftsByItself() throws {
        var licence = try websiteLicence()
        try licence.apply(LicenceChange(.suspend, on: day("2023-01-16"), decision: "05/QĐ-XPHC"), rules: rules)
        #expect(licence.status == .suspended && licence.suspendedUntil(rules) == day("2023-04-16"))
        licence.catchUp(to: day("2023-04-15"), rules: rules)
        #expect(licence.status == .suspended)
        licence.catchUp(to: day("2023-04-16"), rules: rules)
        #expect(licence.status == .active && licence.current.action == .liftSuspension)
        #expect(licence.current.effectiveOn == day("2023-04-16"))
        #expect(licence.current.reason == "hết thời hạn đình chỉ")
    }

    @Test func aSecondSuspensionLeadsToRevocation() throws {
        var licence = try websiteLicence()
        try licence.apply(LicenceChange(.suspend, on: day("2022-01-10")), rules: rules)
        try licence.apply(LicenceChange(.liftSuspension, on: day("2022-04-10")), rules: rules)
        try licence.apply(LicenceChange(.suspend, on: day("2023-02-01"), decision: "09/QĐ-XPHC"), rules: rules)
        #expect(licence.status == .revoked)
        #expect(licence.current.action == .revoke && licence.current.decisionNumber == "09/QĐ-XPHC")
        #expect(licence.current.reason == "thu hồi do bị đình chỉ lần thứ 2")
    }

    @Test func anExpiredLicenceCannotBeAmended() throws {
        var licence = try websiteLicence(until: "2025-06-01")
        licence.catchUp(to: day("2025-06-02"), rules: rules)
        #expect(licence.status == .expired && licence.current.effectiveOn == day("2025-06-02"))
        #expect(licence.current.reason == "hết thời hạn của giấy phép")
        let rule = refused(.notAllowedNow, "action") {
            try licence.apply(LicenceChange(.amend, on: day("2025-06-10"), content: site), rules: rules)
        }
        #expect(rule.contains("expired"))
        // And before the daily catch-up has run, the date alone says so.
        var stale = try websiteLicence(until: "2025-06-01")
        refused(.notAllowedNow, "effective_on") {
            try stale.apply(LicenceChange(.amend, on: day("2025-06-10"), content: site), rules: rules)
        }
    }

    @Test func noVersionIsEverOverwritten() throws {
        var licence = try websiteLicence()
        var changed = site
        if case .website(var content) = changed {
            content.domains.append("backan2.example.vn")
            changed = .website(content)
        }
        try licence.apply(
            LicenceChange(.amend, on: day("2021-03-01"), decision: "3/GP-SĐ", content: changed), rules: rules)
        try licence.apply(LicenceChange(.reissue, on: day("2022-03-01"), reason: "lost"), rules: rules)
        #expect(licence.versions.map(\.number) == [1, 2, 3])
        #expect(licence.versions[0].content == site && licence.versions[1].content == changed)
        #expect(licence.versions[2].content == changed)  // a reissue keeps the content
        refused(.invalidValue, "effective_on") {  // history is not rewritten from the past
            try licence.apply(LicenceChange(.amend, on: day("2021-01-01"), content: site), rules: rules)
        }
        #expect(licence.versions.count == 3)
    }

    @Test func eachLicenceTypeTakesOnlyItsOwnActions() throws {
        var permit = try Licence.issue(
            kind: .nonCommercialPublication, number: "06/GP-XBTL", holderID: "org-2", on: day("2023-02-01"),
            validUntil: nil, content: .publication(.init(title: "Kỷ yếu", pages: 120, printRun: 300)),
            decision: "06/GP-XBTL", rules: rules)
        let rule = refused(.notAllowedNow, "action") {
            try permit.apply(LicenceChange(.extend, on: day("2023-03-01")), rules: rules)
        }
        #expect(rule.contains("nonCommercialPublication"))
        refused(.notAllowedNow, "action") {
            try permit.apply(LicenceChange(.issue, on: day("2023-03-01")), rules: rules)
        }
        refused(.invalidValue, "content") {
            _ = try Licence.issue(
                kind: .newsletter, number: "1", holderID: "org", on: day("2023-01-01"), validUntil: nil, content: site,
                decision: "", rules: rules)
        }
    }

    @Test func aNewsletterHasAtMostSixtyFourPagesOfAtMostNineteenByTwentySevenCentimetres() throws {
        func newsletter(pages: Int, width: Double) throws -> Licence {
            try Licence.issue(
                kind: .newsletter, number: "4/GP-XBBT", holderID: "org-3", on: day("2023-02-01"), validUntil: nil,
                content: .newsletter(
                    .init(
                        name: "Bản tin Nông nghiệp", periodicity: "quý", widthCM: width, heightCM: 27, pages: pages,
                        printRun: 500, responsiblePerson: "Trần Thị B")),
                decision: "4/GP-XBBT", rules: rules)
        }
        _ = try newsletter(pages: 64, width: 19)
        refused(.invalidValue, "content.pages") { _ = try newsletter(pages: 65, width: 19) }
        refused(.invalidValue, "content.format") { _ = try newsletter(pages: 64, width: 19.5) }
    }

    @Test func aGeneralWebsiteNeedsAServerInVietnamAndRealDomainNames() throws {
        guard case .website(var content) = site else { return }
        content.serverInVietnam = false
        refused(.invalidValue, "content.server_in_vietnam") {
            _ = try Licence.issue(
                kind: .website, number: "1", holderID: "o", on: day("2023-01-01"), validUntil: day("2024-01-01"),
                content: .website(content), decision: "", rules: rules)
        }
        content.serverInVietnam = true
        content.domains = ["báo bắc kạn"]
        refused(.invalidValue, "content.domains") {
            _ = try Licence.issue(
                kind: .website, number: "1", holderID: "o", on: day("2023-01-01"), validUntil: day("2024-01-01"),
                content: .website(content), decision: "", rules: rules)
        }
    }

    @Test func theNumbersAreConfiguration() throws {
        var stricter = LicenceRules()
        stricter.websiteMaximumTermYears = 5
        stricter.suspensionsLeadingToRevocation = 3
        refused(.invalidValue, "valid_until") {
            _ = try Licence.issue(
                kind: .website, number: "1", holderID: "o", on: day("2023-01-01"), validUntil: day("2029-01-01"),
                content: site, decision: "", rules: stricter)
        }
        var licence = try websiteLicence()
        try licence.apply(LicenceChange(.suspend, on: day("2022-01-10")), rules: stricter)
        try licence.apply(LicenceChange(.liftSuspension, on: day("2022-04-10")), rules: stricter)
        try licence.apply(LicenceChange(.suspend, on: day("2023-01-10")), rules: stricter)
        #expect(licence.status == .suspended)
    }

    @Test func refusalsMapToTheRightStatus() {
        #expect(LicensingError.invalid("content.pages", "must be 1 to 64").rpcError.code == .invalidArgument)
        let error = LicensingError.notAllowed("action", "the licence is revoked").rpcError
        #expect(error.code == .failedPrecondition && error.message == "action: the licence is revoked")
    }

    @Test func anExchangeMayGiveTheLicenceANewNumber() throws {
        let press = LicenceContent.printing(.init(facilityName: "In Bắc Kạn", address: "Tổ 1", activities: ["in"]))
        var licence = try Licence.issue(
            kind: .printingPublications, number: "03/GP-IN", holderID: "o", on: day("2021-03-01"), validUntil: nil,
            content: press, decision: "03/GP-IN", rules: rules)
        refused(.invalidValue, "new_number") {
            try licence.apply(.init(.reissue, on: day("2023-02-01"), newNumber: "09/GP-IN"), rules: rules)
        }
        refused(.invalidValue, "new_number") {
            try licence.apply(
                .init(.exchange, on: day("2023-02-01"), content: press, newNumber: "03/GP-IN"), rules: rules)
        }
        try licence.apply(.init(.exchange, on: day("2023-02-01"), content: press, newNumber: "09/GP-IN"), rules: rules)
        #expect(licence.number == "09/GP-IN" && licence.issuedNumber == "03/GP-IN")
        #expect(licence.numberGivenOn == day("2023-02-01"))
        // Under yearly numbering the new number is 2023's, not the issue year's.
        #expect(rules.numberKey(licence) == "printingPublications|09/GP-IN|2023")
        // An exchange without a new number keeps it.
        try licence.apply(.init(.exchange, on: day("2023-05-01"), content: press), rules: rules)
        #expect(licence.number == "09/GP-IN")
    }

    @Test func aPrintFacilityRegistrationIsAmendedWhenItsDetailsChange() throws {
        let facility = LicenceContent.printing(.init(facilityName: "Cơ sở in A", address: "Tổ 1", activities: ["in"]))
        var registration = try Licence.issue(
            kind: .printFacilityRegistration, number: "01/ĐK", holderID: "o", on: day("2023-01-05"), validUntil: nil,
            content: facility, decision: "01/ĐK", rules: rules)
        let moved = LicenceContent.printing(.init(facilityName: "Cơ sở in A", address: "Tổ 7", activities: ["in"]))
        try registration.apply(.init(.amend, on: day("2023-03-01"), decision: "01/ĐK-TĐ", content: moved), rules: rules)
        #expect(registration.current.content == moved && registration.versions.count == 2)
    }
}
