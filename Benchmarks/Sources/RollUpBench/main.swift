// rollup-bench: 1,200,000 measurements (10 years x 12 months x 10,000 communes, one indicator)
// in the service's SQLite store, then the roll-up of that indicator to a province for a quarter
// (30,000 monthly figures -> 10,000 unit totals in SQL -> the communes inside the province on the
// quarter's last day), timed over 21 runs. The goal is under 100 ms.
import AdminUnits
import CalendarDates
import CommonAPI
import DX
import DXDomain
import Foundation
import Indicators
import Logging
import ServiceStorage

let communesPerDistrict = 50
let districtsPerProvince = 20
let provinces = Int(ProcessInfo.processInfo.environment["PROVINCES"] ?? "") ?? 10
let years = 10

guard let founded = CalendarDate(iso: "2000-01-01") else { fatalError("date") }
var units: [AdminUnitRecord] = []
var communes: [String] = []
for p in 0..<provinces {
    let province = "P\(p)"
    units.append(
        .init(code: province, name: "Tỉnh \(p)", level: .province, parentCode: nil, validFrom: founded, source: "bench")
    )
    for d in 0..<districtsPerProvince {
        let district = "\(province).D\(d)"
        units.append(
            .init(
                code: district, name: "Huyện \(d)", level: .district, parentCode: province, validFrom: founded,
                source: "bench"))
        for c in 0..<communesPerDistrict {
            let commune = "\(district).C\(c)"
            units.append(
                .init(
                    code: commune, name: "Xã \(c)", level: .commune, parentCode: district, validFrom: founded,
                    source: "bench"))
            communes.append(commune)
        }
    }
}
let registry = AdminUnitRegistry(units: units)
let kpi = KPI(
    code: "dx.online_dossier_rate", name: "Tỷ lệ hồ sơ trực tuyến", unit: "%",
    computation: .measured(hasDenominator: true, percentage: true))

let directory = NSTemporaryDirectory() + "rollup-bench-\(UUID().uuidString)"
defer { try? FileManager.default.removeItem(atPath: directory) }
var logger = Logger(label: "bench")
logger.logLevel = .warning
let database = try await Database.open(
    path: directory + "/dx.sqlite", migrations: DXSchema.migrations + AuditLog.migrations, logger: logger)
let store = MeasurementStore(database: database)

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let loadStart = clock.now
var count = 0
for year in 2016..<(2016 + years) {
    for monthIndex in 1...12 {
        guard let period = ReportingPeriod(.month, year: year, index: monthIndex) else { fatalError("period") }
        let batch = communes.enumerated().map { index, commune in
            let denominator = Double(20 + (index * 7 + monthIndex) % 80)
            return KPIMeasurement(
                indicatorCode: kpi.code, unitCode: commune, period: period,
                numerator: Double((index * 13 + year) % Int(denominator)), denominator: denominator)
        }
        try await store.load(batch, at: 0)
        count += batch.count
    }
}
let loadTime = seconds(clock.now - loadStart)

guard let q1 = ReportingPeriod(.quarter, year: 2023, index: 1) else { fatalError("period") }
let rollUp = RollUp(registry: registry)
var times: [Double] = []
var value: Double?
var counted = 0
for _ in 0..<21 {
    let start = clock.now
    let totals = try await store.unitTotals(of: kpi, period: q1)
    let result = rollUp.value(totals: totals, unitCode: "P3", period: q1)
    times.append(seconds(clock.now - start) * 1000)
    value = result.value(percentage: true)
    counted = result.units
}
times.sort()
try await database.close()

// The same figure from the generating formula, to check the store and the roll-up agree with it.
var numerator = 0.0
var denominator = 0.0
for (index, commune) in communes.enumerated() where commune.hasPrefix("P3.") {
    for monthIndex in 1...3 {
        let d = Double(20 + (index * 7 + monthIndex) % 80)
        numerator += Double((index * 13 + 2023) % Int(d))
        denominator += d
    }
}
guard let value, abs(value - numerator / denominator * 100) < 1e-9 else {
    print("the roll-up (\(value ?? -1)) differs from the formula (\(numerator / denominator * 100))")
    exit(1)
}
print(
    "measurements: \(count) (\(years) years x 12 months x \(communes.count) communes), loaded in \(String(format: "%.1f", loadTime)) s"
)
print(
    String(
        format: "roll-up to one province for Q1/2023 (%d communes, value %.4f%% as the formula gives): "
            + "median %.1f ms, best %.1f ms, worst %.1f ms", counted, value, times[10], times[0], times[20]))
