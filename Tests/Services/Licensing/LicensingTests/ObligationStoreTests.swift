import Testing

@testable import Licensing
@testable import LicensingDomain

struct ObligationStoreTests {
    /// Across pages every licence is still judged on its own versions, and the order is the number's.
    @Test func aYearsObligationsCoverEveryLicenceAcrossPages() async throws {
        try await withLicenceStore { store, database in
            let count = 1_061
            var register: [LicenceStore.Stored] = []
            var owing: [String] = []
            for index in 0..<count {
                let number = "\(String(count - index).leftPadded(to: 5))/GP"
                var licence = try Licence.issue(
                    kind: .website, number: number, holderID: "org-1", on: day("2020-01-01"),
                    validUntil: day("2026-01-01"), content: site, decision: number, rules: rules)
                // Every seventh was revoked during 2022: it owes nothing for that year.
                if index % 7 == 3 {
                    try licence.apply(LicenceChange(.revoke, on: day("2022-05-01"), reason: "thu hồi"), rules: rules)
                } else {
                    owing.append(number)
                }
                register.append(.init(id: "L\(index)", licence: licence))
            }
            try await store.insertMany(register)
            let obligations = ObligationStore(database: database, rules: rules)
            let owed = try await obligations.all(ObligationStore.Filter(year: 2022), pageSize: 250)
            #expect(owed.map(\.licenceNumber) == owing.sorted())
            let page = try await obligations.obligations(ObligationStore.Filter(year: 2022), limit: 100, offset: 800)
            #expect(page.total == owing.count && page.page.map(\.licenceNumber) == Array(owing.sorted()[800..<900]))
            #expect(Set(owed.map(\.licenceID)).count == owing.count)
        }
    }
    /// The store reads only the licence's number and holder and each version's date, status and
    /// term: for licences suspended, extended, lapsed, revoked and issued late, and one of
    /// another type, it owes what the rule gives each whole licence, year by year, and one
    /// licence's obligation read alone is the same, with its fulfilment.
    @Test func aYearsObligationsAreWhatTheRuleGivesEachWholeLicence() async throws {
        try await withLicenceStore { store, database in
            func website(_ number: String, _ issued: String, _ until: String) throws -> Licence {
                try Licence.issue(
                    kind: .website, number: number, holderID: "org-1", on: day(issued), validUntil: day(until),
                    content: site, decision: number, rules: rules)
            }
            var plain = try website("10/GP", "2020-01-01", "2026-01-01")
            try plain.apply(LicenceChange(.amend, on: day("2021-02-01"), decision: "1/SĐ", content: site), rules: rules)
            var suspended = try website("20/GP", "2021-06-01", "2026-01-01")
            try suspended.apply(LicenceChange(.suspend, on: day("2022-12-01"), reason: "vi phạm"), rules: rules)
            var extended = try website("30/GP", "2020-01-01", "2022-12-30")
            try extended.apply(
                LicenceChange(
                    .extend, on: day("2022-12-01"), newValidUntil: day("2024-06-30"), requestedOn: day("2022-11-20")),
                rules: rules)
            // Its term ends mid-2023 with nothing recorded: it owes nothing for 2023.
            let lapsed = try website("05/GP", "2020-01-01", "2023-06-30")
            var revoked = try website("50/GP", "2020-01-01", "2026-01-01")
            try revoked.apply(LicenceChange(.revoke, on: day("2021-05-01"), reason: "thu hồi"), rules: rules)
            let late = try website("60/GP", "2024-03-01", "2029-01-01")
            // On the days where the rule turns: a term that ends on the year's last day (in force
            // on it), and a revocation on that day (standing on it).
            let toYearEnd = try website("07/GP", "2021-01-01", "2023-12-31")
            var revokedAtYearEnd = try website("08/GP", "2020-01-01", "2026-01-01")
            try revokedAtYearEnd.apply(LicenceChange(.revoke, on: day("2022-12-31"), reason: "thu hồi"), rules: rules)
            let press = try Licence.issue(
                kind: .printingPress, number: "70/GP", holderID: "org-1", on: day("2020-01-01"),
                validUntil: nil,
                content: .printing(.init(facilityName: "In", address: "Tổ 1", activities: ["in"])), decision: "70/GP",
                rules: rules)
            let register: [LicenceStore.Stored] = [
                plain, suspended, extended, lapsed, revoked, late, press, toYearEnd, revokedAtYearEnd,
            ]
            .enumerated().map { .init(id: "L\($0.offset)", licence: $0.element) }
            try await store.insertMany(register)
            let obligations = ObligationStore(database: database, rules: rules)
            for year in 2020...2025 {
                let expected = register.sorted { ($0.licence.number, $0.id) < ($1.licence.number, $1.id) }
                    .flatMap { Obligation.owed(by: $0.licence, id: $0.id, year: year, rules: rules) }
                var filter = ObligationStore.Filter(year: year)
                let owed = try await obligations.all(filter, pageSize: 2)
                #expect(owed == expected, "\(year)")
                filter.outstandingOnly = true
                #expect(try await obligations.all(filter, pageSize: 3) == expected, "\(year)")
                for stored in register {
                    let alone = try await obligations.obligation(
                        licenceID: stored.id, kind: .websiteAnnualReport, year: year)
                    #expect(alone == expected.first { $0.licenceID == stored.id }, "\(stored.id) \(year)")
                }
            }
            // Owed in 2022 by the extended licence (which the old term would have ended): 5 of 9.
            #expect(
                try await obligations.all(ObligationStore.Filter(year: 2022)).map(\.licenceNumber) == [
                    "05/GP", "07/GP", "10/GP", "20/GP", "30/GP",
                ])
            let met = try await obligations.fulfil(
                licenceID: "L2", kind: .websiteAnnualReport, year: 2022, on: day("2023-01-10"), requestID: "r-1")
            #expect(met.fulfilledOn == day("2023-01-10") && met.licenceNumber == "30/GP")
            var year = ObligationStore.Filter(year: 2022)
            #expect(try await obligations.all(year).first { $0.licenceID == "L2" } == met)
            year.outstandingOnly = true
            #expect(try await obligations.all(year).map(\.licenceNumber) == ["05/GP", "07/GP", "10/GP", "20/GP"])
            #expect(try await obligations.obligation(licenceID: "L2", kind: .websiteAnnualReport, year: 2022) == met)
            #expect(try await obligations.obligation(licenceID: "none", kind: .websiteAnnualReport, year: 2022) == nil)
        }
    }
}

extension ObligationStore {
    /// Every obligation `filter` keeps, read a page at a time.
    fileprivate func all(_ filter: Filter, pageSize: Int = 1_000) async throws -> [Obligation] {
        var found: [Obligation] = []
        while true {
            let (page, total) = try await obligations(filter, limit: pageSize, offset: found.count)
            found += page
            if page.isEmpty || found.count >= total { return found }
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
