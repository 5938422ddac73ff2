import AdminUnits
import CalendarDates
import DICTestSupport
import Foundation
import Geo
import Testing

@testable import Telecom
@testable import TelecomDomain

func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

func point(_ latitude: Double, _ longitude: Double) -> GeoPoint {
    guard let point = GeoPoint(latitude: latitude, longitude: longitude) else { fatalError("bad test point") }
    return point
}

func site(
    _ code: String, _ latitude: Double, _ longitude: Double, operator operatorCode: String = "viettel",
    mast: BTSSite.MastClass = .a2a, technologies: [Technology: CalendarDate?] = [.g4: day("2020-01-01")],
    status: BTSSite.Status = .onAir
) -> BTSSite {
    BTSSite(
        code: code, operatorCode: operatorCode, unitCode: "06.058.01", position: point(latitude, longitude),
        technologies: technologies, mastClass: mast, mastHeightMetres: 30, status: status)
}

struct PlanCheckRulesTests {
    // A planned site in Bắc Kạn city (300 m tolerance, camouflaged A1 masts only) and a rural zone.
    let plan = InfrastructurePlan(
        sites: [
            .init(
                code: "QH-BK-01", position: point(22.1470, 105.8340), radiusMetres: 300,
                allowedMastClasses: [.a1a, .a1b]),
            .init(code: "QH-BK-02", position: point(22.2000, 105.9000), radiusMetres: 500),
        ],
        zones: [
            .init(
                code: "VUNG-NR-01",
                area: GeoPolygon([point(22.15, 106.0), point(22.15, 106.2), point(22.30, 106.2), point(22.30, 106.0)])!,
                allowedMastClasses: [.a2a, .a2b])
        ])

    @Test func aSiteAtAPlannedSiteWithAnAllowedMastConforms() {
        let finding = plan.check(site("S1", 22.1475, 105.8345, mast: .a1b))
        #expect(finding.outcome == .conforming && finding.matchedPlanCode == "QH-BK-01")
        #expect(finding.nearestPlannedSite == "QH-BK-01" && (finding.nearestDistanceMetres ?? 0) < 80)
    }

    @Test func aSiteAtAPlannedSiteWithAMastNotAllowedThereNeedsConversion() {
        let finding = plan.check(site("S2", 22.1475, 105.8345, mast: .a2b))
        #expect(finding.outcome == .needsConversion && finding.matchedPlanCode == "QH-BK-01")
    }

    @Test func aSiteInAZoneWithAnAllowedMastConformsAndTheZoneIsNamed() {
        let finding = plan.check(site("S3", 22.20, 106.10, mast: .a2a))
        #expect(finding.outcome == .conforming && finding.matchedPlanCode == "VUNG-NR-01")
        #expect(finding.nearestPlannedSite == "QH-BK-02")
    }

    @Test func aSiteOnAZonesEdgeIsInTheZone() {
        #expect(plan.check(site("S4", 22.15, 106.10, mast: .a2a)).outcome == .conforming)
    }

    @Test func aSiteJustOutsideThePlannedRadiusDoesNotConform() {
        // 400 m north of QH-BK-01 (tolerance 300 m), outside every zone.
        let finding = plan.check(site("S5", 22.1506, 105.8340, mast: .a1a))
        #expect(finding.outcome == .nonConforming && finding.matchedPlanCode.isEmpty)
        #expect(finding.nearestPlannedSite == "QH-BK-01")
        #expect(abs((finding.nearestDistanceMetres ?? 0) - 400) < 5)
    }
}

struct PlanEditingRulesTests {
    func zone(_ code: String, vertices: Int) -> InfrastructurePlan.Zone {
        // A ring of `vertices` points around Bắc Kạn city.
        let ring = (0..<vertices).map { index in
            let angle = Double(index) / Double(vertices) * 2 * .pi
            return point(22.15 + 0.05 * sin(angle), 105.83 + 0.05 * cos(angle))
        }
        return InfrastructurePlan.Zone(code: code, area: GeoPolygon(ring)!)
    }

