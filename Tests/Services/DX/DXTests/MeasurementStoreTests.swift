import AdminUnits
import CalendarDates
import Foundation
import Indicators
import Logging
import ServiceStorage
import ServiceTesting
import Testing

@testable import DX
@testable import DXDomain

func withMeasurementStore<T: Sendable>(
    _ body: @Sendable (MeasurementStore, Database) async throws -> T
) async throws -> T {
    try await withTemporaryDatabase(named: "dx", migrations: DXSchema.migrations + AuditLog.migrations) { database in
        try await body(MeasurementStore(database: database), database)
    }
}

struct MeasurementStoreTests {
    @Test func aCorrectionIsANewRevisionAndTheOldOneIsKept() async throws {
        try await withMeasurementStore { store, _ in
            let first = KPIMeasurement(
                indicatorCode: onlineRate.code, unitCode: "A1", period: quarter(2023, 1), numerator: 3, denominator: 10,
                enteredBy: "officer-a")
            var corrected = first
            corrected.numerator = 4
            corrected.enteredBy = "officer-b"
            #expect(try await store.record([first], at: 1) == [1])
            #expect(try await store.record([corrected], at: 2) == [2])
            // The same figure again, as a re-run import sends it: nothing recorded.
            #expect(try await store.record([corrected], at: 3, skippingUnchanged: true) == [nil])
            let history = try await store.history(indicator: onlineRate.code, unitCode: "A1", period: quarter(2023, 1))
            #expect(history.map(\.0.numerator) == [3, 4] && history.map(\.current) == [false, true])
            #expect(history.map(\.0.enteredBy) == ["officer-a", "officer-b"])
            let totals = try await store.unitTotals(of: onlineRate, period: quarter(2023, 1))
            #expect(totals == [RollUp.UnitTotal(unitCode: "A1", numerator: 4, denominator: 10)])
        }
    }

    @Test(arguments: [KPI.OverTime.sum, .latest])
    func theStoreCombinesFiguresAsTheRollUpDoes(overTime: KPI.OverTime) async throws {
        var kpi = onlineRate
        kpi.overTime = overTime
        var measurements: [KPIMeasurement] = []
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for unit in ["A1", "A2", "B1", "B2"] {
            for monthIndex in 1...6 where next(3) > 0 {
                let denominator = Double(10 + next(90))
                measurements.append(
                    KPIMeasurement(
                        indicatorCode: kpi.code, unitCode: unit, period: month(2023, monthIndex),
                        numerator: Double(next(Int(denominator))), denominator: denominator))
            }
        }
        // B2 also reports Q1 as a whole, which replaces its months.
        measurements.append(
            KPIMeasurement(
                indicatorCode: kpi.code, unitCode: "B2", period: quarter(2023, 1), numerator: 7, denominator: 70))
        let expected = measurements
        let indicator = kpi
        try await withMeasurementStore { store, _ in
            try await store.load(expected, at: 0)
            for period in [quarter(2023, 1), quarter(2023, 2), month(2023, 2)] {
                let fromSQL = try await store.unitTotals(of: indicator, period: period).sorted {
                    $0.unitCode < $1.unitCode
                }
                let inMemory = RollUp.unitTotals(of: indicator, expected, period: period).sorted {
                    $0.unitCode < $1.unitCode
                }
                #expect(fromSQL == inMemory, "\(period)")
            }
        }
    }

    /// An export read a page at a time holds every current figure once, in the export's order,
    /// whatever the page's size: periods that start on the same day (a year, its first half,
    /// quarter and month), units repeated across them, and corrections whose earlier revisions
    /// are not current.
    @Test func anExportPagedAnyWayHoldsEveryCurrentFigureOnceInOrder() async throws {
        func period(_ kind: ReportingPeriod.Kind, _ year: Int, _ index: Int) -> ReportingPeriod {
            guard let period = ReportingPeriod(kind, year: year, index: index) else { fatalError("bad period") }
            return period
        }
        let periods = [
            period(.month, 2023, 1), period(.year, 2023, 0), period(.quarter, 2023, 2), period(.halfYear, 2023, 1),
            period(.month, 2023, 2), period(.quarter, 2023, 1), period(.year, 2022, 0),
        ]
        var figures: [KPIMeasurement] = []
        for indicator in ["dx.b", "dx.a"] {
            for (index, period) in periods.enumerated() {
                for unit in ["B1", "A2", "A1"] where (index + unit.count) % 5 != 0 || unit != "A2" {
                    figures.append(
                        KPIMeasurement(
                            indicatorCode: indicator, unitCode: unit, period: period, numerator: Double(figures.count)))
                }
            }
        }
        var corrections = [figures[3], figures[20]]
        for index in corrections.indices { corrections[index].numerator += 100 }
        let loaded = figures
        let corrected = corrections
        try await withMeasurementStore { store, _ in
            try await store.load(loaded, at: 0)
            try await store.record(corrected, at: 1)
            var current = loaded.filter { figure in
                !corrected.contains {
                    ($0.indicatorCode, $0.unitCode, $0.period) == (figure.indicatorCode, figure.unitCode, figure.period)
                }
            }
            current += corrected
            func line(_ figure: KPIMeasurement) -> String {
                "\(figure.indicatorCode) \(figure.period.text) \(figure.unitCode) \(figure.numerator)"
            }
            func exported(
                limit: Int, indicator: String = "", from: CalendarDate? = nil, through: CalendarDate? = nil
            ) async throws -> [String] {
                var lines: [String] = []
                var after: MeasurementStore.ExportPosition?
                while true {
                    let (page, end) = try await store.exportPage(
                        indicator: indicator, from: from, through: through, after: after, limit: limit)
                    lines += page.map(line)
                    // A position that does not move on would page forever.
                    try #require(lines.count <= current.count, "pages of \(limit) repeat figures")
                    guard let end else { return lines }
                    after = end
                }
            }
            let inOrder = current.sorted {
                ($0.indicatorCode, $0.period.start, $1.period.end, $0.unitCode)
                    < ($1.indicatorCode, $1.period.start, $0.period.end, $1.unitCode)
            }
            for limit in [1, 2, 3, 7, 500] {
                #expect(try await exported(limit: limit) == inOrder.map(line), "pages of \(limit)")
            }
            // One indicator, the first half of 2023: its months, quarters and the half itself.
            let from = try #require(CalendarDate(year: 2023, month: 1, day: 1))
            let through = try #require(CalendarDate(year: 2023, month: 6, day: 30))
            let firstHalf = inOrder.filter {
                $0.indicatorCode == "dx.a" && $0.period.start >= from && $0.period.end <= through
            }
            #expect(firstHalf.count > 10)
            for limit in [1, 4] {
                #expect(
                    try await exported(limit: limit, indicator: "dx.a", from: from, through: through)
                        == firstHalf.map(line), "pages of \(limit)")
            }
        }
    }
}
