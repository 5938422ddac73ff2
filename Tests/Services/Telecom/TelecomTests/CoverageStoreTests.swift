import CalendarDates
import CommonAPI
import ServiceStorage
import ServiceTesting
import Testing

@testable import Telecom
@testable import TelecomDomain

struct CoverageStoreTests {
    /// Estimates made month after month and declarations between them: the store gives the latest
    /// record of each series as of a day, and nothing older, so what stands is what the whole
    /// history gives.
    @Test func theLatestOfEachSeriesAsOfADayIsWhatTheWholeHistoryGives() async throws {
        try await withTemporaryDatabase(named: "telecom", migrations: TelecomSchema.migrations + AuditLog.migrations) {
            database in
            let store = CoverageStore(database: database)
            let villages = ["V1", "V2", "V3"]
            let pairs: [(String, Technology)] = [("viettel", .g4), ("vnpt", .g3), ("vnpt", .g4)]
            for month in 1...9 {
                let asOf = day("2023-0\(month)-01")
                var records: [CoverageRecord] = []
                for (v, village) in villages.enumerated() {
                    for (p, (operatorCode, technology)) in pairs.enumerated() {
                        // Coverage that changes from month to month, differently for each series.
                        let covered = (month + v + p) % 3 != 0
                        records.append(
                            CoverageRecord(
                                villageCode: village, operatorCode: operatorCode, technology: technology,
                                covered: covered, source: .estimated, asOf: asOf, siteCode: covered ? "S\(month)" : "",
                                distanceMetres: covered ? Double(100 * month) : nil))
                    }
                }
                try await store.replaceEstimates(records, asOf: asOf)
                if month % 4 == 2 {
                    let declared = CoverageRecord(
                        villageCode: villages[month % 3], operatorCode: "vnpt", technology: .g4,
                        covered: month % 2 == 0, source: .declared, asOf: day("2023-0\(month)-15"))
                    _ = try await store.importDeclarations([declared], dryRun: false)
                }
            }
            for asOf in [
                nil, day("2022-12-31"), day("2023-01-01"), day("2023-02-20"), day("2023-06-14"), day("2023-09-30"),
            ] {
                // Every record kept (one page holds them all here), those made by the day.
                let kept = try await store.page(villageCode: "", window: PageWindow(PageRequest(pageSize: 1000))).0
                #expect(kept.count < 1000)
                let all = kept.filter { record in asOf.map { record.asOf <= $0 } ?? true }
                let latest = try await store.latest(asOf: asOf)
                // One record a series, the newest of those made by the day.
                var newest: [String: CoverageRecord] = [:]
                for record in all {
                    let key = "\(record.villageCode)|\(record.operatorCode)|\(record.technology)|\(record.source)"
                    if newest[key].map({ $0.asOf < record.asOf }) ?? true { newest[key] = record }
                }
                #expect(lines(latest) == lines(Array(newest.values)), "as of \(asOf?.description ?? "any day")")
                #expect(lines(CoverageRecord.effective(latest)) == lines(CoverageRecord.effective(all)))
            }
            #expect(try await store.latest(asOf: day("2023-09-30")).count == 9 + 2)
        }
    }

    /// Records as short sorted lines, so a difference reads at a glance.
    func lines(_ records: [CoverageRecord]) -> [String] {
        records.map {
            "\($0.villageCode) \($0.operatorCode) \($0.technology.rawValue) \($0.source.rawValue) \($0.asOf)"
                + " \($0.covered) \($0.siteCode) \($0.distanceMetres.map { String($0) } ?? "-")"
        }.sorted()
    }
}
