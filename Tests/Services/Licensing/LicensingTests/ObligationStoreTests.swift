import Testing

@testable import Licensing
@testable import LicensingDomain

struct ObligationStoreTests {
    /// The licences are read in batches (``ObligationStore/licencesPerRead``): across batch
    /// boundaries every licence is still judged on its own versions, and the order is the number's.
    @Test func aYearsObligationsCoverEveryLicenceAcrossReads() async throws {
        try await withLicenceStore { store, database in
            let count = ObligationStore.licencesPerRead * 2 + 37
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
            let owed = try await ObligationStore(database: database, rules: rules).obligations(for: 2022)
            #expect(owed.map(\.licenceNumber) == owing.sorted())
            #expect(Set(owed.map(\.licenceID)).count == owing.count)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
