import CommonAPI
import DICTestSupport
import LicensingAPI
import RPCCore
import Testing

@testable import Licensing
@testable import LicensingDomain

struct OrganisationProviderTests {
    func create(
        _ client: APILicensingService.Client, _ name: String, tax: String = "", unit: String = ""
    ) async throws
        -> APIOrganisation
    {
        try await client.createOrganisation(
            APICreateOrganisationRequest(
                requestID: "org-\(name)", organisation: APIOrganisation(name: name, taxCode: tax, unitCode: unit)))
    }

    @Test func organisationsAreCreatedFoundAndSearchedWithoutDiacritics() async throws {
        try await withLicensingService { client in
            let printer = try await create(client, "Công ty TNHH In Đức Thịnh", tax: "4700234567", unit: "058")
            _ = try await create(client, "Hội Nông dân tỉnh Bắc Kạn")
            // A retry with the same request id makes nothing new.
            let again = try await create(client, "Công ty TNHH In Đức Thịnh", tax: "4700234567", unit: "058")
            #expect(again.id == printer.id)
            let found = try await client.listOrganisations(APIListOrganisationsRequest(query: "in duc thinh"))
            #expect(found.organisations.map(\.id) == [printer.id])
            let inUnit = try await client.listOrganisations(APIListOrganisationsRequest(unitCode: "058"))
            #expect(inUnit.organisations.map(\.id) == [printer.id])
            let page = try await client.listOrganisations(
                APIListOrganisationsRequest(page: PageRequest(pageSize: 2)))
            #expect(page.organisations.count == 2 && page.page?.totalSize == 3 && page.page?.nextPageToken == "2")
            var changed = printer
            changed.contactEmail = "induc@backan.vn"
            #expect(try await client.updateOrganisation(APIUpdateOrganisationRequest(organisation: changed)) == changed)
            #expect(try await client.getOrganisation(APIGetOrganisationRequest(id: printer.id)) == changed)
        }
    }

    /// 120 organisations with addresses and contact names of 16,000 bytes each would be an answer
    /// of 3.8 MB, near the 4 MiB a client accepts: a page stops before the answer budget,
    /// and the next page starts where it stopped, so every organisation comes once.
    @Test func aPageOfLargeRecordsStopsBeforeTheAnswerLimit() async throws {
        try await withLicensingService { client in
            let filler = String(repeating: "ô", count: 7_990)  // 15,980 bytes
            // The service starts with the holder of its test licences.
            let before = Int(try await client.listOrganisations(APIListOrganisationsRequest()).page?.totalSize ?? 0)
            var made: Set<String> = []
            for index in 0..<120 {
                let organisation = try await client.createOrganisation(
                    APICreateOrganisationRequest(
                        requestID: "large-\(index)",
                        organisation: APIOrganisation(
                            name: "Tổ chức \(index)", address: filler, contactName: filler)))
                made.insert(organisation.id)
            }
            var seen: [String] = []
            var token = ""
            var pages: [Int] = []
            repeat {
                let page = try await client.listOrganisations(
                    APIListOrganisationsRequest(page: PageRequest(pageSize: 1000, pageToken: token)))
                #expect(page.serializedSize() <= PageWindow.answerBudget + 64)
                #expect(page.page?.totalSize == Int64(before + 120))
                seen += page.organisations.map(\.id)
                pages.append(page.organisations.count)
                token = page.page?.nextPageToken ?? ""
                #expect(token.isEmpty || token == String(seen.count))
            } while !token.isEmpty && pages.count < 10
            #expect(pages.count == 2 && pages[0] > 90, "\(pages)")
            #expect(seen.count == before + 120 && Set(seen).count == seen.count && made.isSubset(of: Set(seen)))
        }
    }

