import AdminUnits
import DICTestSupport
import Testing

@testable import Licensing
@testable import LicensingDomain

func dossier(_ code: String, _ channel: Dossier.Channel = .online, received: String) throws -> Dossier {
    try Dossier(
        code: code, procedure: publicationPermit, applicantID: "org-1", channel: channel,
        onlineType: channel == .online ? .fullProcess : .none, receivedOn: day(received))
}

struct DossierTests {
    @Test func aDossierMovesOnlyAlongTheOneStopSteps() throws {
        var one = try dossier("000.00.21.H03-230301-0001", received: "2023-03-01")
        let rule = refused(.notAllowedNow, "status") { try one.move(to: .resolved, on: day("2023-03-02")) }
        #expect(rule.contains("in_process") || rule.contains("inProcess"))
        try one.move(to: .inProcess, on: day("2023-03-02"))
        refused(.invalidValue, "result_licence") { try one.move(to: .resolved, on: day("2023-03-10")) }
        refused(.invalidValue, "on") { try one.move(to: .resolved, on: day("2023-03-01"), resultLicence: "6/GP") }
        try one.move(to: .resolved, on: day("2023-03-10"), resultLicence: "6/GP-XBTL")
        try one.move(to: .returned, on: day("2023-03-11"))
        let closed = refused(.notAllowedNow, "status") { try one.move(to: .withdrawn, on: day("2023-03-12")) }
        #expect(closed.contains("closed"))
        #expect(one.steps.map(\.status) == [.received, .inProcess, .resolved, .returned])
    }

    @Test func aSupplementRequestStopsTheClockUntilTheSupplementArrives() throws {
        var one = try dossier("D-2", received: "2023-03-01")
        try one.move(to: .inProcess, on: day("2023-03-02"))
        try one.move(to: .supplementRequested, on: day("2023-03-03"))
        #expect(one.clock().dueDate(calendar2023) == nil)
        #expect(!one.isLate(today: day("2023-06-30"), calendar2023))
        try one.move(to: .inProcess, on: day("2023-03-10"))
        #expect(one.clock().dueDate(calendar2023) == day("2023-03-22"))
        #expect(one.isLate(today: day("2023-03-23"), calendar2023))
    }

    /// Each step is read with the dossier in every list: the supplements asked for stop at the
    /// bound, and the dossier can still be closed.
    @Test func aDossierIsAskedForSupplementsAtMostItsBound() throws {
        var one = try dossier("D-S", received: "2023-03-01")
        try one.move(to: .inProcess, on: day("2023-03-02"))
        for _ in 0..<Dossier.maximumSupplementRequests {
            try one.move(to: .supplementRequested, on: day("2023-03-03"))
            try one.move(to: .inProcess, on: day("2023-03-03"))
        }
        let rule = refused(.notAllowedNow, "status") { try one.move(to: .supplementRequested, on: day("2023-03-05")) }
        #expect(rule.hasPrefix("the dossier has been asked for supplements 10 times"))
        #expect(one.steps.count == 2 + 2 * Dossier.maximumSupplementRequests)
        try one.move(to: .refused, on: day("2023-03-06"), note: "thiếu hồ sơ")
        try one.move(to: .returned, on: day("2023-03-07"))
        #expect(one.status == .returned)
    }

    @Test func aSupplementAskedForAfterTheQuarterDoesNotChangeTheQuarter() throws {
        var one = try dossier("D-3", received: "2023-03-01")  // due 15 March
        try one.move(to: .inProcess, on: day("2023-03-02"))
        let q1 = { (dossier: Dossier) in
            LicensingStatistics(
                actions: [:], dossiers: [dossier], from: day("2023-01-01"), through: day("2023-03-31"),
                calendar: calendar2023)
        }
        let before = q1(one).pending
        #expect(before == [.overdue: 1])
        // In April the department asks for a supplement: on 31 March the dossier was still overdue.
        try one.move(to: .supplementRequested, on: day("2023-04-05"))
        #expect(q1(one).pending == before)
        #expect(one.clock(asOf: day("2023-04-06")).dueDate(calendar2023) == nil)
    }

    @Test func onlineTypeAndOnlinePaymentBelongToOnlineDossiersOnly() {
        refused(.invalidValue, "online_type") {
            _ = try Dossier(
                code: "D", procedure: publicationPermit, applicantID: "o", channel: .postal, onlineType: .partial,
                receivedOn: day("2023-01-03"))
        }
        refused(.invalidValue, "online_type") {
            _ = try Dossier(
                code: "D", procedure: publicationPermit, applicantID: "o", channel: .online,
                receivedOn: day("2023-01-03"))
        }
        refused(.invalidValue, "paid_online") {
            _ = try Dossier(
                code: "D", procedure: publicationPermit, applicantID: "o", channel: .inPerson,
                receivedOn: day("2023-01-03"), paidOnline: true)
        }
    }
}