    @Test func savingACodeAgainReplacesItAndBadValuesNameTheirField() throws {
        var plan = InfrastructurePlan()
        try plan.save(.init(code: "QH-01", position: point(22.147, 105.834), radiusMetres: 300))
        try plan.save(.init(code: "QH-01", position: point(22.2, 105.9), radiusMetres: 500))
        #expect(plan.sites.count == 1 && plan.sites[0].radiusMetres == 500)
        refused(.invalidValue, "code") {
            try plan.save(.init(code: String(repeating: "Q", count: 65), position: point(22.1, 105.8), radiusMetres: 1))
        }
        refused(.invalidValue, "code") {
            try plan.save(.init(code: " ", position: point(22.1, 105.8), radiusMetres: 1))
        }
        refused(.invalidValue, "position") {
            try plan.save(.init(code: "QH-02", position: point(48.85, 2.35), radiusMetres: 300))
        }
        refused(.invalidValue, "radius_m") {
            try plan.save(.init(code: "QH-02", position: point(22.1, 105.8), radiusMetres: 10_001))
        }
        #expect(plan.sites.map(\.code) == ["QH-01"])
    }

    @Test func thePlanKeepsAtMostItsPlannedSitesButAKeptOneStillChanges() throws {
        var plan = InfrastructurePlan(
            sites: (0..<InfrastructurePlan.Limits().plannedSites).map {
                .init(code: "QH-\($0)", position: point(22.1, 105.8), radiusMetres: 100)
            })
        let rule = refused(.notAllowedNow, "code") {
            try plan.save(.init(code: "QH-NEW", position: point(22.1, 105.8), radiusMetres: 100))
        }
        #expect(rule.contains("5000 planned sites"))
        try plan.save(.init(code: "QH-7", position: point(22.1, 105.8), radiusMetres: 200))
        #expect(plan.sites.count == InfrastructurePlan.Limits().plannedSites && plan.sites[7].radiusMetres == 200)
    }

    @Test func theZonesKeepAtMostTheirVerticesInAllAndAReplacedZoneCountsOnce() throws {
        var plan = InfrastructurePlan()
        let share = InfrastructurePlan.Limits().vertices / 4
        for index in 0..<4 { try plan.save(zone("VUNG-\(index)", vertices: share)) }
        refused(.notAllowedNow, "vertices") { try plan.save(zone("VUNG-4", vertices: 3)) }
        // Replacing a zone counts its new outline instead of its old one.
        refused(.notAllowedNow, "vertices") { try plan.save(zone("VUNG-0", vertices: share + 1)) }
        try plan.save(zone("VUNG-0", vertices: share - 3))
        try plan.save(zone("VUNG-4", vertices: 3))
        #expect(plan.zones.map(\.code) == ["VUNG-0", "VUNG-1", "VUNG-2", "VUNG-3", "VUNG-4"])
        refused(.invalidValue, "vertices") {
            try plan.save(
                InfrastructurePlan.Zone(
                    code: "VUNG-X", area: GeoPolygon([point(48.8, 2.3), point(48.9, 2.3), point(48.9, 2.4)])!))
        }
    }

    @Test func thePlanKeepsAtMostItsZones() throws {
        var plan = InfrastructurePlan(
            zones: (0..<InfrastructurePlan.Limits().zones).map { zone("VUNG-\($0)", vertices: 3) })
        refused(.notAllowedNow, "code") { try plan.save(zone("VUNG-NEW", vertices: 3)) }
        try plan.save(zone("VUNG-9", vertices: 4))
        #expect(plan.zones.count == InfrastructurePlan.Limits().zones)
    }
}

struct SiteRulesTests {
    @Test func aPositionOutsideVietnamIsRefused() {
        // Latitude and longitude swapped.
        refused(.invalidValue, "position") {
            var swapped = site("S", 22.147, 105.834)
            swapped.position = point(-74.166, 22.147)
            try swapped.validate(operators: .defaults)
        }
    }

    @Test func anUnknownOperatorIsRefused() {
        let rule = refused(.invalidValue, "operator") {
            try site("S", 22.147, 105.834, operator: "telco-x").validate(operators: .defaults)
        }
        #expect(rule.contains("viettel"))
    }

