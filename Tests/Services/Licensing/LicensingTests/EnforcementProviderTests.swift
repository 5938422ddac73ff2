import CommonAPI
import DICTestSupport
import LicensingAPI
import RPCCore
import Testing

@testable import Licensing
@testable import LicensingDomain

struct EnforcementProviderTests {
    func sanction(
        _ client: APILicensingService.Client, _ number: String, on date: Date, licence: String,
        suspends: Bool = true, fine: Int64 = 15_000_000
    ) async throws -> APISanction {
        try await client.recordSanction(
            APIRecordSanctionRequest(
                requestID: "sanction-\(number)",
                sanction: APISanction(
                    decisionNumber: number, decidedOn: date, subjectID: "org-1", licenceID: licence,
                    violatedProvision: "Điểm a khoản 2 Điều 101 Nghị định 15/2020/NĐ-CP", fineVnd: fine,
                    extraPenalties: ["Đình chỉ hoạt động 3 tháng"], suspendsLicence: suspends,
                    remedialMeasures: ["Gỡ bỏ thông tin vi phạm"])))
    }

    @Test func aSanctionThatSuspendsRecordsTheSuspensionOnTheLicence() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            let licence = try await client.issueLicence(issueRequest("issue"))
            let inspection = try await client.recordInspection(
                APIRecordInspectionRequest(
                    requestID: "ins-1",
                    inspection: APIInspection(
                        plan: "Kế hoạch 15/KH-STTTT", decisionNumber: "20/QĐ-STTTT", team: "Thanh tra Sở",
                        subjectID: "org-1", licenceID: licence.id, inspectedOn: Date(year: 2023, month: 1, day: 10),
                        findings: "Đăng tin không ghi nguồn")))
            let first = try await client.recordSanction(
                APIRecordSanctionRequest(
                    requestID: "s-1",
                    sanction: APISanction(
                        decisionNumber: "05/QĐ-XPHC", decidedOn: Date(year: 2023, month: 1, day: 20),
                        subjectID: "org-1", licenceID: licence.id, inspectionID: inspection.id,
                        violatedProvision: "Khoản 1 Điều 101", fineVnd: 10_000_000, suspendsLicence: true)))
            #expect(first.paymentStatus == .unpaid)
            let suspended = try await client.getLicence(APIGetLicenceRequest(id: licence.id))
            #expect(suspended.status == .suspended && suspended.current?.decisionNumber == "05/QĐ-XPHC")
            #expect(suspended.current?.action == .suspend)
            let settle = APISettleSanctionRequest(
                sanctionID: first.id, paymentStatus: .paid, settledOn: Date(year: 2023, month: 2, day: 1),
                requestID: "pay-1")
            let paid = try await client.settleSanction(settle)
            #expect(paid.paymentStatus == .paid && paid.settledOn == Date(year: 2023, month: 2, day: 1))
            // A client that never saw the answer retries: it gets the same answer, not "already paid".
            #expect(try await client.settleSanction(settle) == paid)
            var again = settle
            again.requestID = "pay-2"
            await expectFailure(.failedPrecondition, "payment_status") { _ = try await client.settleSanction(again) }
            let unpaid = try await client.listSanctions(APIListSanctionsRequest(paymentStatus: .unpaid))
            #expect(unpaid.sanctions.isEmpty)
            let byFinding = try await client.listInspections(APIListInspectionsRequest(query: "khong ghi nguon"))
            #expect(byFinding.inspections.map(\.id) == [inspection.id])
        }
    }

    /// Section 2.4 of the report: a quarter's inspections and sanctions, by the kind of licence
    /// concerned, with the fines; what falls outside the quarter is not counted.
    @Test func theStatisticsCountAQuartersInspectionsAndSanctionsByKind() async throws {
        try await withLicensingService(today: day("2023-06-30")) { client in
            let licence = try await client.issueLicence(issueRequest("issue"))
            for (index, (licenceID, month)) in [(licence.id, 1), ("", 2), (licence.id, 4)].enumerated() {
                _ = try await client.recordInspection(
                    APIRecordInspectionRequest(
                        requestID: "ins-\(index)",
                        inspection: APIInspection(
                            plan: "Kế hoạch 15/KH-STTTT", decisionNumber: "2\(index)/QĐ-STTTT", team: "Thanh tra Sở",
                            subjectID: "org-1", licenceID: licenceID,
                            inspectedOn: Date(year: 2023, month: Int32(month), day: 10), findings: "")))
            }
            _ = try await sanction(
                client, "1/XP", on: Date(year: 2023, month: 3, day: 5), licence: licence.id, suspends: true,
                fine: 10_000_000)
            _ = try await sanction(
                client, "2/XP", on: Date(year: 2023, month: 5, day: 5), licence: licence.id, suspends: false)
            let statistics = try await client.getLicenceStatistics(
                APILicenceStatisticsRequest(
                    from: Date(year: 2023, month: 1, day: 1), through: Date(year: 2023, month: 3, day: 31)))
            #expect(
                statistics.enforcement == [
                    APIEnforcementCount(kind: .unspecified, inspections: 1),
                    APIEnforcementCount(
                        kind: licence.kind, inspections: 1, sanctions: 1, finesVnd: 10_000_000, suspensions: 1),
                ])
        }
    }

    @Test func aSecondSuspendingSanctionRevokesTheLicence() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            var request = issueRequest("issue")
            request.issuedOn = Date(year: 2020, month: 1, day: 1)
            request.validUntil = Date(year: 2028, month: 1, day: 1)
            let licence = try await client.issueLicence(request)
            _ = try await sanction(client, "1/XP", on: Date(year: 2022, month: 1, day: 5), licence: licence.id)
            // The first suspension ended by itself three months later.
            let second = try await sanction(client, "2/XP", on: Date(year: 2023, month: 2, day: 1), licence: licence.id)
            #expect(second.suspendsLicence)
            let revoked = try await client.getLicence(APIGetLicenceRequest(id: licence.id, includeHistory: true))
            #expect(revoked.status == .revoked)
            #expect(revoked.history.map(\.action) == [.issue, .suspend, .liftSuspension, .revoke])
        }
    }

    @Test func badSanctionsNameTheFieldAndChangeNothing() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            let licence = try await client.issueLicence(issueRequest("issue"))
            await expectFailure(.invalidArgument, "fine_vnd") {
                _ = try await sanction(
                    client, "x", on: Date(year: 2023, month: 1, day: 5), licence: licence.id, fine: -5)
            }
            await expectFailure(.invalidArgument, "licence_id") {
                _ = try await sanction(client, "y", on: Date(year: 2023, month: 1, day: 5), licence: "lic-none")
            }
            _ = try await sanction(client, "z", on: Date(year: 2023, month: 1, day: 5), licence: licence.id)
            // Already suspended: the sanction is refused with the licence's rule, and not recorded.
            await expectFailure(.failedPrecondition, "suspends_licence") {
                _ = try await sanction(client, "w", on: Date(year: 2023, month: 1, day: 6), licence: licence.id)
            }
            let all = try await client.listSanctions(APIListSanctionsRequest())
            #expect(all.sanctions.map(\.decisionNumber) == ["z"])
            await expectFailure(.notFound, "sanction_id") {
                _ = try await client.settleSanction(
                    APISettleSanctionRequest(
                        sanctionID: "san-none", paymentStatus: .paid, settledOn: Date(year: 2023, month: 2, day: 1),
                        requestID: "pay-none"))
            }
        }
    }

    /// A year's obligations come a page at a time with their total, however many websites the
    /// register holds; a token the service did not give out is refused, naming it.
    @Test func obligationsComeInPages() async throws {
        try await withLicensingService(today: day("2023-01-20")) { client in
            for index in 1...3 {
                var request = issueRequest("issue-\(index)", number: "\(index)/GP-STTTT")
                request.issuedOn = Date(year: 2020, month: 1, day: 1)
                request.validUntil = Date(year: 2028, month: 1, day: 1)
                _ = try await client.issueLicence(request)
            }
            let first = try await client.listObligations(
                APIListObligationsRequest(year: 2022, page: PageRequest(pageSize: 2)))
            #expect(first.obligations.map(\.licenceNumber) == ["1/GP-STTTT", "2/GP-STTTT"])
            #expect(first.page?.totalSize == 3)
            let token = try #require(first.page?.nextPageToken)
            let second = try await client.listObligations(
                APIListObligationsRequest(year: 2022, page: PageRequest(pageSize: 2, pageToken: token)))
            #expect(second.obligations.map(\.licenceNumber) == ["3/GP-STTTT"])
            #expect(second.page?.nextPageToken == "" && second.page?.totalSize == 3)
            await expectFailure(.invalidArgument, "page.page_token") {
                _ = try await client.listObligations(
                    APIListObligationsRequest(year: 2022, page: PageRequest(pageToken: "-1")))
            }
            await expectFailure(.invalidArgument, "page.page_size") {
                _ = try await client.listObligations(
                    APIListObligationsRequest(year: 2022, page: PageRequest(pageSize: -1)))
            }
        }
    }

    @Test func websiteHoldersOweAnAnnualReportUntilItIsRecorded() async throws {
        try await withLicensingService(today: day("2023-01-20")) { client in
            var request = issueRequest("issue")
            request.issuedOn = Date(year: 2020, month: 1, day: 1)
            request.validUntil = Date(year: 2028, month: 1, day: 1)
            let licence = try await client.issueLicence(request)
            let owed = try await client.listObligations(APIListObligationsRequest(year: 2022))
            #expect(owed.obligations.count == 1)
            #expect(owed.obligations[0].dueOn == Date(year: 2023, month: 1, day: 15) && owed.obligations[0].overdue)
            let fulfil = APIFulfilObligationRequest(
                licenceID: licence.id, kind: .websiteAnnualReport, year: 2022,
                fulfilledOn: Date(year: 2023, month: 1, day: 18), requestID: "report-2022")
            let done = try await client.fulfilObligation(fulfil)
            #expect(!done.overdue && done.fulfilledOn == Date(year: 2023, month: 1, day: 18))
            #expect(try await client.fulfilObligation(fulfil) == done)
            let outstanding = try await client.listObligations(
                APIListObligationsRequest(year: 2022, outstandingOnly: true))
            #expect(outstanding.obligations.isEmpty)
            await expectFailure(.failedPrecondition, "kind") {
                _ = try await client.fulfilObligation(
                    APIFulfilObligationRequest(
                        licenceID: licence.id, kind: .websiteAnnualReport, year: 2022,
                        fulfilledOn: Date(year: 2023, month: 1, day: 19), requestID: "report-2022-again"))
            }
        }
    }
}
