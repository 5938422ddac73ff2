import AdminUnits
import CalendarDates
import CommonAPI
import DICTestSupport
import Foundation
import LicensingAPI
import Logging
import RPCCore
import RPCInProcess
import ServiceStorage
import Testing

@testable import Licensing
@testable import LicensingDomain

/// The licensing API through its generated client on the in-process transport, with holder
/// "org-1" recorded (by `withLicenceStore`); the service's date is 2023-03-31 unless given.
func withLicensingService<T: Sendable>(
    today: CalendarDate = day("2023-03-31"),
    _ body: @Sendable (APILicensingService.Client) async throws -> T
) async throws -> T {
    try await withLicensing(today: today) { client, _ in try await body(client) }
}

func withLicensing<T: Sendable>(
    today: CalendarDate = day("2023-03-31"),
    _ body: @Sendable (APILicensingService.Client, Database) async throws -> T
) async throws -> T {
    try await withLicenceStore { _, database in
        var router = RPCRouter()
        router.add(
            LicensingProvider(
                database: database, knownUnit: { $0 == "06" || $0.hasPrefix("06.") || $0 == "058" }, today: { today }))
        return try await InProcessTransport.withServer(router) { rpc in
            try await body(APILicensingService.Client(rpc), database)
        }
    }
}

let websiteWire = APILicenceContent(
    content: .website(
        APIWebsiteContent(
            domains: ["backan.example.vn"], responsiblePerson: "Nguyễn Văn A", serverLocation: "Hà Nội",
            serverInVietnam: true)))

func issueRequest(_ requestID: String, number: String = "12/GP-STTTT") -> APIIssueLicenceRequest {
    APIIssueLicenceRequest(
        requestID: requestID, kind: .website, number: number, holderID: "org-1",
        issuedOn: CommonAPI.Date(year: 2020, month: 6, day: 1),
        validUntil: CommonAPI.Date(year: 2023, month: 4, day: 20),
        content: websiteWire, decisionNumber: number)
}

