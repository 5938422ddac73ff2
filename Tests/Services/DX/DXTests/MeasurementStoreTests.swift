import AdminUnits
import Foundation
import Indicators
import Logging
import ServiceStorage
import Testing

@testable import DX
@testable import DXDomain

func withMeasurementStore<T: Sendable>(
    _ body: @Sendable (MeasurementStore, Database) async throws -> T
) async throws -> T {
    let directory = NSTemporaryDirectory() + "dic-dx-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let database = try await Database.open(
        path: directory + "/dx.sqlite", migrations: DXSchema.migrations + AuditLog.migrations,
        logger: Logger(label: "test"))
    do {
        let result = try await body(MeasurementStore(database: database), database)
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
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
}