struct LicensingStatisticsTests {
    /// The licensing actions of the Q1/2023 report, made through the rules, with events either side
    /// of the quarter that must not count.
    @Test func actionsInAPeriodAreCountedByTypeAndAction() throws {
        var licences: [Licence] = []
        for index in 0..<6 {
            licences.append(
                try Licence.issue(
                    kind: .nonCommercialPublication, number: "\(index)/GP-XBTL", holderID: "o",
                    on: day("2023-02-0\(index + 1)"),
                    validUntil: nil, content: .publication(.init(title: "Tài liệu \(index)", pages: 40, printRun: 200)),
                    decision: "", rules: rules))
        }
        let newsletterContent = LicenceContent.newsletter(
            .init(
                name: "Bản tin", periodicity: "tháng", widthCM: 19, heightCM: 27, pages: 24, printRun: 300,
                responsiblePerson: "B"))
        for index in 0..<4 {
            var permit = try Licence.issue(
                kind: .newsletter, number: "\(index)/GP-XBBT", holderID: "o", on: day("2023-03-1\(index)"),
                validUntil: nil, content: newsletterContent, decision: "", rules: rules)
            if index == 0 {
                try permit.apply(
                    LicenceChange(.changeApproved, on: day("2023-03-30"), content: newsletterContent), rules: rules)
                try permit.apply(
                    LicenceChange(.changeApproved, on: day("2023-04-01"), content: newsletterContent), rules: rules)
            }
            licences.append(permit)
        }
        var siteA = try websiteLicence(issued: "2015-06-01", until: "2023-03-15")
        try siteA.apply(LicenceChange(.amend, on: day("2022-12-31"), content: site), rules: rules)  // before Q1
        try siteA.apply(
            LicenceChange(
                .extend, on: day("2023-02-20"), newValidUntil: day("2025-03-15"), requestedOn: day("2023-02-01")),
            rules: rules)
        var siteB = try websiteLicence(issued: "2018-01-01", until: "2023-04-30")
        try siteB.apply(LicenceChange(.amend, on: day("2023-01-10"), content: site), rules: rules)
        try siteB.apply(LicenceChange(.amend, on: day("2023-02-14"), content: site), rules: rules)
        try siteB.apply(
            LicenceChange(
                .extend, on: day("2023-03-28"), newValidUntil: day("2025-04-30"), requestedOn: day("2023-03-01")),
            rules: rules)
        try siteB.apply(LicenceChange(.amend, on: day("2023-03-31"), content: site), rules: rules)
        licences += [siteA, siteB]
        let shop = LicenceContent.printing(
            .init(facilityName: "In Bắc Kạn", address: "Phường Đức Xuân", activities: ["in"]))
        licences.append(
            try Licence.issue(
                kind: .printFacilityRegistration, number: "1/ĐK", holderID: "o", on: day("2023-01-05"), validUntil: nil,
                content: shop, decision: "", rules: rules))
        var press = try Licence.issue(
            kind: .printingPress, number: "2/GP-IN", holderID: "o", on: day("2019-05-05"), validUntil: nil,
            content: shop, decision: "", rules: rules)
        try press.apply(LicenceChange(.exchange, on: day("2023-03-01"), content: shop), rules: rules)
        licences.append(press)

        let q1 = LicensingStatistics(
            licences: licences, dossiers: [], from: day("2023-01-01"), through: day("2023-03-31"),
            calendar: calendar2023)
        func count(_ kind: LicenceKind, _ action: LicenceAction) -> Int {
            q1.actions[.init(kind: kind, action: action)] ?? 0
        }
        #expect(count(.nonCommercialPublication, .issue) == 6)
        #expect(count(.newsletter, .issue) == 4)
        #expect(count(.newsletter, .changeApproved) == 1)
        #expect(count(.website, .extend) == 2)
        #expect(count(.printFacilityRegistration, .issue) == 1)
        #expect(count(.printingPress, .exchange) == 1)
        #expect(count(.website, .amend) == 3)
        #expect(count(.website, .issue) == 0)
        #expect(q1.actions.values.reduce(0, +) == 18)
    }

    @Test func dossiersAreCountedByChannelTimelinessAndOnlineRate() throws {
        var early = try dossier("A", received: "2023-03-01")
        try early.move(to: .inProcess, on: day("2023-03-01"))
        try early.move(to: .resolved, on: day("2023-03-10"), resultLicence: "1")
        var late = try dossier("B", .postal, received: "2023-03-01")
        try late.move(to: .inProcess, on: day("2023-03-02"))
        try late.move(to: .refused, on: day("2023-03-20"))
        let overdue = try dossier("C", .inPerson, received: "2023-03-01")
        let withinTime = try dossier("D", received: "2023-03-28")
        var decidedLater = try dossier("E", received: "2023-03-27")
        try decidedLater.move(to: .inProcess, on: day("2023-03-28"))
        try decidedLater.move(to: .resolved, on: day("2023-04-05"), resultLicence: "2")
        let previousQuarter = try dossier("F", received: "2022-12-01")

        let q1 = LicensingStatistics(
            licences: [], dossiers: [early, late, overdue, withinTime, decidedLater, previousQuarter],
            from: day("2023-01-01"), through: day("2023-03-31"), calendar: calendar2023)
        #expect(q1.receivedByChannel == [.online: 3, .postal: 1, .inPerson: 1])
        #expect(q1.onlineRate == 0.6)
        #expect(q1.decided == [.early: 1, .late: 1])
        #expect(q1.pending == [.overdue: 2, .pendingWithinTime: 2])  // C and F overdue; D and E within time
    }
}
