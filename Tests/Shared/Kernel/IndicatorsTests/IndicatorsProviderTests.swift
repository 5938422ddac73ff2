import CommonAPI
import Indicators
import RPCCore
import RPCInProcess
import Synchronization
import Testing

/// A source with fixed counts, so the provider's arithmetic and checks are what is tested.
struct CountingSource: IndicatorSource {
    func indicators() async throws -> [Indicator] { list }

    let list = [
        Indicator(code: "test.rate", name: "Tỷ lệ", unit: "%", formula: "a / b"),
        Indicator(code: "test.count", name: "Số lượng", unit: "hồ sơ", formula: "a"),
    ]
    let numerator: Double
    let denominator: Double

    func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws
        -> IndicatorMeasurement
    {
        IndicatorMeasurement(numerator: numerator, denominator: denominator)
    }
}

/// A source that counts what it is asked to measure.
final class MeasureCountingSource: IndicatorSource, Sendable {
    let measured = Mutex(0)

    func indicators() async throws -> [Indicator] { CountingSource(numerator: 0, denominator: 0).list }

    func measure(
        _ indicator: Indicator, period: ReportingPeriod, unitCode: String
    ) async throws
        -> IndicatorMeasurement
    {
        measured.withLock { $0 += 1 }
        return IndicatorMeasurement(numerator: 1, denominator: 2)
    }
}

struct IndicatorsProviderTests {
    func withClient<T: Sendable>(
        _ source: CountingSource, _ body: @Sendable (IndicatorsService.Client) async throws -> T
    ) async throws -> T {
        var router = RPCRouter()
        router.add(IndicatorsProvider(source: source, knownUnit: { $0 == "06" }))
        return try await InProcessTransport.withServer(router) { rpc in try await body(IndicatorsService.Client(rpc)) }
    }

    let q1 = Period(kind: .quarter, year: 2023, index: 1)

    @Test func ratesComeFromCountsAndCountsAreTheirNumerator() async throws {
        let values = try await withClient(CountingSource(numerator: 3, denominator: 12)) { client in
            try await client.computeIndicators(ComputeIndicatorsRequest(period: q1)).values
        }
        #expect(values.map(\.code) == ["test.rate", "test.count"])
        #expect(values[0].value == 25 && values[0].numerator == 3 && values[0].denominator == 12)
        #expect(values[1].value == 3 && values[1].denominator == 0 && values[1].unit == "hồ sơ")
    }

    @Test func aRateOverNothingIsUnsetWithANote() async throws {
        let value = try await withClient(CountingSource(numerator: 0, denominator: 0)) { client in
            try await client.computeIndicators(ComputeIndicatorsRequest(codes: ["test.rate"], period: q1)).values[0]
        }
        #expect(value.value == nil && !value.note.isEmpty)
    }

    @Test func unknownCodesUnitsAndPeriodsAreRefusedByName() async throws {
        try await withClient(CountingSource(numerator: 1, denominator: 1)) { client in
            for (request, field) in [
                (ComputeIndicatorsRequest(codes: ["test.nope"], period: q1), "codes"),
                (ComputeIndicatorsRequest(period: q1, unitCode: "99"), "unit_code"),
                (ComputeIndicatorsRequest(), "period"),
            ] {
                do {
                    _ = try await client.computeIndicators(request)
                    Issue.record("\(field) accepted")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument && error.message.hasPrefix(field + ":"), "\(error)")
                }
            }
            let listed = try await client.listIndicators(ListIndicatorsRequest()).indicators
            #expect(listed.map(\.code) == ["test.rate", "test.count"])
        }
    }

    /// A reader once held a service for 138 s with 100,000 copies of one code: each was measured.
    @Test func repeatedCodesAreMeasuredOnceAndTheirNumberIsBounded() async throws {
        let source = MeasureCountingSource()
        var router = RPCRouter()
        router.add(IndicatorsProvider(source: source))
        try await InProcessTransport.withServer(router) { rpc in
            let client = IndicatorsService.Client(rpc)
            let codes = Array(repeating: "test.count", count: 999) + ["test.rate"]
            let values = try await client.computeIndicators(ComputeIndicatorsRequest(codes: codes, period: q1)).values
            try #require(values.count == 2)
            #expect(values.map(\.code) == ["test.count", "test.rate"])
            #expect(source.measured.withLock { $0 } == 2)
            do {
                _ = try await client.computeIndicators(
                    ComputeIndicatorsRequest(codes: codes + ["test.count"], period: q1))
                Issue.record("1,001 codes accepted")
            } catch let error as RPCError {
                #expect(error.code == .invalidArgument && error.message.hasPrefix("codes:"), "\(error)")
            }
            #expect(source.measured.withLock { $0 } == 2)
        }
    }
}