    @Test func aSiteMovesFromProposalToAirInOrder() throws {
        var proposed = site("S", 22.147, 105.834, status: .proposed)
        refused(.notAllowedNow, "status") { try proposed.move(to: .onAir) }
        let unchecked = refused(.notAllowedNow, "status") { try proposed.move(to: .locationChecked) }
        #expect(unchecked.contains("not been checked"))
        let finding = PlanCheck.Finding(
            outcome: .needsConversion, matchedPlanCode: "QH-1", nearestPlannedSite: "QH-1", nearestDistanceMetres: 20)
        proposed.planCheck = PlanCheck(finding: finding, checkedBy: "officer", checkedAtMilliseconds: 0)
        refused(.notAllowedNow, "status") { try proposed.move(to: .locationChecked) }
        proposed.planCheck?.finding.outcome = .conforming
        try proposed.move(to: .locationChecked)
        try proposed.move(to: .built)
        try proposed.move(to: .onAir)
        #expect(proposed.broadcasts(on: day("2023-03-31")) == [.g4])
        refused(.invalidValue, "on") { try proposed.move(to: .decommissioned) }
        try proposed.move(to: .decommissioned, on: day("2023-06-01"))
        // Decommissioned in June: March still reads it on air, July does not.
        #expect(proposed.broadcasts(on: day("2023-03-31")) == [.g4])
        #expect(proposed.broadcasts(on: day("2023-07-01")).isEmpty)
    }

    @Test func onlyTechnologiesSwitchedOnByTheDayBroadcast() {
        let upgraded = site(
            "S", 22.147, 105.834, technologies: [.g2: day("2012-05-01"), .g4: day("2023-06-01"), .g5: nil])
        #expect(upgraded.broadcasts(on: day("2023-03-31")) == [.g2])
        #expect(upgraded.broadcasts(on: day("2023-06-30")) == [.g2, .g4])
    }
}

struct WifiLeaseRulesTests {
    let lease = WifiLease(
        contractNumber: "01/2023/HĐ-WIFI", provider: "vnpt", start: day("2023-07-01"), end: day("2028-06-30"),
        monthlyFeePerHotspotVND: 3_000_000, minimumUptimePercent: 98, minimumBandwidthMbps: 50,
        uptimeTiers: [.init(belowPercent: 98, deductPercent: 5), .init(belowPercent: 95, deductPercent: 15)],
        bandwidthDeductPercent: 10, unitCodes: ["06.058.01", "06.058.02"])

    var hotspot: Hotspot {
        Hotspot(
            code: "WF-001", leaseContract: "01/2023/HĐ-WIFI", name: "Quảng trường", position: point(22.147, 105.834),
            unitCode: "06.058.01", accessPoints: 4, startedOn: day("2023-07-01"))
    }

    let july = YearMonth(year: 2023, month: 7)!

    @Test func aMonthAtTheServiceLevelIsPaidInFull() {
        let line = lease.acceptance(
            of: hotspot, month: july, report: .init(uptimePercent: 99.2, sessions: 1_200, averageBandwidthMbps: 80))
        #expect(line.feeVND == 3_000_000 && line.deductionVND == 0 && line.payableVND == 3_000_000)
    }

    @Test func theWorstUptimeTierThatAppliesIsDeductedNotTheirSum() {
        let line = lease.acceptance(
            of: hotspot, month: july, report: .init(uptimePercent: 94.0, sessions: 800, averageBandwidthMbps: 80))
        #expect(line.deductionVND == 450_000 && line.payableVND == 2_550_000)
    }

    @Test func lowBandwidthAddsItsDeduction() {
        let line = lease.acceptance(
            of: hotspot, month: july, report: .init(uptimePercent: 97.0, sessions: 800, averageBandwidthMbps: 30))
        #expect(line.deductionVND == 450_000)  // 5 % for uptime + 10 % for bandwidth
        #expect(line.note.contains("bandwidth"))
    }

