// licensing-bench: a register of 100,000 licences with 5 events each (issue and four actions) as
// the CSV file an officer would bring, imported through the service's own path (the
// client-streaming ImportLicences RPC on the in-process transport: CSV parsing, the rules,
// holders found by tax code, batched inserts), then the period statistics the quarterly report
// asks for, and the export back to CSV. Prints each time.
import AdminUnits
import CSV
import CalendarDates
import CommonAPI
import Foundation
import Licensing
import LicensingAPI
import LicensingDomain
import Logging
import RPCCore
import RPCInProcess
import ServiceStorage

let licenceCount = Int(ProcessInfo.processInfo.environment["LICENCES"] ?? "") ?? 100_000
let rules = LicenceRules()
let directory = NSTemporaryDirectory() + "licensing-bench-\(UUID().uuidString)"
defer { try? FileManager.default.removeItem(atPath: directory) }

var logger = Logger(label: "bench")
logger.logLevel = .warning
let database = try await Database.open(
    path: directory + "/licensing.sqlite", migrations: LicensingSchema.migrations + AuditLog.migrations,
    logger: logger)
let store = LicenceStore(database: database, rules: rules)

/// Licence `index`: a newsletter issued on a day between 2015 and 2024, then changed four times
/// (three content changes approved and a reissue), each a few months apart; 5,000 holders.
func licence(_ index: Int) throws -> Licence {
    guard let start = CalendarDate(year: 2015, month: 1, day: 1)?.adding(days: (index * 37) % 3_300) else {
        fatalError("date arithmetic")
    }
    let content = LicenceContent.newsletter(
        .init(
            name: "Bản tin \(index)", periodicity: "quý", widthCM: 19, heightCM: 27, pages: 16 + index % 48,
            printRun: 100 + index % 900, responsiblePerson: "Người chịu trách nhiệm \(index)"))
    var made = try Licence.issue(
        kind: .newsletter, number: "\(index)/GP-XBBT", holderID: "?", on: start, validUntil: nil,
        content: content, decision: "\(index)/GP-XBBT", rules: rules)
    for step in 1...4 {
        guard let date = start.adding(days: step * 90) else { fatalError("date arithmetic") }
        let change =
            step == 4
            ? LicenceChange(.reissue, on: date, reason: "lost")
            : LicenceChange(.changeApproved, on: date, decision: "CV \(index)-\(step)", content: content)
        try made.apply(change, rules: rules)
    }
    return made
}

// The register file, made before the clock starts.
var writer = CSVWriter()
writer.write(LicenceRegister.columns)
for index in 0..<licenceCount {
    let holder = LicenceRegister.Holder(
        id: "", organisation: Organisation(name: "Tổ chức \(index % 5_000)", taxCode: "47\(10_000_000 + index % 5_000)")
    )
    for row in LicenceRegister.rows(of: try licence(index), holder: holder) { writer.write(row) }
}
let file = writer.take()

var router = RPCRouter()
router.add(LicensingProvider(database: database, rules: rules))
let clock = ContinuousClock()
try await InProcessTransport.withServer(router) { rpc in
    let client = APILicensingService.Client(rpc)
    let importStart = clock.now
    let imported = try await client.importLicences { requests in
        var start = 0
        while start < file.count {
            let end = min(start + (256 << 10), file.count)
            try await requests.write(APIImportLicencesRequest(data: Array(file[start..<end])))
            start = end
        }
    }.message
    let importTime = clock.now - importStart
    guard imported.licencesImported == licenceCount, imported.problemsTotal == 0 else {
        fatalError("import: \(imported.licencesImported) imported, problems \(imported.problems.prefix(3))")
    }

    let q1 = APILicenceStatisticsRequest(
        from: CommonAPI.Date(year: 2023, month: 1, day: 1), through: CommonAPI.Date(year: 2023, month: 3, day: 31))
    var times: [Duration] = []
    var total: Int64 = 0
    for _ in 0..<21 {
        let start = clock.now
        let statistics = try await client.getLicenceStatistics(q1)
        times.append(clock.now - start)
        total = statistics.actions.map(\.count).reduce(0, +)
    }
    times.sort()

    let exportStart = clock.now
    let exported = try await client.exportLicences(APIExportLicencesRequest()) { responses in
        var bytes = 0
        for try await response in responses { bytes += response.data.count }
        return bytes
    }
    let exportTime = clock.now - exportStart

    func ms(_ duration: Duration) -> String {
        String(
            format: "%.1f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
    func perSecond(_ count: Int, _ duration: Duration) -> Int {
        Int(Double(count) / (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18))
    }
    print("licences: \(licenceCount), versions: \(licenceCount * 5), CSV file: \(file.count / 1_048_576) MiB")
    print(
        "import (CSV through ImportLicences): \(ms(importTime)) ms (\(perSecond(licenceCount, importTime)) licences/s)")
    print(
        "period statistics Q1/2023 (GetLicenceStatistics, \(total) events): median \(ms(times[times.count / 2])) ms, "
            + "worst \(ms(times[times.count - 1])) ms")
    print("export (ExportLicences): \(ms(exportTime)) ms, \(exported / 1_048_576) MiB")
}
try await database.close()
