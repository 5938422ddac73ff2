// coverage-bench: coverage estimation at the scale of a whole country, 120,000 sites on air and
// 100,000 villages scattered over Vietnam's bounding box, with the spatial index (what the
// service runs) against comparing every village with every site (the obvious method). All pairs
// over the whole set would take minutes, so it runs on a sample of villages, is timed and
// extrapolated, and each sampled village must get exactly the coverage the index gives it.
import AdminUnits
import CalendarDates
import Foundation
import Geo
import Telecom
import TelecomDomain

let siteCount = Int(ProcessInfo.processInfo.environment["SITES"] ?? "") ?? 120_000
let villageCount = Int(ProcessInfo.processInfo.environment["VILLAGES"] ?? "") ?? 100_000
let sampleCount = Int(ProcessInfo.processInfo.environment["SAMPLE"] ?? "") ?? 1_000

/// A fixed pseudo-random sequence, so every run measures the same data.
struct Scatter {
    var state: UInt64 = 2_023
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
}
var scatter = Scatter()
@MainActor func next() -> Double { scatter.next() }
@MainActor func anywhere() -> GeoPoint {
    // Vietnam's mainland latitude range and a longitude band around it: density is what matters.
    guard let point = GeoPoint(latitude: 8.6 + next() * 14.8, longitude: 102.2 + next() * 7.2) else {
        fatalError("point")
    }
    return point
}
guard let switchedOn = CalendarDate(iso: "2015-01-01"), let today = CalendarDate(iso: "2023-03-31") else {
    fatalError("dates")
}
let operators = ["viettel", "vnpt", "mobifone", "vietnamobile"]
let sites = (0..<siteCount).map { index in
    BTSSite(
        code: "S\(index)", operatorCode: operators[index % operators.count], unitCode: "", position: anywhere(),
        technologies: index % 5 == 0 ? [.g2: switchedOn] : [.g2: switchedOn, .g3: switchedOn, .g4: switchedOn],
        mastClass: .a2a, mastHeightMetres: 30, status: .onAir)
}
let villages = (0..<villageCount).map { index in
    Village(
        code: "V\(index)", communeCode: "", name: "", position: anywhere(),
        terrain: Village.Terrain.allCases[index % Village.Terrain.allCases.count])
}

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

var indexTimes: [Double] = []
var covered = 0
var estimator = CoverageEstimator(sites: [], on: today)
for _ in 0..<5 {
    let start = clock.now
    estimator = CoverageEstimator(sites: sites, on: today)
    var pairs = 0
    for village in villages { pairs += estimator.coverage(of: village).count }
    indexTimes.append(seconds(clock.now - start))
    covered = pairs
}
indexTimes.sort()

let sample = Array(villages.prefix(sampleCount))
let pairsStart = clock.now
var disagreements = 0
for village in sample where estimator.allPairs(village) != estimator.coverage(of: village) {
    disagreements += 1
}
let pairsTime = seconds(clock.now - pairsStart)
let extrapolated = pairsTime / Double(sample.count) * Double(villages.count)

print("sites on air: \(siteCount), villages: \(villageCount), (village, operator, technology) covered: \(covered)")
print(
    String(
        format: "index (build + estimate all villages): median %.3f s, best %.3f s, worst %.3f s (5 runs)",
        indexTimes[2], indexTimes[0], indexTimes[4]))
print(
    String(
        format: "all pairs: %.2f s for %d villages, %.0f s extrapolated to all %d (%.0fx the index)",
        pairsTime, sample.count, extrapolated, villages.count, extrapolated / indexTimes[2]))
print("sampled villages where the two disagree: \(disagreements) of \(sample.count)")
if disagreements > 0 { exit(1) }
