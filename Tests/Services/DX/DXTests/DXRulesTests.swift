import AdminUnits
import CalendarDates
import CommonAPI
import Indicators
import Testing

@testable import DX
@testable import DXDomain

func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

func quarter(_ year: Int, _ index: Int) -> ReportingPeriod {
    guard let period = ReportingPeriod(.quarter, year: year, index: index) else { fatalError("bad quarter") }
    return period
}

func month(_ year: Int, _ index: Int) -> ReportingPeriod {
    guard let period = ReportingPeriod(.month, year: year, index: index) else { fatalError("bad month") }
    return period
}

/// A province of two districts with two communes each until 30 June 2025; from 1 July 2025 the
/// districts are gone, the province merges into another, and communes A1 and A2 merge into N1.
let registry: AdminUnitRegistry = {
    let before = day("2020-01-01")
    let reform = day("2025-07-01")
    let units = [
        AdminUnitRecord(
            code: "P", name: "Tỉnh P", level: .province, parentCode: nil, validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "A", name: "Huyện A", level: .district, parentCode: "P", validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "B", name: "Huyện B", level: .district, parentCode: "P", validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "A1", name: "Xã A1", level: .commune, parentCode: "A", validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "A2", name: "Xã A2", level: .commune, parentCode: "A", validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "B1", name: "Xã B1", level: .commune, parentCode: "B", validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "B2", name: "Xã B2", level: .commune, parentCode: "B", validFrom: before, validTo: reform,
            source: "test"),
        AdminUnitRecord(
            code: "Q", name: "Tỉnh Q", level: .province, parentCode: nil, validFrom: reform, source: "test"),
        AdminUnitRecord(code: "N1", name: "Xã N1", level: .commune, parentCode: "Q", validFrom: reform, source: "test"),
        AdminUnitRecord(code: "N2", name: "Xã N2", level: .commune, parentCode: "Q", validFrom: reform, source: "test"),
    ]
    let lineage = [
        LineageRecord(oldCode: "A1", newCode: "N1", effective: reform),
        LineageRecord(oldCode: "A2", newCode: "N1", effective: reform),
        LineageRecord(oldCode: "B1", newCode: "N2", effective: reform),
        LineageRecord(oldCode: "B2", newCode: "N2", effective: reform),
        LineageRecord(oldCode: "P", newCode: "Q", effective: reform),
    ]
    return AdminUnitRegistry(units: units, lineage: lineage)
}()

let onlineRate = KPI(
    code: "dx.online_dossier_rate", name: "Tỷ lệ hồ sơ trực tuyến", unit: "%",
    computation: .measured(hasDenominator: true, percentage: true))

