import AdminUnits
import CSV
import Testing

@testable import Licensing
@testable import LicensingDomain

/// The register format read as a stream: licences built through the rules from their rows, bad
/// rows named by line.
struct LicenceImportTests {
    static let header =
        "kind,number,action,effective_on,valid_until,decision_number,requested_on,holder_name,holder_tax_code,"
        + "domains,responsible_person,server_in_vietnam,title,pages,print_run"

    func read(_ text: String, chunk: Int = 7) -> (built: [LicenceImport.Built], importer: LicenceImport) {
        var importer = LicenceImport(rules: rules)
        var built: [LicenceImport.Built] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            built += importer.feed(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        built += importer.finish()
        return (built, importer)
    }

    @Test func rowsOfALicenceBecomeItsVersions() throws {
        let (built, importer) = read(
            Self.header + "\n"
                + "website,12/GP,issue,2020-06-01,2023-06-01,12/GP,,Báo Bắc Kạn,4700100000,baobackan.vn,Nguyễn Văn A,yes,,,\n"
                + "website,12/GP,extend,2023-05-10,2025-06-01,30/GP-GH,2023-04-20,,,,,,,,\n"
                + "non_commercial_publication,6/GP,issue,2023-01-10,,6/GP,,Hội Nông dân,,,,,Kỷ yếu,120,300\n")
        #expect(importer.problems.isEmpty, "\(importer.problems)")
        #expect(importer.rows == 3 && built.count == 2)
        let site = try #require(built.first)
        #expect(site.licence.versions.map(\.action) == [.issue, .extend])
        #expect(site.licence.validUntil == day("2025-06-01"))
        #expect(site.licence.versions[1].requestedOn == day("2023-04-20"))
        #expect(site.holder.organisation.name == "Báo Bắc Kạn" && site.line == 2)
    }

    @Test func aBadRowRefusesItsLicenceWholeAndNamesTheLine() {
        let (built, importer) = read(
            Self.header + "\n"
                + "website,1/GP,issue,2020-06-01,2023-06-01,1,,A,,a.vn,B,yes,,,\n"
                // Asked for too late: 10 days before expiry, not 30.
                + "website,1/GP,extend,2023-05-25,2025-06-01,2,2023-05-22,,,,,,,,\n"
                + "website,2/GP,issue,2020-13-01,2023-06-01,1,,A,,a.vn,B,yes,,,\n"
                + "printing_press,3/GP,issue,2021-01-01,,3,,C,,,,,,,\n"
                + "newsletter,4/GP,amend,2021-01-01,,4,,C,,,,,,,\n"
                + "nonsense,5/GP,issue,2021-01-01,,5,,C,,,,,,,\n")
        #expect(built.isEmpty)
        let lines = importer.problems.map { "\($0.line):\($0.field)" }
        #expect(
            lines == [
                "3:requested_on", "4:effective_on", "5:content.facility_name", "6:action", "7:kind",
            ], "\(importer.problems)")
        #expect(importer.refused == 4)  // the row with no readable kind belongs to no licence
    }

    @Test func aLicencesRowsMustBeTogether() {
        let (built, importer) = read(
            Self.header + "\n"
                + "non_commercial_publication,6/GP,issue,2023-01-10,,6,,A,,,,,Kỷ yếu,120,300\n"
                + "non_commercial_publication,7/GP,issue,2023-01-11,,7,,A,,,,,Sổ tay,20,100\n"
                + "non_commercial_publication,6/GP,revoke,2023-02-01,,8,,A,,,,,,,\n")
        #expect(built.count == 2)
        #expect(importer.problems.first?.line == 4 && importer.problems.first?.reason.contains("line 2") == true)
    }