    @Test func aHotspotStartedMidMonthIsPaidForItsDays() {
        var late = hotspot
        late.startedOn = day("2023-07-17")  // 15 of July's 31 days
        let line = lease.acceptance(
            of: late, month: july, report: .init(uptimePercent: 99, sessions: 10, averageBandwidthMbps: 80))
        #expect(line.feeVND == 3_000_000 * 15 / 31)
    }

    @Test func aMonthWithoutAReportIsNotAccepted() {
        let line = lease.acceptance(of: hotspot, month: july, report: nil)
        #expect(line.payableVND == 0 && line.note == "no report")
    }

    /// A fee past any lease's is refused by name; one kept from before fees were bounded still
    /// gets its month's acceptance (the fee times the days is worked out in 128 bits), where the
    /// telecom service stopped on it before; lines that add up past what can be counted say so.
    @Test func aFeePastAnyLeaseIsRefusedAndOneAlreadyKeptIsStillAccepted() throws {
        var dear = lease
        dear.monthlyFeePerHotspotVND = WifiLease.largestMonthlyFeeVND + 1
        #expect(throws: TelecomError.invalid("monthly_fee_per_hotspot_vnd", "at most 1.000.000.000.000 VND")) {
            try dear.validate(operators: .defaults)
        }
        dear.monthlyFeePerHotspotVND = WifiLease.largestMonthlyFeeVND
        try dear.validate(operators: .defaults)

        dear.monthlyFeePerHotspotVND = .max
        var late = hotspot
        late.startedOn = day("2023-07-17")
        let line = dear.acceptance(
            of: late, month: july, report: .init(uptimePercent: 94, sessions: 10, averageBandwidthMbps: 30))
        let fee = Int64((Double(Int64.max) * 15 / 31).rounded(.down))
        #expect(abs(line.feeVND - fee) < 1 << 12, "\(line.feeVND)")
        #expect(line.deductionVND == line.feeVND / 4 && line.payableVND == line.feeVND - line.deductionVND)
        let full = dear.acceptance(
            of: hotspot, month: july, report: .init(uptimePercent: 99, sessions: 10, averageBandwidthMbps: 80))
        #expect(full.feeVND == .max && full.payableVND == .max)
        #expect(WifiLease.totals([full, full]) == nil)
        #expect(WifiLease.totals([line, full]) == nil)
        let small = lease.acceptance(
            of: hotspot, month: july, report: .init(uptimePercent: 94, sessions: 10, averageBandwidthMbps: 80))
        let totals = try #require(WifiLease.totals([small, small]))
        #expect(totals.fee == 6_000_000 && totals.deduction == 900_000 && totals.payable == 5_100_000)
    }

    @Test func twoLeasesMayNotServeOnePlaceAtOnce() {
        var next = lease
        next.contractNumber = "02/2027"
        next.start = day("2027-01-01")
        next.end = day("2031-12-31")
        #expect(lease.overlap(with: next) == "06.058.01")
        next.unitCodes = ["06.060.01"]
        #expect(lease.overlap(with: next) == nil)
    }
}

struct CoverageRulesTests {
    @Test func theGridFindsWhatComparingEveryPairFinds() {
        var sites: [BTSSite] = []
        var villages: [Village] = []
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let operators = ["viettel", "vnpt", "mobifone"]
        for index in 0..<1_500 {
            sites.append(
                site(
                    "S\(index)", 21.8 + next() * 0.8, 105.5 + next() * 0.8, operator: operators[index % 3],
                    technologies: index % 4 == 0
                        ? [.g2: day("2010-01-01")] : [.g4: day("2019-01-01"), .g3: day("2015-01-01")]))
        }
        for index in 0..<800 {
            villages.append(
                Village(
                    code: "V\(index)", communeCode: "C", name: "",
                    position: point(21.8 + next() * 0.8, 105.5 + next() * 0.8),
                    terrain: Village.Terrain.allCases[index % 3]))
        }
        let estimator = CoverageEstimator(sites: sites, on: day("2023-03-31"))
        for village in villages {
            #expect(estimator.coverage(of: village) == estimator.allPairs(village))
        }
    }

