import AdminUnits
import CommonAPI
import Foundation
import Logging
import SQLKit
import ServiceStorage
import ServiceTesting
import Testing

@testable import Licensing
@testable import LicensingDomain

func withLicenceStore<T: Sendable>(_ body: @Sendable (LicenceStore, Database) async throws -> T) async throws -> T {
    try await withTemporaryDatabase(named: "licensing", migrations: LicensingSchema.migrations + AuditLog.migrations) {
        database in
        // The holder the tests' licences name.
        try await database.write { sql in
            try await OrganisationStore.insert(
                .init(id: "org-1", organisation: Organisation(name: "Báo Bắc Kạn", taxCode: "4700100000")), into: sql)
        }
        return try await body(LicenceStore(database: database, rules: rules), database)
    }
}

func issueWebsite(_ store: LicenceStore, id: String, number: String, until: String) async throws -> LicenceStore.Stored
{
    try await store.issue(id: id, requestID: "issue-\(id)-\(number)") { rules throws(LicensingError) in
        try Licence.issue(
            kind: .website, number: number, holderID: "org-1", on: day("2020-06-01"), validUntil: day(until),
            content: site, decision: number, rules: rules)
    }
}

/// A website licence of five years, issued on `date` under `number`.
func issueWebsite(_ store: LicenceStore, id: String, number: String, on date: String) async throws {
    _ = try await store.issue(id: id, requestID: "r-\(id)") { rules throws(LicensingError) in
        try Licence.issue(
            kind: .website, number: number, holderID: "org-1", on: day(date), validUntil: day(date).adding(years: 5),
            content: site, decision: number, rules: rules)
    }
}

struct LicenceStoreTests {
    /// A status other than active is found through the index of the licences not active, in the
    /// register's order, not by reading every licence; the list by status gives the same rows.
    @Test func aRareStatusIsFoundThroughItsIndex() async throws {
        try await withTemporaryDatabase(
            .sqlite, named: "licensing", migrations: LicensingSchema.migrations + AuditLog.migrations
        ) { database in
            func plan(_ status: LicenceStatus) async throws -> [String] {
                var filter = LicenceStore.Filter()
                filter.status = status
                return try await database.read { sql in
                    try await sql.raw(
                        """
                        EXPLAIN QUERY PLAN SELECT l.id FROM licences l \(LicenceStore.whereClause(filter, on: sql))
                        ORDER BY kind, number, issued_year
                        """
                    ).all().map { try $0.decode(column: "detail", as: String.self) }
                }
            }
            let suspended = try await plan(.suspended)
            #expect(suspended.contains { $0.contains("USING INDEX licences_not_active (status=?)") }, "\(suspended)")
            #expect(!suspended.contains { $0.contains("TEMP B-TREE") }, "\(suspended)")
            // Active, most of the register, keeps the register's own order.
            #expect(try await plan(.active).allSatisfy { !$0.contains("licences_not_active") })
        }
        try await withLicenceStore { store, _ in
            for (index, until) in ["2025-06-01", "2026-06-01", "2027-06-01"].enumerated() {
                _ = try await issueWebsite(store, id: "L\(index)", number: "\(index)/GP", until: until)
            }
            _ = try await store.apply(
                LicenceChange(.suspend, on: day("2021-03-01"), reason: "vi phạm"), to: "L1",
                requestID: UUID().uuidString)
            var filter = LicenceStore.Filter()
            filter.status = .suspended
            let (found, total) = try await store.list(filter, window: try PageWindow(nil))
            #expect(found.map(\.id) == ["L1"] && total == 1)
            filter.status = .active
            #expect(try await store.list(filter, window: try PageWindow(nil)).0.map(\.id) == ["L0", "L2"])
        }
    }