struct RollUpRulesTests {
    @Test func aRateIsAddedUpFromCountsNotAveragedFromPercentages() {
        // A1: 1 of 10 online (10 %); B1: 900 of 1,000 (90 %). Averaging says 50 %; the counts say 90.1 %.
        let measurements = [
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 1, denominator: 10),
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "B1", period: quarter(2023, 1), numerator: 900,
                denominator: 1_000),
        ]
        let province = RollUp(registry: registry).value(
            of: onlineRate, measurements, unitCode: "P", period: quarter(2023, 1))
        #expect(province.numerator == 901 && province.denominator == 1_010 && province.units == 2)
        #expect(abs((province.value(percentage: true) ?? 0) - 89.2079) < 0.001)
        let district = RollUp(registry: registry).value(
            of: onlineRate, measurements, unitCode: "A", period: quarter(2023, 1))
        #expect(district.value(percentage: true) == 10)
    }

    @Test func aQuarterAddsItsMonthsForAFlowAndTakesTheLastForAStock() {
        let months = (1...3).map {
            KPIMeasurement(
                indicatorCode: "k", unitCode: "A1", period: month(2023, $0), numerator: Double($0 * 10),
                denominator: 100)
        }
        let flow = KPI(code: "k", name: "k", unit: "%", computation: .measured(hasDenominator: true, percentage: true))
        var stock = flow
        stock.overTime = .latest
        let rollUp = RollUp(registry: registry)
        #expect(rollUp.value(of: flow, months, unitCode: "P", period: quarter(2023, 1)).value(percentage: true) == 20)
        #expect(rollUp.value(of: stock, months, unitCode: "P", period: quarter(2023, 1)).value(percentage: true) == 30)
        // A figure entered for the quarter itself is used instead of its months.
        let whole =
            months + [
                KPIMeasurement(
                    indicatorCode: "k", unitCode: "A1", period: quarter(2023, 1), numerator: 5, denominator: 100)
            ]
        #expect(rollUp.value(of: flow, whole, unitCode: "P", period: quarter(2023, 1)).value(percentage: true) == 5)
    }

    @Test func aMeasurementAgainstAnAbolishedCommuneCountsInTheUnitThatTookItOver() {
        // Reported late against the old communes for Q3/2025, after the reform.
        let measurements = [
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2025, 3), numerator: 3, denominator: 10),
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A2", period: quarter(2025, 3), numerator: 7, denominator: 10),
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "N2", period: quarter(2025, 3), numerator: 10, denominator: 20
            ),
        ]
        let rollUp = RollUp(registry: registry)
        let n1 = rollUp.value(of: onlineRate, measurements, unitCode: "N1", period: quarter(2025, 3))
        #expect(n1.numerator == 10 && n1.denominator == 20)
        let province = rollUp.value(of: onlineRate, measurements, unitCode: "Q", period: quarter(2025, 3))
        #expect(province.numerator == 20 && province.denominator == 40 && province.units == 3)
    }

    @Test func aQuarterBeforeTheReformStaysAsItWasReported() {
        let measurements = [
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 3, denominator: 10),
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "B2", period: quarter(2023, 1), numerator: 5, denominator: 10),
        ]
        let rollUp = RollUp(registry: registry)
        #expect(rollUp.value(of: onlineRate, measurements, unitCode: "A", period: quarter(2023, 1)).numerator == 3)
        #expect(rollUp.value(of: onlineRate, measurements, unitCode: "P", period: quarter(2023, 1)).numerator == 8)
        // The new province did not exist then: nothing rolls up into it for Q1/2023.
        #expect(rollUp.value(of: onlineRate, measurements, unitCode: "Q", period: quarter(2023, 1)).units == 0)
    }

    @Test func nothingMeasuredIsNoValueAndAZeroDenominatorIsNoRate() {
        let rollUp = RollUp(registry: registry)
        #expect(
            rollUp.value(of: onlineRate, [], unitCode: "P", period: quarter(2023, 1)).value(percentage: true) == nil)
        let zero = [
            KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 0, denominator: 0)
        ]
        #expect(
            rollUp.value(of: onlineRate, zero, unitCode: "P", period: quarter(2023, 1)).value(percentage: true) == nil)
    }
}