    @Test func aDeclarationOutweighsAnEstimate() {
        let estimated = CoverageRecord(
            villageCode: "V1", operatorCode: "vnpt", technology: .g4, covered: true, source: .estimated,
            asOf: day("2023-03-31"))
        let declared = CoverageRecord(
            villageCode: "V1", operatorCode: "vnpt", technology: .g4, covered: false, source: .declared,
            asOf: day("2023-01-15"))
        #expect(CoverageRecord.effective([estimated, declared]) == [declared])
    }

    @Test func gapsAreVillagesWithoutBroadbandRankedByPeopleWithTheirNearestSites() {
        let sites = [
            site("NEAR", 22.150, 105.840, technologies: [.g2: day("2010-01-01")]),
            site("FAR", 22.300, 105.900),
        ]
        let villages = [
            Village(
                code: "A", communeCode: "C", name: "Bản A", position: point(22.151, 105.841), population: 300,
                terrain: .mountainous),
            Village(
                code: "B", communeCode: "C", name: "Bản B", position: point(22.152, 105.842), population: 900,
                terrain: .mountainous),
            Village(code: "C", communeCode: "C", name: "Bản C", position: point(22.301, 105.901), population: 5_000),
        ]
        let estimator = CoverageEstimator(sites: sites, on: day("2023-03-31"))
        let effective = CoverageRecord.effective(estimator.estimate(villages, on: day("2023-03-31")))
        let gaps = CoverageGap.find(
            villages: villages, effective: effective, estimator: estimator, ranking: .population)
        // A and B hear only 2G; C has 4G from FAR.
        #expect(gaps.map(\.village.code) == ["B", "A"])
        #expect(gaps.first?.nearestSites.first?.code == "NEAR")
    }
}

struct RadioStationRulesTests {
    @Test func aPastQuarterReadsTheStateReportedThen() throws {
        var station = RadioStation(
            communeCode: "06.058.07", kind: .itTelecom, loudspeakerClusters: 6, connectedToProvincialSource: true)
        try station.report(.init(on: day("2022-10-01"), state: .operating))
        try station.report(.init(on: day("2023-02-10"), state: .operatingWell))
        #expect(station.state(on: day("2022-09-30")) == nil)
        #expect(station.state(on: day("2022-12-31")) == .operating)
        #expect(station.state(on: day("2023-03-31")) == .operatingWell)
        refused(.invalidValue, "on") { try station.report(.init(on: day("2023-01-01"), state: .notOperating)) }
    }

    @Test func aStationCountsOnlyWhileItIsInForce() throws {
        var station = RadioStation(
            code: "TT-07-B", communeCode: "06.058.07", kind: .itTelecom, loudspeakerClusters: 6,
            connectedToProvincialSource: true, installedOn: day("2023-02-01"), decommissionedOn: day("2023-06-01"))
        try station.report(.init(on: day("2023-02-01"), state: .operatingWell))
        #expect(!station.isInForce(on: day("2023-01-31")) && station.state(on: day("2023-01-31")) == nil)
        #expect(station.isInForce(on: day("2023-03-31")) && station.state(on: day("2023-03-31")) == .operatingWell)
        // Decommissioned on 1 June: in force through 31 May, not on the day.
        #expect(station.isInForce(on: day("2023-05-31")) && !station.isInForce(on: day("2023-06-01")))
        #expect(station.state(on: day("2023-06-30")) == nil)
        // Without a code, a station is its commune's one station.
        #expect(
            RadioStation(
                communeCode: "06.058.07", kind: .wired, loudspeakerClusters: 1, connectedToProvincialSource: false
            )
            .code == "06.058.07")
        refused(.invalidValue, "decommissioned_on") {
            try RadioStation(
                code: "X", communeCode: "C", kind: .wired, loudspeakerClusters: 1, connectedToProvincialSource: false,
                installedOn: day("2023-02-01"), decommissionedOn: day("2023-02-01")
            ).validate()
        }
    }

    @Test func anITTelecomStationIsFedFromTheProvincialSource() {
        refused(.invalidValue, "connected_to_provincial_source") {
            try RadioStation(
                communeCode: "C", kind: .itTelecom, loudspeakerClusters: 2, connectedToProvincialSource: false
            ).validate()
        }
    }
}