    /// A list, and a read without history, decode only the current version's content: the test
    /// spoils an earlier version's stored content, which such reads must never reach.
    /// Numbers restart each year, so an export's pages go on from the last licence's type, number
    /// and year together: a page that ended on "01/GP" of 2021 must still be followed by the
    /// "01/GP" of 2022 and 2023, whatever the page size.
    @Test func anExportPagedAnyWayHoldsEveryLicenceOfANumberReusedEachYear() async throws {
        try await withLicenceStore { store, _ in
            var register: [LicenceStore.Stored] = []
            for (index, (number, year)) in [
                ("01/GP", 2021), ("01/GP", 2022), ("01/GP", 2023), ("02/GP", 2022), ("02/GP", 2023), ("03/GP", 2021),
            ].enumerated() {
                register.append(
                    .init(
                        id: "W\(index)",
                        licence: try Licence.issue(
                            kind: .website, number: number, holderID: "org-1", on: day("\(year)-02-01"),
                            validUntil: day("2030-01-01"), content: site, decision: number, rules: rules)))
            }
            register.append(
                .init(
                    id: "P0",
                    licence: try Licence.issue(
                        kind: .printingPress, number: "01/GP", holderID: "org-1", on: day("2022-02-01"),
                        validUntil: nil,
                        content: .printing(.init(facilityName: "In", address: "Tổ 1", activities: ["in"])),
                        decision: "01/GP", rules: rules)))
            try await store.insertMany(register)
            for size in [1, 2, 4, 500] {
                var exported: [String] = []
                var after: LicenceStore.ExportPosition?
                while true {
                    let (page, end) = try await store.exportPage(kind: nil, after: after, limit: size)
                    exported += page.map(\.0.id)
                    guard let end else { break }
                    after = end
                }
                #expect(exported == ["P0", "W0", "W1", "W2", "W3", "W4", "W5"], "page size \(size)")
            }
        }
    }

    @Test func listsAndReadsWithoutHistoryDecodeOnlyTheCurrentContent() async throws {
        try await withLicenceStore { store, database in
            _ = try await issueWebsite(store, id: "L1", number: "12/GP-STTTT", until: "2025-06-01")
            let amended = LicenceContent.website(
                .init(
                    domains: ["backan.example.vn"], sections: ["Tin tức", "Sự kiện"], responsiblePerson: "Nguyễn Văn A",
                    serverLocation: "Viettel IDC, Hà Nội", serverInVietnam: true))
            _ = try await store.apply(
                LicenceChange(.amend, on: day("2021-03-01"), decision: "3/GP-SĐ", content: amended),
                to: "L1", requestID: UUID().uuidString)
            _ = try await store.apply(
                LicenceChange(.suspend, on: day("2021-04-01"), reason: "vi phạm"), to: "L1",
                requestID: UUID().uuidString)
            try await database.write { sql in
                try await sql.raw(
                    "UPDATE licence_versions SET content_json = 'spoilt' WHERE licence_id = 'L1' AND number < 3"
                ).run()
            }
            let (found, _) = try await store.list(LicenceStore.Filter(), window: try PageWindow(nil))
            #expect(found.map(\.current.content) == [amended])
            #expect(found.first?.number == "12/GP-STTTT" && found.first?.status == .suspended)
            let read = try #require(try await store.get("L1", history: false))
            #expect(read.licence.current.content == amended && !read.historyRead)
            #expect(read.wire(history: true).history.isEmpty)
            await #expect(throws: (any Error).self) { _ = try await store.get("L1") }
        }
    }

    @Test func versionsRoundTripThroughTheDatabase() async throws {
        try await withLicenceStore { store, _ in
            _ = try await issueWebsite(store, id: "L1", number: "12/GP-STTTT", until: "2025-06-01")
            _ = try await store.apply(
                LicenceChange(.amend, on: day("2021-03-01"), decision: "3/GP-SĐ", content: site), to: "L1",
                requestID: UUID().uuidString)
            let applied = try await store.apply(
                LicenceChange(.suspend, on: day("2022-01-10")), to: "L1", requestID: UUID().uuidString)
            let loaded = try #require(try await store.get("L1"))
            #expect(loaded.licence == applied.licence)
            #expect(loaded.licence.versions.map(\.action) == [.issue, .amend, .suspend])
        }
    }

