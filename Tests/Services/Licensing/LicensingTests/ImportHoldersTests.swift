import Testing

@testable import Licensing
@testable import LicensingDomain

struct ImportHoldersTests {
    /// Ten licences of five holders named by name alone: holders 1 to 5, then 1 to 5 again.
    static func register(rules: LicenceRules) -> [LicenceImport.Built] {
        var text = """
            kind,number,action,effective_on,valid_until,decision_number,requested_on,holder_name,holder_tax_code,\
            holder_unit_code,domains,responsible_person,server_in_vietnam,title,pages,print_run,facility_name,\
            address,activities

            """
        for number in 1...10 {
            let holder = (number - 1) % 5 + 1
            text += "non_commercial_publication,\(number)/GP-XBTL,issue,2023-01-10,,\(number)/GP,,"
            text += "Hội số \(holder),,058,,,,Kỷ yếu,120,300,,,\n"
        }
        var reader = LicenceImport(rules: rules)
        let built = reader.feed(Array(text.utf8)) + reader.finish()
        return built
    }

    func importInPairs(
        _ store: LicenceStore, dryRun: Bool, holders: ImportHolders
    ) async throws -> (
        imported: Int, created: Int
    ) {
        let built = Self.register(rules: store.rules)
        #expect(built.count == 10)
        var imported = 0
        var created = 0
        for start in stride(from: 0, to: built.count, by: 2) {
            let outcome = try await store.importBatch(
                Array(built[start..<start + 2]), holders: holders, dryRun: dryRun, knownUnit: { _ in true })
            imported += outcome.imported
            created += outcome.organisationsCreated
            #expect(holders.held <= 2, "the import holds \(holders.held) holders")
        }
        return (imported, created)
    }

    @Test func anImportHoldsNoMoreHoldersThanItsLimitAndStillFindsEachOne() async throws {
        try await withLicenceStore { store, _ in
            let (imported, created) = try await importInPairs(store, dryRun: false, holders: ImportHolders(limit: 2))
            #expect(imported == 10)
            // Holders 1 to 5 were let go before their second licences: found again in the database.
            #expect(created == 5)
        }
    }

    @Test func aDryRunCountsEachHolderItWouldCreateOnceWhateverItLetsGo() async throws {
        try await withLicenceStore { store, _ in
            let (imported, created) = try await importInPairs(store, dryRun: true, holders: ImportHolders(limit: 2))
            #expect(imported == 10)
            #expect(created == 5)
        }
    }
}