struct InfrastructureRulesTests {
    @Test func negativeOrZeroCableLengthsAreRefused() {
        refused(.invalidValue, "length_km") {
            try CableSegment(
                code: "C1", operatorCode: "vnpt", unitCode: "06.058", lengthKm: -2, underground: true, urban: true
            )
            .validate(operators: .defaults)
        }
    }

    /// A segment longer than a province is a slip: two near the largest Double would make the
    /// underground share of the province's cable infinite over infinite, not a number.
    @Test func aCableLongerThanAnyProvinceIsRefused() throws {
        refused(.invalidValue, "length_km") {
            try CableSegment(
                code: "C1", operatorCode: "vnpt", unitCode: "06.058", lengthKm: 1e308, underground: true, urban: true
            )
            .validate(operators: .defaults)
        }
        try CableSegment(
            code: "C1", operatorCode: "vnpt", unitCode: "06.058", lengthKm: CableSegment.longestKm, underground: true,
            urban: true
        )
        .validate(operators: .defaults)
    }

    @Test func aFrequencyLicenceNearItsEndNeedsAReminder() {
        let licence = FrequencyLicenceReference(
            number: "123/GP-CTS", holder: "Đài PT-TH Bắc Kạn", frequencyMHz: 99.5, station: "FM Bắc Kạn",
            validUntil: day("2023-05-15"))
        #expect(licence.needsReminder(today: day("2023-04-01"), within: 60))
        #expect(!licence.needsReminder(today: day("2023-01-01"), within: 60))
    }
}

struct CoverageRadiiRulesTests {
    @Test func aSettingReplacesOnlyTheRadiiItNames() throws {
        let radii = try CoverageRadii(parsing: "4G:urban=900,rural=3000; 5g:mountainous=500")
        #expect(radii.radius(.g4, .urban) == 900 && radii.radius(.g4, .rural) == 3000)
        #expect(radii.radius(.g4, .mountainous) == CoverageRadii.defaults.radius(.g4, .mountainous))
        #expect(radii.radius(.g5, .mountainous) == 500)
        refused(.invalidValue, "coverage radii") { _ = try CoverageRadii(parsing: "4G:urban=abc") }
        refused(.invalidValue, "coverage radii") { _ = try CoverageRadii(parsing: "6G:urban=100") }
        refused(.invalidValue, "coverage radii") { _ = try CoverageRadii(parsing: "4G:desert=100") }
    }
}

struct VillageRulesTests {
    func village(population: Int, households: Int) -> Village {
        Village(
            code: "V1", communeCode: "06.058.01", name: "Thôn 1", position: point(22.15, 105.83),
            population: population, households: households)
    }

    func refusal(_ village: Village) -> TelecomError? {
        do {
            try village.validate(operators: .defaults)
            return nil
        } catch {
            return error
        }
    }

    /// A village's people and households as a file types them: a count no village has (ten digits
    /// too many, a household of no one) is a typing error, named, not a figure the gap ranking
    /// puts first.
    @Test func aVillagesPeopleAndHouseholdsArePlausibleCounts() {
        #expect(refusal(village(population: 493, households: 115)) == nil)
        #expect(refusal(village(population: 0, households: 0)) == nil)
        #expect(refusal(village(population: 0, households: 40)) == nil)  // people not counted yet
        #expect(refusal(village(population: 1_000_000, households: 1_000_000)) == nil)
        #expect(refusal(village(population: 1_000_001, households: 0))?.field == "population")
        #expect(refusal(village(population: Int.max, households: 0))?.field == "population")
        #expect(refusal(village(population: 0, households: 1_000_001))?.field == "households")
        #expect(refusal(village(population: 100, households: 101))?.field == "households")
        #expect(refusal(village(population: -1, households: 0))?.field == "population")
    }
}