    @Test func aNumberComesBackInALaterYearButNotInTheSameOne() {
        let register =
            Self.header + "\n"
            + "non_commercial_publication,01/GP-STTTT,issue,2023-01-10,,01,,A,,,,,Kỷ yếu,120,300\n"
            + "non_commercial_publication,01/GP-STTTT,revoke,2023-03-01,,02,,A,,,,,,,\n"
            + "non_commercial_publication,01/GP-STTTT,issue,2024-01-08,,01,,B,,,,,Sổ tay,20,100\n"
            + "non_commercial_publication,01/GP-STTTT,issue,2024-05-08,,01,,C,,,,,Lịch,20,100\n"
        let (built, importer) = read(register)
        // 2023's licence with its revocation, and 2024's first; 2024's second is the same number twice.
        #expect(built.map(\.licence.issuedOn.year) == [2023, 2024])
        #expect(built.first?.licence.versions.map(\.action) == [.issue, .revoke])
        #expect(importer.problems.map(\.line) == [5], "\(importer.problems)")
        #expect(importer.problems.first?.reason.contains("of 2024 is issued twice (first on line 4)") == true)

        // An authority that never restarts its numbers: 2024's reuse is refused as well.
        var forAllTime = rules
        forAllTime.numbering = .forAllTime
        var importer2 = LicenceImport(rules: forAllTime)
        let built2 = importer2.feed(Array(register.utf8)) + importer2.finish()
        #expect(built2.count == 1 && importer2.problems.map(\.line) == [4, 5])
    }

    @Test func anUnknownColumnStopsTheFileAtTheHeader() {
        let (built, importer) = read("kind,number,action,effective_on,colour\nwebsite,1,issue,2020-01-01,red\n")
        #expect(built.isEmpty && importer.fatal)
        #expect(importer.problems.first?.field == "colour" && importer.problems.first?.line == 1)
    }

    @Test func anExportedLicenceReadsBackTheSame() throws {
        var licence = try websiteLicence(issued: "2020-06-01", until: "2023-06-01")
        try licence.apply(
            .init(
                .extend, on: day("2023-05-02"), decision: "GH-1", newValidUntil: day("2025-06-01"),
                requestedOn: day("2023-04-20")), rules: rules)
        try licence.apply(.init(.suspend, on: day("2023-07-01"), decision: "XP-1"), rules: rules)
        licence.catchUp(to: day("2026-01-01"), rules: rules)
        let holder = LicenceRegister.Holder(id: "", organisation: Organisation(name: "Báo \"Bắc Kạn\", tỉnh"))
        var writer = CSVWriter()
        writer.write(LicenceRegister.columns)
        for row in LicenceRegister.rows(of: licence, holder: holder) { writer.write(row) }
        let (built, importer) = read(String(decoding: writer.take(), as: UTF8.self), chunk: 13)
        #expect(importer.problems.isEmpty, "\(importer.problems)")
        #expect(built.first?.licence.versions == licence.versions)
        #expect(built.first?.holder.organisation.name == "Báo \"Bắc Kạn\", tỉnh")
    }

    @Test func anExchangedNumberReadsBackFromTheRegister() throws {
        let press = LicenceContent.printing(.init(facilityName: "In Bắc Kạn", address: "Tổ 1", activities: ["in"]))
        var licence = try Licence.issue(
            kind: .printingPublications, number: "03/GP-IN", holderID: "o", on: day("2021-03-01"), validUntil: nil,
            content: press, decision: "03/GP-IN", rules: rules)
        try licence.apply(.init(.exchange, on: day("2023-02-01"), content: press, newNumber: "09/GP-IN"), rules: rules)
        var writer = CSVWriter()
        writer.write(LicenceRegister.columns)
        for row in LicenceRegister.rows(of: licence, holder: .init(id: "o", organisation: .init(name: "In"))) {
            writer.write(row)
        }
        let (built, importer) = read(String(decoding: writer.take(), as: UTF8.self))
        #expect(importer.problems.isEmpty, "\(importer.problems)")
        #expect(built.first?.licence.number == "09/GP-IN" && built.first?.licence.issuedNumber == "03/GP-IN")
        #expect(built.first?.licence.versions == licence.versions)
    }
}