struct PlanRulesTests {
    @Test func aHigherIsBetterResultMeetsExceedsOrMissesItsTarget() {
        #expect(Assessment(direction: .higherIsBetter, target: 90, result: 80).verdict == .notMet)
        #expect(
            Assessment(direction: .higherIsBetter, target: 90, result: 80).percentOfTarget.map { ($0 * 10).rounded() }
                == 889)
        #expect(Assessment(direction: .higherIsBetter, target: 97, result: 97).verdict == .met)
        #expect(Assessment(direction: .higherIsBetter, target: 25, result: 30).verdict == .exceeded)
        #expect(Assessment(direction: .higherIsBetter, target: 10, result: nil).verdict == .notYetMeasured)
        #expect(Assessment(direction: .higherIsBetter, target: nil, result: 55).verdict == .noTarget)
    }

    @Test func aRankIsBetterWhenLower() {
        #expect(Assessment(direction: .rank, target: 45, result: 63).verdict == .notMet)
        #expect(Assessment(direction: .rank, target: 45, result: 40).verdict == .exceeded)
        #expect(Assessment(direction: .rank, target: 45, result: 63).percentOfTarget.map { $0.rounded() } == 71)
    }

    /// A share that is not a finite number is no share: every reader (the report, the console's
    /// bars, the dx answer) gets none rather than an infinity or a NaN to write out.
    @Test func aShareThatOverflowsIsNoShare() {
        #expect(Assessment(direction: .higherIsBetter, target: 1e-300, result: 1e300).percentOfTarget == nil)
        #expect(Assessment(direction: .lowerIsBetter, target: 1e300, result: 1e-300).percentOfTarget == nil)
        #expect(Assessment(direction: .higherIsBetter, target: .infinity, result: .infinity).percentOfTarget == nil)
        #expect(Assessment(direction: .higherIsBetter, target: 0, result: 5).percentOfTarget == nil)
        #expect(Assessment(direction: .lowerIsBetter, target: 5, result: 0).percentOfTarget == nil)
    }

    @Test func aPercentageMeasurementCannotCountMoreThanItsWhole() throws {
        #expect(throws: DXError.invalid("numerator", "11.0 is more than the denominator 10.0 for a percentage")) {
            try KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 11, denominator: 10
            )
            .validate(for: onlineRate)
        }
        #expect(throws: DXError.self) {
            try KPIMeasurement(indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 1)
                .validate(for: onlineRate)
        }
        // A figure past any a province reports is refused by name; the largest allowed is kept.
        let count = KPI(
            code: "c", name: "c", unit: "Cái", computation: .measured(hasDenominator: false, percentage: false))
        #expect(throws: DXError.invalid("numerator", "at most 10^15")) {
            try KPIMeasurement(indicatorCode: "c", unitCode: "A1", period: quarter(2023, 1), numerator: 1e300)
                .validate(for: count)
        }
        #expect(throws: DXError.invalid("denominator", "at most 10^15")) {
            try KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 1,
                denominator: 2e15
            )
            .validate(for: onlineRate)
        }
        try KPIMeasurement(indicatorCode: "c", unitCode: "A1", period: quarter(2023, 1), numerator: 1e15)
            .validate(for: count)
        var planned = count
        planned.targets = [2023: .init(value: -2e15, decision: "", text: "")]
        #expect(throws: DXError.invalid("targets.value", "at most 10^15 either way")) { try planned.validate() }
        let external = KPI(
            code: "t", name: "t", unit: "%", computation: .external(service: "telecom", code: "telecom.x"))
        #expect(throws: DXError.notAllowed("indicator_code", "t is computed by another service, not measured here")) {
            try KPIMeasurement(indicatorCode: "t", unitCode: "A1", period: quarter(2023, 1), numerator: 1).validate(
                for: external)
        }
    }
}

struct KPIRulesTests {
    /// An indicator's texts are a plan's headings, bounded so that every indicator of a plan fits
    /// one ListIndicators answer.
    @Test func anIndicatorsTextsAreBoundedByName() throws {
        var kpi = onlineRate
        kpi.name = String(repeating: "ạ", count: 500)
        kpi.unit = String(repeating: "x", count: 50)
        kpi.targets = [2023: .init(value: 90, decision: String(repeating: "Q", count: 500))]
        try kpi.validate()
        var long = kpi
        long.name += "ạ"
        #expect(throws: DXError.invalid("name", "at most 500 characters")) { try long.validate() }
        long = kpi
        long.unit += "x"
        #expect(throws: DXError.invalid("unit", "at most 50 characters")) { try long.validate() }
        long = kpi
        long.code = String(repeating: "k", count: 65)
        #expect(throws: DXError.invalid("code", "at most 64 bytes")) { try long.validate() }
        long = kpi
        long.targets[2024] = .init(value: 95, decision: String(repeating: "Q", count: 501))
        #expect(throws: DXError.invalid("targets.decision", "at most 500 characters")) { try long.validate() }
    }
}