struct LicensingProviderTests {
    @Test func issueActGetAndCount() async throws {
        try await withLicensingService { client in
            let issued = try await client.issueLicence(issueRequest("r1"))
            #expect(issued.status == .active && issued.current?.action == .issue)
            let again = try await client.issueLicence(issueRequest("r1"))  // a retry: the same licence
            #expect(again.id == issued.id)
            let amendment = APIApplyLicenceActionRequest(
                requestID: "r2", licenceID: issued.id, action: .amend,
                effectiveOn: CommonAPI.Date(year: 2023, month: 2, day: 1), decisionNumber: "3/GP-SĐ",
                content: websiteWire)
            let amended = try await client.applyLicenceAction(amendment)
            #expect(amended.current?.number == 2)
            _ = try await client.applyLicenceAction(amendment)  // retried: not amended twice
            // The same id with another decision is not a retry: refused, not answered as the first.
            var other = amendment
            other.decisionNumber = "4/GP-SĐ"
            let refused = await #expect(throws: RPCError.self) { _ = try await client.applyLicenceAction(other) }
            #expect(refused?.code == .failedPrecondition)
            let full = try await client.getLicence(APIGetLicenceRequest(id: issued.id, includeHistory: true))
            #expect(full.history.map(\.action) == [.issue, .amend])
            #expect(full.history[1].decisionNumber == "3/GP-SĐ")

            let expiring = try await client.listExpiringLicences(APIListExpiringLicencesRequest(withinDays: 30))
            #expect(expiring.licences.map(\.id) == [issued.id])  // 20 April is within 30 days of 31 March
            #expect(expiring.page == PageInfo(nextPageToken: "", totalSize: 1))
            let none = try await client.listExpiringLicences(
                APIListExpiringLicencesRequest(withinDays: 30, page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(none.licences.isEmpty && none.page?.totalSize == 1)
            await #expect(throws: RPCError.self) {
                _ = try await client.listExpiringLicences(
                    APIListExpiringLicencesRequest(withinDays: 30, page: PageRequest(pageToken: "not-a-token")))
            }
            let q1 = try await client.getLicenceStatistics(
                APILicenceStatisticsRequest(
                    from: CommonAPI.Date(year: 2023, month: 1, day: 1),
                    through: CommonAPI.Date(year: 2023, month: 3, day: 31)))
            #expect(q1.actions == [APIActionCount(kind: .website, action: .amend, count: 1)])
        }
    }

    /// A licence amended often with pages of content: its history in GetLicence stops at the
    /// newest versions that fit the answer and says how many there are; ListLicenceVersions reads
    /// every one, newest first, a page at a time.
    @Test func aLongHistoryComesWholeAVersionPageAtATime() async throws {
        try await withLicensingService { client in
            // 240 sections of 256 bytes: some 60 KiB of text a version, 55 versions pass 3 MiB.
            func content(_ mark: Int) -> APILicenceContent {
                APILicenceContent(
                    content: .website(
                        APIWebsiteContent(
                            domains: ["backan.example.vn"],
                            sections: (0..<240).map { "\(mark)-\($0) " + String(repeating: "a", count: 248) },
                            responsiblePerson: "Nguyễn Văn A", serverLocation: "Hà Nội", serverInVietnam: true)))
            }
            var request = issueRequest("long-0")
            request.content = content(0)
            request.validUntil = CommonAPI.Date(year: 2025, month: 6, day: 1)
            let issued = try await client.issueLicence(request)
            for version in 2...55 {
                _ = try await client.applyLicenceAction(
                    APIApplyLicenceActionRequest(
                        requestID: "long-\(version)", licenceID: issued.id, action: .amend,
                        effectiveOn: CommonAPI.Date(year: 2023, month: 2, day: 1), decisionNumber: "\(version)/SĐ",
                        content: content(version)))
            }
            let licence = try await client.getLicence(APIGetLicenceRequest(id: issued.id, includeHistory: true))
            #expect(licence.historyCount == 55)
            #expect(licence.history.count > 1 && licence.history.count < 55)
            #expect(licence.history.map(\.number) == Array((55 - Int32(licence.history.count) + 1)...55))
            #expect(licence.serializedSize() < 4 << 20)
            let lean = try await client.getLicence(APIGetLicenceRequest(id: issued.id))
            #expect(lean.history.isEmpty && lean.historyCount == 0 && lean.current?.number == 55)

            var numbers: [Int32] = []
            var token = ""
            repeat {
                let page = try await client.listLicenceVersions(
                    APIListLicenceVersionsRequest(licenceID: issued.id, page: PageRequest(pageToken: token)))
                #expect(page.page?.totalSize == 55 && page.serializedSize() < 4 << 20)
                numbers += page.versions.map(\.number)
                token = page.page?.nextPageToken ?? ""
            } while !token.isEmpty
            #expect(numbers == Array((1...55).reversed()))
            let two = try await client.listLicenceVersions(
                APIListLicenceVersionsRequest(licenceID: issued.id, page: PageRequest(pageSize: 2, pageToken: "53")))
            #expect(two.versions.map(\.decisionNumber) == ["2/SĐ", "12/GP-STTTT"] && two.page?.nextPageToken == "")
            await expectFailure(.notFound, "licence_id") {
                _ = try await client.listLicenceVersions(APIListLicenceVersionsRequest(licenceID: "lic-none"))
            }
            await expectFailure(.invalidArgument, "licence_id") {
                _ = try await client.listLicenceVersions(APIListLicenceVersionsRequest())
            }
        }
    }

    /// A NUL is never text: PostgreSQL cannot store one (it answered INTERNAL) and SQLite kept it.
    /// Refused as the request is read, on either backend, naming the field, nothing written.
    @Test func aTextHoldingANULIsRefusedByName() async throws {
        try await withLicensing { client, database in
            var request = issueRequest("n1")
            request.decisionNumber = "12/GP\u{0}"
            await expectFailure(.invalidArgument, "decision_number") { _ = try await client.issueLicence(request) }
            request = issueRequest("n2")
            request.content = APILicenceContent(
                content: .website(
                    APIWebsiteContent(
                        domains: ["backan.example.vn", "a\u{0}.vn"], responsiblePerson: "Nguyễn Văn A",
                        serverLocation: "Hà Nội", serverInVietnam: true)))
            await expectFailure(.invalidArgument, "content.website.domains") {
                _ = try await client.issueLicence(request)
            }
            request = issueRequest("n3\u{0}")
            await expectFailure(.invalidArgument, "request_id") { _ = try await client.issueLicence(request) }
            let (_, total) = try await LicenceStore(database: database, rules: rules).list(
                .init(), window: try PageWindow(nil))
            #expect(total == 0)
            // Other control characters are text a form may send (a tab, a line break): kept.
            request = issueRequest("n4")
            request.decisionNumber = "12/GP\tSTTTT"
            let kept = try await client.issueLicence(request)
            #expect(kept.current?.decisionNumber == "12/GP\tSTTTT")
        }
    }

    @Test func badRequestsNameTheFieldAndChangeNothing() async throws {
        try await withLicensingService { client in
            var request = issueRequest("a")
            request.kind = .unspecified
            await expectFailure(.invalidArgument, "kind") { _ = try await client.issueLicence(request) }
            request = issueRequest("b")
            request.issuedOn = CommonAPI.Date(year: 2023, month: 2, day: 30)
            await expectFailure(.invalidArgument, "issued_on") { _ = try await client.issueLicence(request) }
            request = issueRequest("c")
            request.validUntil = CommonAPI.Date(year: 2031, month: 1, day: 1)
            await expectFailure(.invalidArgument, "valid_until") { _ = try await client.issueLicence(request) }
            request = issueRequest("")
            await expectFailure(.invalidArgument, "request_id") { _ = try await client.issueLicence(request) }
            request = issueRequest("d")
            request.holderID = "org-none"
            await expectFailure(.invalidArgument, "holder_id") { _ = try await client.issueLicence(request) }
            await expectFailure(.notFound, "licence_id") {
                _ = try await client.applyLicenceAction(
                    APIApplyLicenceActionRequest(
                        requestID: "d", licenceID: "nope", action: .revoke,
                        effectiveOn: CommonAPI.Date(year: 2023, month: 1, day: 1)))
            }
            let issued = try await client.issueLicence(issueRequest("e"))
            await expectFailure(.failedPrecondition, "action") {  // websites take no exchange
                _ = try await client.applyLicenceAction(
                    APIApplyLicenceActionRequest(
                        requestID: "f", licenceID: issued.id, action: .exchange,
                        effectiveOn: CommonAPI.Date(year: 2023, month: 1, day: 1), content: websiteWire))
            }
            await expectFailure(.failedPrecondition, "number") {
                _ = try await client.issueLicence(issueRequest("g"))
            }
            await expectFailure(.invalidArgument, "through") {
                _ = try await client.getLicenceStatistics(
                    APILicenceStatisticsRequest(
                        from: CommonAPI.Date(year: 2023, month: 4, day: 1),
                        through: CommonAPI.Date(year: 2023, month: 3, day: 31)))
            }
            let full = try await client.getLicence(APIGetLicenceRequest(id: issued.id, includeHistory: true))
            #expect(full.history.count == 1)
        }
    }

    /// A search longer than any an officer types is refused by name, before a row is compared
    /// with it; 60,000 characters is past the pattern size SQLite itself refuses.
    @Test(arguments: [201, 60_000]) func everySearchableListRefusesAnOversizedQuery(length: Int) async throws {
        let query = String(repeating: "ạ", count: length)
        try await withLicensingService { client in
            var licences = APIListLicencesRequest()
            licences.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listLicences(licences) }
            var organisations = APIListOrganisationsRequest()
            organisations.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listOrganisations(organisations) }
            var inspections = APIListInspectionsRequest()
            inspections.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listInspections(inspections) }
            var sanctions = APIListSanctionsRequest()
            sanctions.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listSanctions(sanctions) }
            var dossiers = APIListDossiersRequest()
            dossiers.query = query
            await expectFailure(.invalidArgument, "query") { _ = try await client.listDossiers(dossiers) }
            dossiers.overdueOnly = true
            await expectFailure(.invalidArgument, "query") { _ = try await client.listDossiers(dossiers) }
            licences.query = String(query.prefix(200))
            let found = try await client.listLicences(licences)
            #expect(found.licences.isEmpty)
        }
    }

    /// What a search index's own query language could take for syntax (quotes, operators, a
    /// prefix star) is searched for like any text: an answer, never a server fault. (A NUL is
    /// refused by name before any store sees it.)
    @Test(arguments: [#"bac" OR "kan"#, "x* NEAR(y z)", "\"\"\"", "a\"b", "{col}: ^abc"])
    func everySearchableListAnswersAQueryInTheIndexsSyntax(query: String) async throws {
        try await withLicensingService { client in
            var licences = APIListLicencesRequest()
            licences.query = query
            let licencesFound = try await client.listLicences(licences)
            #expect(licencesFound.licences.isEmpty)
            var organisations = APIListOrganisationsRequest()
            organisations.query = query
            let organisationsFound = try await client.listOrganisations(organisations)
            #expect(organisationsFound.organisations.isEmpty)
            var dossiers = APIListDossiersRequest()
            dossiers.query = query
            let dossiersFound = try await client.listDossiers(dossiers)
            #expect(dossiersFound.dossiers.isEmpty)
        }
    }
}
