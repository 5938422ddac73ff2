// licensing-bench: a register of 100,000 licences with 5 events each (issue and four actions),
// brought in through the rules and the store in batches, then the period statistics the quarterly
// report asks for. Prints the import time and the statistics query's median and worst times.
import AdminUnits
import Foundation
import Licensing
import Logging
import ServiceStorage

let licenceCount = Int(ProcessInfo.processInfo.environment["LICENCES"] ?? "") ?? 100_000
let batchSize = 5_000
let rules = LicenceRules()
let directory = NSTemporaryDirectory() + "licensing-bench-\(UUID().uuidString)"
defer { try? FileManager.default.removeItem(atPath: directory) }

var logger = Logger(label: "bench")
logger.logLevel = .warning
let database = try await Database.open(
    path: directory + "/licensing.sqlite", migrations: LicenceStore.migrations + AuditLog.migrations, logger: logger)
let store = LicenceStore(database: database, rules: rules)

/// Licence `index`: a newsletter issued on a day between 2015 and 2024, then changed four times
/// (three content changes approved and a reissue), each a few months apart.
func licence(_ index: Int) throws -> Licence {
    guard let start = CalendarDate(year: 2015, month: 1, day: 1)?.adding(days: (index * 37) % 3_300) else {
        fatalError("date arithmetic")
    }
    let content = LicenceContent.newsletter(
        .init(
            name: "Bản tin \(index)", periodicity: "quý", widthCM: 19, heightCM: 27, pages: 16 + index % 48,
            printRun: 100 + index % 900, responsiblePerson: "Người chịu trách nhiệm \(index)"))
    var made = try Licence.issue(
        kind: .newsletter, number: "\(index)/GP-XBBT", holderID: "org-\(index % 5_000)", on: start, validUntil: nil,
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

let clock = ContinuousClock()
let importStart = clock.now
var index = 0
while index < licenceCount {
    let batch = try (index..<min(index + batchSize, licenceCount)).map {
        LicenceStore.Stored(id: "lic-\($0)", licence: try licence($0))
    }
    try await store.insertMany(batch)
    index += batchSize
}
let importTime = clock.now - importStart

guard let from = CalendarDate(iso: "2023-01-01"), let through = CalendarDate(iso: "2023-03-31") else {
    fatalError("dates")
}
var times: [Duration] = []
var total = 0
for _ in 0..<21 {
    let start = clock.now
    let counts = try await store.actionCounts(from: from, through: through)
    times.append(clock.now - start)
    total = counts.values.reduce(0, +)
}
times.sort()
try await database.close()

func ms(_ duration: Duration) -> String {
    String(format: "%.1f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
}
print("licences: \(licenceCount), versions: \(licenceCount * 5)")
print(
    "import: \(ms(importTime)) ms (\(Int(Double(licenceCount) / (Double(importTime.components.seconds) + Double(importTime.components.attoseconds) / 1e18))) licences/s)"
)
print(
    "period statistics Q1/2023 (\(total) events): median \(ms(times[times.count / 2])) ms, worst \(ms(times[times.count - 1])) ms"
)