struct TaskRulesTests {
    let task = DXTask(
        code: "T1", title: "Báo cáo chuyển đổi số quý I", sourceDocument: "KH 25/KH-UBND", leadUnit: "Sở TTTT",
        deadline: day("2023-03-31"))

    @Test func aTaskDoneByItsDeadlineIsOnTimeTheDeadlineDayIncluded() {
        var done = task
        done.completedOn = day("2023-03-31")
        #expect(done.status(on: day("2023-06-30")) == .doneOnTime)
        done.completedOn = day("2023-04-03")
        #expect(done.status(on: day("2023-06-30")) == .doneLate)
    }

    @Test func anOpenTaskIsInProgressUntilItsDeadlineThenOverdue() {
        #expect(task.status(on: day("2023-03-31")) == .inProgress)
        #expect(task.status(on: day("2023-04-01")) == .overdue)
    }

    @Test func aTaskFinishedAfterTheDayWasStillOpenThatDay() {
        var done = task
        done.completedOn = day("2023-04-20")
        // On 31 March it was in progress; a report of Q1 regenerated in May must still say so.
        #expect(done.status(on: day("2023-03-31")) == .inProgress)
        #expect(done.status(on: day("2023-04-10")) == .overdue)
        #expect(done.status(on: day("2023-04-20")) == .doneLate)
    }

    @Test func aTaskBelongsToThePlanOfItsYear() throws {
        #expect(task.planYear == 2023)
        let january = DXTask(
            code: "T2", title: "Tổng kết năm 2023", sourceDocument: "KH", leadUnit: "Sở", deadline: day("2024-01-15"),
            planYear: 2023)
        try january.validate()
        #expect(throws: DXError.self) {
            try DXTask(
                code: "T3", title: "T", sourceDocument: "", leadUnit: "S", deadline: day("2023-01-15"), planYear: 2024
            )
            .validate()
        }
    }
}

struct SecurityLevelRulesTests {
    @Test func levelsOneAndTwoAreApprovedByTheOwnersSecurityUnit() {
        #expect(
            InformationSystem.authority(for: 1)?.approver == "đơn vị chuyên trách về an toàn thông tin của chủ quản")
        #expect(InformationSystem.authority(for: 2) == InformationSystem.authority(for: 1))
    }

    @Test func levelThreeIsReviewedByTheSecurityUnitAndApprovedByTheOwner() {
        let authority = InformationSystem.authority(for: 3)
        #expect(authority?.reviewer == "đơn vị chuyên trách về an toàn thông tin của chủ quản")
        #expect(authority?.approver == "chủ quản hệ thống")
    }

    @Test func levelFourIsReviewedByTheMinistryAndLevelFiveIsThePrimeMinisters() {
        #expect(InformationSystem.authority(for: 4)?.reviewer == "Bộ Thông tin và Truyền thông")
        #expect(InformationSystem.authority(for: 5)?.approver == "Thủ tướng Chính phủ")
        #expect(InformationSystem.authority(for: 6) == nil)
    }

    @Test func anApprovedDossierNamesItsDecision() throws {
        var system = InformationSystem(
            code: "QLVB", name: "Hệ thống quản lý văn bản", owner: "UBND tỉnh", operatorName: "Sở TTTT",
            proposedLevel: 3)
        #expect(throws: DXError.self) { try system.move(to: .approved) }
        try system.move(to: .drafting)
        try system.move(to: .submitted)
        try system.move(to: .reviewed)
        #expect(throws: DXError.invalid("decision_number", "an approved dossier names its decision and date")) {
            try system.move(to: .approved)
        }
        try system.move(to: .approved, decision: "123/QĐ-UBND", on: day("2023-03-10"))
        #expect(system.status == .approved && system.decisionNumber == "123/QĐ-UBND")
    }
}
