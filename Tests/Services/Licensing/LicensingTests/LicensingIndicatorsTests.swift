import CommonAPI
import Indicators
import LicensingAPI
import RPCCore
import RPCInProcess
import ServiceStorage
import Testing

@testable import Licensing
@testable import LicensingDomain

struct LicensingIndicatorsTests {
    @Test func theQuartersDossierRatesAndIssuedLicencesComeFromLiveData() async throws {
        try await withLicensing(today: day("2023-04-10")) { client, database in
            let other = try await client.createOrganisation(
                APICreateOrganisationRequest(
                    requestID: "o", organisation: APIOrganisation(name: "Hội Nông dân", unitCode: "058")))
            for (code, channel, applicant) in [
                ("A", APIDossierChannel.online, "org-1"), ("B", .online, other.id), ("C", .postal, other.id),
                ("D", .inPerson, other.id),
            ] {
                _ = try await client.receiveDossier(
                    APIReceiveDossierRequest(
                        requestID: code, code: code, procedureCode: "1.003868", applicantID: applicant,
                        channel: channel, onlineType: channel == .online ? .partial : .none,
                        receivedOn: Date(year: 2023, month: 2, day: 1), feeVnd: 50_000, paidOnline: code == "A"))
            }
            _ = try await client.issueLicence(issueRequest("i"))
            var router = RPCRouter()
            router.add(
                IndicatorsProvider(
                    source: LicensingIndicators(database: database, within: { code, target, _ in code == target })))
            let values = try await InProcessTransport.withServer(router) { rpc in
                try await IndicatorsService.Client(rpc).computeIndicators(
                    ComputeIndicatorsRequest(period: Period(kind: .quarter, year: 2023, index: 1))
                ).values
            }
            let byCode = Dictionary(uniqueKeysWithValues: values.map { ($0.code, $0) })
            #expect(byCode["licensing.dossiers_received"]?.value == 4)
            #expect(byCode["licensing.online_dossier_rate"]?.value == 50)
            #expect(byCode["licensing.online_payment_rate"]?.value == 25)
            #expect(byCode["licensing.full_process_online_rate"]?.value == 0)
            // None decided yet: the rate is unset with a note, not 0 % or 100 %.
            #expect(byCode["licensing.on_time_rate"]?.value == nil && byCode["licensing.on_time_rate"]?.note != "")
            // issueRequest dates the licence 2020-06-01: not in Q1/2023.
            #expect(byCode["licensing.licences_issued"]?.value == 0)

            let unitValues = try await InProcessTransport.withServer(router) { rpc in
                try await IndicatorsService.Client(rpc).computeIndicators(
                    ComputeIndicatorsRequest(
                        codes: ["licensing.dossiers_received", "licensing.online_dossier_rate"],
                        period: Period(kind: .quarter, year: 2023, index: 1), unitCode: "058")
                ).values
            }
            #expect(unitValues.map(\.numerator) == [3, 1] && unitValues[1].denominator == 3)
        }
    }

    @Test func everyDomainEnumHasItsWireTwin() {
        #expect(Dossier.Channel.allCases.allSatisfy { $0.wire(APIDossierChannel.self).rawValue != 0 })
        #expect(Dossier.OnlineType.allCases.map { $0.wire(APIOnlineType.self).rawValue } == [0, 1, 2])
        #expect(DossierStatus.allCases.allSatisfy { $0.wire(APIDossierStatus.self).rawValue != 0 })
        #expect(DossierClock.Timeliness.allCases.allSatisfy { $0.wire(APITimeliness.self).rawValue != 0 })
        #expect(Procedure.DayCount.allCases.allSatisfy { $0.wire(APIDayCount.self).rawValue != 0 })
        #expect(Sanction.Payment.allCases.allSatisfy { $0.wire(APIPaymentStatus.self).rawValue != 0 })
        #expect(Obligation.Kind.allCases.allSatisfy { $0.wire(APIObligationKind.self).rawValue != 0 })
        #expect(LicenceStatus.allCases.allSatisfy { $0.wire(APILicenceStatus.self).rawValue != 0 })
    }
}