    @Test func aRenamedHolderIsFoundByItsNewNameOnly() async throws {
        try await withLicensingService { client in
            let printer = try await create(client, "Công ty TNHH In Đức Thịnh", tax: "4700234567")
            var request = issueRequest("issue")
            request.holderID = printer.id
            let licence = try await client.issueLicence(request)
            #expect(
                try await client.listLicences(APIListLicencesRequest(query: "duc thinh")).licences.map(\.id) == [
                    licence.id
                ])
            var renamed = printer
            renamed.name = "Công ty Cổ phần Sách Bắc Kạn"
            _ = try await client.updateOrganisation(APIUpdateOrganisationRequest(organisation: renamed))
            // Neither the organisations nor the register answer to the old name any more.
            for query in ["duc thinh", "in duc"] {
                #expect(
                    try await client.listOrganisations(APIListOrganisationsRequest(query: query)).organisations.isEmpty)
                #expect(try await client.listLicences(APIListLicencesRequest(query: query)).licences.isEmpty)
            }
            let found = try await client.listOrganisations(APIListOrganisationsRequest(query: "sach bac kan"))
            #expect(found.organisations.map(\.id) == [printer.id] && found.page?.totalSize == 1)
            let held = try await client.listLicences(APIListLicencesRequest(query: "sach bac kan"))
            #expect(held.licences.map(\.id) == [licence.id] && held.licences.first?.holderName == renamed.name)
        }
    }

    @Test func badOrganisationsAreRefusedByField() async throws {
        try await withLicensingService { client in
            _ = try await create(client, "Công ty A", tax: "4700999999")
            await expectFailure(.failedPrecondition, "tax_code") {
                _ = try await create(client, "Công ty B", tax: "4700999999")
            }
            await expectFailure(.invalidArgument, "unit_code") { _ = try await create(client, "C", unit: "99999") }
            await expectFailure(.invalidArgument, "name") { _ = try await create(client, "") }
            await expectFailure(.notFound, "id") {
                _ = try await client.getOrganisation(APIGetOrganisationRequest(id: "org-none"))
            }
            await expectFailure(.notFound, "organisation.id") {
                _ = try await client.updateOrganisation(
                    APIUpdateOrganisationRequest(organisation: APIOrganisation(id: "org-none", name: "X")))
            }
            let all = try await client.listOrganisations(APIListOrganisationsRequest())
            #expect(all.organisations.count == 2)  // org-1 and Công ty A; nothing half-written
        }
    }

    @Test func proceduresShipAsDefaultsAndAreEditable() async throws {
        try await withLicensingService { client in
            let procedures = try await PageRequest.all(size: 2) { page in
                let found = try await client.listProcedures(APIListProceduresRequest(page: page))
                return (found.procedures, found.page)
            }
            #expect(
                procedures.count == Procedure.defaults.count && Set(procedures.map(\.code)).count == procedures.count)
            #expect(
                try await client.listProcedures(APIListProceduresRequest(page: PageRequest(pageSize: 1))).page?
                    .totalSize
                    == Int64(Procedure.defaults.count))
            var publication = try #require(procedures.first { $0.code == "1.003868" })
            #expect(publication.processingDays == 10 && publication.dayCount == .working)
            publication.processingDays = 8
            _ = try await client.saveProcedure(APISaveProcedureRequest(procedure: publication))
            let saved = try await client.listProcedures(APIListProceduresRequest()).procedures
            #expect(saved.first { $0.code == "1.003868" }?.processingDays == 8)
            publication.action = .extend
            await expectFailure(.invalidArgument, "action") {
                _ = try await client.saveProcedure(APISaveProcedureRequest(procedure: publication))
            }
        }
    }

    @Test func theHolidayCalendarIsSetPerYear() async throws {
        try await withLicensingService { client in
            // The official days off ship with the service: 2024 has its Tết, its swap and its make-up Saturday.
            let shipped = try await client.listHolidays(APIListHolidaysRequest(year: 2024)).holidays
            #expect(shipped.count == Holiday.official.filter { $0.date.year == 2024 }.count)
            #expect(shipped.contains { $0.date == Date(year: 2024, month: 2, day: 8) })
            #expect(shipped.contains { $0.date == Date(year: 2024, month: 5, day: 4) && $0.workingDay })
            #expect(try await client.listHolidays(APIListHolidaysRequest(year: 2027)).holidays.isEmpty)
            let tet = [
                APIHoliday(date: Date(year: 2023, month: 1, day: 20), name: "Tết Nguyên đán"),
                APIHoliday(date: Date(year: 2023, month: 1, day: 23), name: "Tết Nguyên đán"),
            ]
            let set = try await client.setHolidays(APISetHolidaysRequest(year: 2023, holidays: tet))
            #expect(set.holidays.map(\.date) == tet.map(\.date))
            await expectFailure(.invalidArgument, "holidays") {
                _ = try await client.setHolidays(APISetHolidaysRequest(year: 2024, holidays: tet))
            }
            #expect(try await client.listHolidays(APIListHolidaysRequest(year: 2023)).holidays.count == 2)
        }
    }
}
