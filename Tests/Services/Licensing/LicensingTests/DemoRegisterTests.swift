import CommonAPI
import DICTestSupport
import Foundation
import LicensingAPI
import Testing

@testable import Licensing
@testable import LicensingDomain

/// The demo register (Deploy/demo) imported through the API gives the Q1/2023 report's counts.
struct DemoRegisterTests {
    static let file = repositoryFile("Deploy/demo/licensing-register-2023.csv")

    @Test func theQ1ReportCountsComeFromTheRegister() async throws {
        let data = try Data(contentsOf: Self.file)
        try await withLicensingService(today: day("2023-04-30")) { client in
            let result = try await client.importLicences { writer in
                try await writer.write(APIImportLicencesRequest(data: Array(data)))
            }.message
            #expect(result.problemsTotal == 0, "\(result.problems.map { "\($0.line) \($0.field): \($0.reason)" })")
            #expect(result.licencesImported == 17)
            let q1 = try await client.getLicenceStatistics(
                APILicenceStatisticsRequest(
                    from: Date(year: 2023, month: 1, day: 1), through: Date(year: 2023, month: 3, day: 31)))
            let counts = Dictionary(uniqueKeysWithValues: q1.actions.map { ("\($0.kind)/\($0.action)", $0.count) })
            #expect(
                counts == [
                    "nonCommercialPublication/issue": 6, "newsletter/issue": 4, "newsletter/changeApproved": 1,
                    "website/amend": 3, "website/extend": 2, "printFacilityRegistration/issue": 1,
                    "printingPublications/exchange": 1,
                ])
        }
    }
}