    @Test func aRefusedChangeWritesNothing() async throws {
        try await withLicenceStore { store, database in
            _ = try await issueWebsite(store, id: "L1", number: "12/GP-STTTT", until: "2025-06-01")
            await #expect(throws: LicensingError.self) {
                try await store.apply(
                    LicenceChange(
                        .extend, on: day("2025-05-20"), newValidUntil: day("2027-06-01"), requestedOn: day("2025-05-20")
                    ),
                    to: "L1", requestID: UUID().uuidString)
            }
            await #expect(throws: LicensingError.self) {
                try await issueWebsite(store, id: "L2", number: "12/GP-STTTT", until: "2025-06-01")
            }
            await #expect(throws: LicensingError.self) {
                try await issueWebsite(store, id: "L1", number: "99/GP", until: "2025-06-01")
            }
            #expect(try await store.get("L1")?.licence.versions.count == 1)
            #expect(try await store.get("L2") == nil)
            #expect(try await database.listAudit(Database.AuditQuery()).isEmpty)  // no call: nothing audited
        }
    }

    @Test func expiryIsRecordedByItselfAndExpiringLicencesAreFound() async throws {
        try await withLicenceStore { store, _ in
            _ = try await issueWebsite(store, id: "soon", number: "1/GP", until: "2023-04-20")
            _ = try await issueWebsite(store, id: "later", number: "2/GP", until: "2023-09-01")
            _ = try await issueWebsite(store, id: "past", number: "3/GP", until: "2023-03-01")
            let (expiring, total) = try await store.expiring(
                within: 30, of: day("2023-03-31"), window: try PageWindow(nil))
            #expect(expiring.map(\.id) == ["soon"] && total == 1)
            #expect(expiring.first == (try await store.get("soon", history: false)).map(LicenceStore.Listed.init))
            #expect(try await store.catchUp(to: day("2023-03-31")) == 1)
            #expect(try await store.catchUp(to: day("2023-03-31")) == 0)  // already recorded
            let past = try #require(try await store.get("past"))
            #expect(past.licence.status == .expired && past.licence.current.effectiveOn == day("2023-03-02"))
        }
    }

    @Test func expiringLicencesComeInPagesSoonestFirst() async throws {
        try await withLicenceStore { store, _ in
            _ = try await issueWebsite(store, id: "b", number: "2/GP", until: "2023-04-20")
            _ = try await issueWebsite(store, id: "a", number: "1/GP", until: "2023-04-20")
            _ = try await issueWebsite(store, id: "c", number: "3/GP", until: "2023-04-10")
            _ = try await issueWebsite(store, id: "d", number: "4/GP", until: "2023-09-01")
            let first = try PageWindow(PageRequest(pageSize: 2))
            let (page, total) = try await store.expiring(within: 30, of: day("2023-03-31"), window: first)
            #expect(page.map(\.id) == ["c", "a"] && total == 3)
            #expect(first.info(total: total).nextPageToken == "2")
            // Each whole, with its holder named, as a read by id gives it.
            for listed in page {
                #expect(listed == (try await store.get(listed.id, history: false)).map(LicenceStore.Listed.init))
            }
            let second = try PageWindow(PageRequest(pageSize: 2, pageToken: "2"))
            let (rest, sameTotal) = try await store.expiring(within: 30, of: day("2023-03-31"), window: second)
            #expect(rest.map(\.id) == ["b"] && sameTotal == 3)
            #expect(second.info(total: sameTotal).nextPageToken.isEmpty)
        }
    }

    @Test func changesInACallAreAuditedAgainstTheLicence() async throws {
        try await withLicenceStore { store, database in
            try await AuditCall.$current.withValue(AuditCall(principal: "officer", method: "/m", requestID: "r")) {
                _ = try await issueWebsite(store, id: "L1", number: "1/GP", until: "2025-06-01")
                _ = try await store.apply(
                    LicenceChange(.suspend, on: day("2022-01-10")), to: "L1", requestID: UUID().uuidString)
            }
            var query = Database.AuditQuery()
            query.entity = "licence:L1"
            #expect(try await database.listAudit(query).count == 2)
        }
    }

    @Test func periodCountsInSQLMatchTheDomainStatistics() async throws {
        try await withLicenceStore { store, _ in
            var licences: [Licence] = []
            for index in 0..<5 {
                let id = "L\(index)"
                _ = try await issueWebsite(store, id: id, number: "\(index)/GP", until: "2025-06-01")
                _ = try await store.apply(
                    LicenceChange(.amend, on: day("2023-0\(index + 1)-15"), content: site), to: id,
                    requestID: UUID().uuidString)
                licences.append(try #require(try await store.get(id)).licence)
            }
            let counts = try await store.actionCounts(from: day("2023-01-01"), through: day("2023-03-31"))
            let domain = LicensingStatistics(
                licences: licences, dossiers: [], from: day("2023-01-01"), through: day("2023-03-31"),
                calendar: calendar2023)
            #expect(counts == domain.actions)
            #expect(counts[.init(kind: .website, action: .amend)] == 3)
        }
    }

    /// A period's counts are kept by day as versions are written (issued, changed, brought in
    /// with a register), so a quarter's statistics read a few rows, not every version of it.
    @Test func dailyActionCountsAreKeptWithEveryVersionWritten() async throws {
        try await withLicenceStore { store, database in
            for index in 0..<4 {
                _ = try await issueWebsite(store, id: "L\(index)", number: "\(index)/GP", until: "2025-06-01")
                _ = try await store.apply(
                    LicenceChange(.amend, on: day("2023-0\(index % 2 + 1)-15"), content: site), to: "L\(index)",
                    requestID: UUID().uuidString)
            }
            var brought = try Licence.issue(
                kind: .website, number: "9/GP", holderID: "org-1", on: day("2023-01-15"),
                validUntil: day("2025-01-01"), content: site, decision: "", rules: rules)
            try brought.apply(LicenceChange(.amend, on: day("2023-02-15"), content: site), rules: rules)
            try await store.insertMany([.init(id: "R", licence: brought)])
            let (kept, recounted) = try await database.read { sql in
                func rows(_ query: SQLQueryString) async throws -> [String: Int] {
                    var found: [String: Int] = [:]
                    for row in try await sql.raw(query).all() {
                        let key = try ["effective_on", "kind", "action"].map {
                            try row.decode(column: $0, as: String.self)
                        }
                        found[key.joined(separator: " ")] = try row.decode(column: "n", as: Int.self)
                    }
                    return found
                }
                return (
                    try await rows("SELECT effective_on, kind, action, n FROM licence_action_days"),
                    try await rows(
                        """
                        SELECT effective_on, kind, action, COUNT(*) AS n FROM licence_versions
                        GROUP BY effective_on, kind, action
                        """)
                )
            }
            #expect(kept == recounted)
            #expect(kept["2023-02-15 website amend"] == 3)
            let counts = try await store.actionCounts(from: day("2023-01-01"), through: day("2023-02-28"))
            #expect(counts == [.init(kind: .website, action: .amend): 5, .init(kind: .website, action: .issue): 1])
        }
    }

    @Test func aRegisterComesInWholeOrNotAtAll() async throws {
        try await withLicenceStore { store, _ in
            func licence(_ number: String) throws -> Licence {
                var made = try Licence.issue(
                    kind: .website, number: number, holderID: "o", on: day("2020-01-01"), validUntil: day("2025-01-01"),
                    content: site, decision: "", rules: rules)
                try made.apply(LicenceChange(.amend, on: day("2021-01-01"), content: site), rules: rules)
                return made
            }
            try await store.insertMany([
                .init(id: "A", licence: try licence("1/GP")), .init(id: "B", licence: try licence("2/GP")),
            ])
            #expect(try await store.get("B")?.licence.versions.count == 2)
            await #expect(throws: LicensingError.self) {  // C is new, but the second repeats 1/GP
                try await store.insertMany([
                    .init(id: "C", licence: try licence("3/GP")), .init(id: "D", licence: try licence("1/GP")),
                ])
            }
            #expect(try await store.get("C") == nil)
            await #expect(throws: LicensingError.self) {  // the same number twice in one register
                try await store.insertMany([
                    .init(id: "E", licence: try licence("5/GP")), .init(id: "F", licence: try licence("5/GP")),
                ])
            }
        }
    }

    @Test func numbersAreUniquePerTypeAndYearOfIssue() async throws {
        try await withLicenceStore { store, _ in
            func issue(_ id: String, _ number: String, on date: String) async throws {
                try await issueWebsite(store, id: id, number: number, on: date)
            }
            try await issue("a", "01/GP-STTTT", on: "2023-02-01")
            try await issue("b", "01/GP-STTTT", on: "2024-01-15")  // numbers restarted in January
            await #expect {
                try await issue("c", "01/GP-STTTT", on: "2024-12-30")
            } throws: { error in
                (error as? LicensingError)?.rule == "a website licence '01/GP-STTTT' of 2024 is already recorded"
            }
            #expect(try await store.get("b")?.licence.issuedOn == day("2024-01-15"))
            #expect(try await store.get("c") == nil)
        }
    }

    @Test func numbersGivenForAllTimeAreNeverGivenAgain() async throws {
        try await withLicenceStore { _, database in
            var forAllTime = rules
            forAllTime.numbering = .forAllTime
            let store = LicenceStore(database: database, rules: forAllTime)
            func issue(_ id: String, _ number: String, on date: String) async throws {
                try await issueWebsite(store, id: id, number: number, on: date)
            }
            try await issue("a", "01/GP-STTTT", on: "2023-02-01")
            await #expect {
                try await issue("b", "01/GP-STTTT", on: "2024-01-15")
            } throws: { error in
                (error as? LicensingError)?.rule == "a website licence '01/GP-STTTT' is already recorded"
            }
            try await issue("c", "01/GP-IN", on: "2024-01-15")  // another number
            #expect(try await store.get("b") == nil)
            #expect(try await store.get("c") != nil)
        }
    }

    @Test func anIssueWhoseIdIsTakenIsRefusedWhole() async throws {
        // An issue does not ask whether its new id is taken (it made the id): the key refuses a clash,
        // and the refusal still names the id.
        try await withLicenceStore { store, database in
            let first = try await issueWebsite(store, id: "L1", number: "01/GP-STTTT", until: "2025-06-01")
            await #expect {
                _ = try await issueWebsite(store, id: "L1", number: "02/GP-STTTT", until: "2025-06-01")
            } throws: { error in
                (error as? LicensingError)?.rule == "licence L1 is already recorded"
            }
            #expect(try await store.get("L1") == first)
            let left = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT (SELECT COUNT(*) FROM licences) AS licences, \
                    (SELECT COUNT(*) FROM licence_versions) AS versions, \
                    (SELECT COUNT(*) FROM idempotency_keys) AS requests
                    """
                ).first().map { row in
                    [
                        try row.decode(column: "licences", as: Int.self),
                        try row.decode(column: "versions", as: Int.self),
                        try row.decode(column: "requests", as: Int.self),
                    ]
                }
            }
            #expect(left == [1, 1, 1])
        }
    }

    @Test func anExchangedNumberIsUniqueInTheYearItIsGiven() async throws {
        try await withLicenceStore { store, _ in
            let press = LicenceContent.printing(.init(facilityName: "In", address: "Tổ 1", activities: ["in"]))
            for (id, number) in [("p1", "05/GP-IN"), ("p2", "06/GP-IN")] {
                _ = try await store.issue(id: id, requestID: "i-\(id)") { rules throws(LicensingError) in
                    try Licence.issue(
                        kind: .printingPublications, number: number, holderID: "org-1", on: day("2023-02-01"),
                        validUntil: nil, content: press, decision: number, rules: rules)
                }
            }
            // 05/GP-IN of 2023 is p1's: p2's new document cannot carry it in 2023...
            await #expect {
                _ = try await store.apply(
                    LicenceChange(.exchange, on: day("2023-06-01"), content: press, newNumber: "05/GP-IN"),
                    to: "p2", requestID: "x-1")
            } throws: { error in
                (error as? LicensingError)?.rule
                    == "a printingPublications licence '05/GP-IN' of 2023 is already recorded"
            }
            #expect(try await store.get("p2")?.licence.versions.count == 1)  // refused whole
            // ...but can in 2024, when numbers have restarted.
            let exchanged = try await store.apply(
                LicenceChange(.exchange, on: day("2024-01-10"), content: press, newNumber: "05/GP-IN"),
                to: "p2", requestID: "x-2")
            #expect(exchanged.licence.number == "05/GP-IN" && exchanged.licence.issuedNumber == "06/GP-IN")
            #expect(try await store.get("p2")?.licence.number == "05/GP-IN")
        }
    }

    @Test func aNumberAnExchangeGaveIsTakenInTheYearItWasGiven() async throws {
        // p1 was issued in 2023 and given 09/GP-IN by an exchange in 2024: that number is taken in
        // 2024, by the year it was given, not the year p1 was issued.
        try await withLicenceStore { store, _ in
            let press = LicenceContent.printing(.init(facilityName: "In", address: "Tổ 1", activities: ["in"]))
            func issue(_ id: String, _ number: String, on date: String) async throws {
                _ = try await store.issue(id: id, requestID: "i-\(id)") { rules throws(LicensingError) in
                    try Licence.issue(
                        kind: .printingPublications, number: number, holderID: "org-1", on: day(date),
                        validUntil: nil, content: press, decision: number, rules: rules)
                }
            }
            try await issue("p1", "01/GP-IN", on: "2023-02-01")
            _ = try await store.apply(
                LicenceChange(.exchange, on: day("2024-03-01"), content: press, newNumber: "09/GP-IN"),
                to: "p1", requestID: "x-1")
            let taken = "a printingPublications licence '09/GP-IN' of 2024 is already recorded"
            await #expect {
                try await issue("p2", "09/GP-IN", on: "2024-05-01")
            } throws: { error in
                (error as? LicensingError)?.rule == taken
            }
            try await issue("p3", "02/GP-IN", on: "2024-05-01")
            await #expect {
                _ = try await store.apply(
                    LicenceChange(.exchange, on: day("2024-06-01"), content: press, newNumber: "09/GP-IN"),
                    to: "p3", requestID: "x-2")
            } throws: { error in
                (error as? LicensingError)?.rule == taken
            }
            #expect(try await store.get("p2") == nil)
            #expect(try await store.get("p3")?.licence.number == "02/GP-IN")
            // Free again in 2025, when numbers restart.
            try await issue("p4", "09/GP-IN", on: "2025-01-10")
        }
    }

    @Test func aReadByIdAnswersWhatTheRegisterPageShows() async throws {
        try await withLicenceStore { store, _ in
            let press = LicenceContent.printing(.init(facilityName: "In", address: "Tổ 1", activities: ["in"]))
            _ = try await store.issue(id: "p1", requestID: "i-p1") { rules throws(LicensingError) in
                try Licence.issue(
                    kind: .printingPublications, number: "06/GP-IN", holderID: "org-1", on: day("2023-02-01"),
                    validUntil: nil, content: press, decision: "06/GP-IN", rules: rules)
            }
            _ = try await store.apply(
                LicenceChange(.exchange, on: day("2024-01-10"), content: press, newNumber: "05/GP-IN"),
                to: "p1", requestID: "x-1")
            // A holder the organisations register does not hold (brought in before it was kept).
            let orphan = try Licence.issue(
                kind: .website, number: "9/GP-STTTT", holderID: "org-gone", on: day("2022-05-01"),
                validUntil: day("2027-05-01"), content: site, decision: "9/GP-STTTT", rules: rules)
            try await store.insertMany([.init(id: "w1", licence: orphan)])
            let (page, total) = try await store.list(.init(), window: try PageWindow(.init(pageSize: 10)))
            #expect(total == 2)
            for listed in page {
                let read = try #require(try await store.get(listed.id, history: false))
                #expect(LicenceStore.Listed(read) == listed)
            }
            let p1 = try #require(try await store.get("p1"))
            #expect(p1.holderName == "Báo Bắc Kạn" && p1.licence.issuedNumber == "06/GP-IN")
            #expect(p1.licence.number == "05/GP-IN" && p1.licence.versions.map(\.action) == [.issue, .exchange])
            #expect(try await store.get("w1")?.holderName == "")
            #expect(try await store.get("nobody") == nil)
        }
    }

    /// A write answers with the licence it wrote, without reading it back: what it answers must be
    /// exactly what a read gives, whatever the content (texts of every kind, sizes, counts).
    @Test func aWriteAnswersWhatAReadGives() async throws {
        try await withLicenceStore { store, _ in
            // Without NUL, which no request can carry (refused as it is read) and PostgreSQL cannot store.
            let pieces = LicenceContentStoredJSONTests.pieces.map { $0.replacingOccurrences(of: "\u{0}", with: "") }
            let contents = LicenceContentStoredJSONTests.contents(seed: 24, pieces: pieces)
            for (index, content) in contents.enumerated() {
                let kind: LicenceKind =
                    switch content {
                    case .website: .website
                    case .newsletter: .newsletter
                    case .publication: .nonCommercialPublication
                    case .printing: .printingPress
                    }
                let piece = pieces[index % pieces.count]
                let first = LicenceVersion(
                    number: 1, action: .issue, effectiveOn: day("2022-01-01").adding(days: index)!, status: .active,
                    validUntil: index % 3 == 0 ? nil : day("2030-01-01").adding(days: index),
                    content: content, decisionNumber: "\(index)/QĐ \(piece)", reason: piece,
                    requestedOn: index % 5 == 0 ? day("2021-12-01") : nil)
                let licence = Licence(kind: kind, number: "\(index)/GP", holderID: "org-1", first: first)
                let issued = try await store.issue(id: "L\(index)", requestID: "issue-\(index)") { _ in licence }
                #expect(issued.holderName == "Báo Bắc Kạn")
                #expect(try await store.get("L\(index)") == issued, "content \(index)")
                // A retry answers what the first call made.
                #expect(try await store.issue(id: "L\(index)", requestID: "issue-\(index)") { _ in licence } == issued)
                guard kind.actions.contains(.suspend) else { continue }
                let suspended = try await store.apply(
                    LicenceChange(.suspend, on: licence.issuedOn.adding(days: 10)!, decision: "\(index)/QĐ-ĐC"),
                    to: "L\(index)", requestID: "suspend-\(index)")
                #expect(suspended.licence.versions.count == 2)
                #expect(try await store.get("L\(index)") == suspended, "content \(index)")
            }
        }
    }

    /// A register written when the service's own reasons were English reads them in Vietnamese
    /// after the upgrade; an officer's reason, even one that mentions such words, stays as typed.
    @Test func upgradingSaysTheServicesOwnReasonsInVietnamese() async throws {
        let written = [
            (1, "issue", ""), (2, "suspend", "vi phạm"), (3, "lift_suspension", "the suspension ended"),
            (4, "revoke", "suspension number 2 means revocation; tái phạm"), (5, "expire", "the term ended"),
            (6, "amend", "not the term ended"),
            (7, "revoke", "suspension number 3 means revocation; xem suspension number 1"),
            (8, "amend", "suspension number two means revocation"),
        ]
        try await withUpgradedDatabase(named: "reasons", migrations: LicensingSchema.migrations, from: 11) { sql in
            try await sql.raw(
                """
                INSERT INTO licences (id, kind, number, holder_id, status, issued_on, valid_until, current_version,
                    search_key, issued_year)
                VALUES ('lic-1', 'website', '01/GP', 'org-1', 'expired', '2015-02-01', NULL, 6, '01/gp', 2015)
                """
            ).run()
            for (number, action, reason) in written {
                try await sql.raw(
                    """
                    INSERT INTO licence_versions (licence_id, number, action, effective_on, status, content_json,
                        decision_number, reason, kind) VALUES ('lic-1', \(bind: number), \(bind: action),
                        '2023-02-01', 'active', '{}', '', \(bind: reason), 'website')
                    """
                ).run()
            }
        } after: { upgraded in
            let reasons = try await upgraded.read { sql in
                try await sql.raw("SELECT reason FROM licence_versions ORDER BY number").all().map {
                    try $0.decode(column: "reason", as: String.self)
                }
            }
            #expect(
                reasons == [
                    "", "vi phạm", "hết thời hạn đình chỉ", "thu hồi do bị đình chỉ lần thứ 2; tái phạm",
                    "hết thời hạn của giấy phép", "not the term ended",
                    "thu hồi do bị đình chỉ lần thứ 3; xem suspension number 1",
                    "suspension number two means revocation",
                ])
        }
    }

    /// The overdue list pages on the due date an open dossier's row keeps: a database from before
    /// the column gets each open dossier's date from its clock, and none for a stopped clock or a
    /// closed dossier.
    @Test func upgradingWorksOutTheOpenDossiersDueDates() async throws {
        try await withUpgradedDatabase(named: "due", migrations: LicensingSchema.migrations, from: 13) { sql in
            let dossiers = [
                ("D-open", "received", [(0, "2023-03-01", "received")]),
                (
                    "D-waiting", "supplementRequested",
                    [(0, "2023-03-01", "received"), (1, "2023-03-03", "supplementRequested")]
                ),
                (
                    "D-done", "resolved",
                    [(0, "2023-03-01", "received"), (1, "2023-03-02", "inProcess"), (2, "2023-03-09", "resolved")]
                ),
            ]
            for (code, status, steps) in dossiers {
                try await sql.raw(
                    """
                    INSERT INTO dossiers (code, procedure_code, procedure_name, kind, action, processing_days,
                        day_count, applicant_id, channel, online_type, received_on, fee_vnd, paid_online, status,
                        decided_on, result_licence, search_key)
                    VALUES (\(bind: code), '1.003868', 'Cấp giấy phép xuất bản tài liệu không kinh doanh',
                        'nonCommercialPublication', 'issue', 10, 'working', 'org-1', 'online', 'fullProcess',
                        '2023-03-01', 0, 0, \(bind: status), \(bind: status == "resolved" ? "2023-03-09" : nil),
                        \(bind: status == "resolved" ? "6/GP" : nil), \(bind: code.lowercased()))
                    """
                ).run()
                for (seq, on, stepStatus) in steps {
                    try await sql.raw(
                        """
                        INSERT INTO dossier_steps (dossier_code, seq, on_date, status, note)
                        VALUES (\(bind: code), \(bind: seq), \(bind: on), \(bind: stepStatus), '')
                        """
                    ).run()
                }
            }
        } after: { upgraded in
            let due = try await upgraded.read { sql in
                try await sql.raw("SELECT code, due_on FROM dossiers ORDER BY code").all().map {
                    [try $0.decode(column: "code", as: String.self): try $0.decode(column: "due_on", as: String?.self)]
                }
            }
            // 1.003868: ten working days from Wednesday 1 March 2023.
            #expect(due == [["D-done": nil], ["D-open": "2023-03-15"], ["D-waiting": nil]])
        }
    }

    @Test func upgradingKeepsEveryLicenceAndVersion() async throws {
        // A database written before numbers were scoped by year, opened by this version.
        try await withUpgradedDatabase(named: "upgrade", migrations: LicensingSchema.migrations, from: 2) { sql in
            try await sql.raw(
                """
                INSERT INTO licences (id, kind, number, holder_id, status, issued_on, valid_until, current_version,
                    search_key) VALUES ('lic-1', 'website', '01/GP', 'org-1', 'active', '2023-02-01', NULL, 2, '01/gp')
                """
            ).run()
            for (number, action) in [(1, "issue"), (2, "amend")] {
                try await sql.raw(
                    """
                    INSERT INTO licence_versions (licence_id, number, action, effective_on, status, content_json,
                        decision_number, reason) VALUES ('lic-1', \(bind: number), \(bind: action), '2023-02-01',
                        'active', '{}', '01/GP', '')
                    """
                ).run()
            }
        } after: { upgraded in
            let counts = try await upgraded.read { sql in
                (
                    try await sql.raw("SELECT issued_year FROM licences").first()?.decode(
                        column: "issued_year", as: Int.self),
                    try await sql.raw("SELECT COUNT(*) AS n FROM licence_versions").first()?.decode(
                        column: "n", as: Int.self),
                    try await sql.raw("PRAGMA foreign_key_check").all().count
                )
            }
            #expect(counts.0 == 2023 && counts.1 == 2 && counts.2 == 0)
            // The versions learnt their licence's type, which the period counts read.
            let period = try await LicenceStore(database: upgraded, rules: rules).actionCounts(
                from: day("2023-01-01"), through: day("2023-03-31"))
            #expect(period == [.init(kind: .website, action: .issue): 1, .init(kind: .website, action: .amend): 1])
            // The search index holds the licences from before it.
            let searched = try await upgraded.read { sql in
                try await sql.raw(
                    """
                    SELECT id FROM licences l
                    WHERE \(LicensingSchema.licenceSearch.contains("01/GP", id: "l.id", key: "l.search_key", on: sql))
                    """
                ).all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(searched == ["lic-1"])
            // The versions still refer to the licences: a version of no licence is refused.
            await #expect(throws: (any Error).self) {
                try await upgraded.write { sql in
                    try await sql.raw(
                        """
                        INSERT INTO licence_versions (licence_id, number, action, effective_on, status, content_json,
                            decision_number, reason) VALUES ('nobody', 1, 'issue', '2023-02-01', 'active', '{}', '', '')
                        """
                    ).run()
                }
            }
        }
    }
}
