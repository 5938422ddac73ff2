import CommonAPI
import RPCCore

/// `dic.common.v1.Indicators` over a service's ``IndicatorSource``: checks the request, asks the
/// source for the counts, and computes each value the same way for every service.
public struct IndicatorsProvider<Source: IndicatorSource>: IndicatorsService.ServiceProtocol {
    let source: Source
    /// Whether a code names an administrative unit.
    let knownUnit: @Sendable (String) -> Bool

    /// Codes one request may name, repeats included.
    static var maxCodes: Int { 1_000 }

    public init(source: Source, knownUnit: @escaping @Sendable (String) -> Bool = { _ in true }) {
        self.source = source
        self.knownUnit = knownUnit
    }

    public func listIndicators(
        _ request: ListIndicatorsRequest, context: ServerContext
    ) async throws -> ListIndicatorsResponse {
        ListIndicatorsResponse(
            indicators: try await source.indicators().map {
                IndicatorDefinition(
                    code: $0.code, name: $0.name, unit: $0.unit, formula: $0.formula, finestLevel: $0.finestLevel)
            })
    }

    public func computeIndicators(
        _ request: ComputeIndicatorsRequest, context: ServerContext
    ) async throws -> ComputeIndicatorsResponse {
        let period = try ReportingPeriod(wire: request.period)
        guard request.unitCode.isEmpty || knownUnit(request.unitCode) else {
            throw IndicatorError.invalid("unit_code", "no administrative unit \(request.unitCode.quotedPrefix())")
        }
        // Each code asked for is measured once, in the order first asked: a request that repeats a
        // code 100,000 times costs what one that names it once does.
        guard request.codes.count <= Self.maxCodes else {
            throw IndicatorError.invalid("codes", "at most \(Self.maxCodes) codes, not \(request.codes.count)")
        }
        let known = try await source.indicators()
        var chosen: [Indicator] = []
        if request.codes.isEmpty {
            chosen = known
        } else {
            let byCode = Dictionary(known.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            var seen: Set<String> = []
            for code in request.codes where seen.insert(code).inserted {
                guard let indicator = byCode[code] else {
                    let known = known.map(\.code).joined(separator: ", ")
                    throw IndicatorError.invalid(
                        "codes", "unknown indicator \(code.quotedPrefix()); this service has \(known)")
                }
                chosen.append(indicator)
            }
        }
        var values: [IndicatorValue] = []
        for indicator in chosen {
            let measured = try await source.measure(indicator, period: period, unitCode: request.unitCode)
            values.append(Self.value(indicator, measured, period: period, unitCode: request.unitCode))
        }
        return ComputeIndicatorsResponse(values: values)
    }

    /// A rate is numerator / denominator x 100, unset (with a note) when nothing was counted;
    /// a count is its numerator.
    static func value(
        _ indicator: Indicator, _ measured: IndicatorMeasurement, period: ReportingPeriod, unitCode: String
    ) -> IndicatorValue {
        var value = IndicatorValue(
            code: indicator.code, period: period.wire, unitCode: unitCode, numerator: measured.numerator,
            denominator: indicator.isRate ? measured.denominator : 0, unit: indicator.unit,
            formula: indicator.formula, note: measured.note)
        if !measured.hasData {
            if value.note.isEmpty { value.note = "không có số liệu trong kỳ" }
        } else if !indicator.isRate {
            value.value = measured.numerator
        } else if measured.denominator > 0 {
            value.value = measured.numerator / measured.denominator * 100
        } else if value.note.isEmpty {
            value.note = "không có số liệu trong kỳ (mẫu số bằng 0)"
        }
        return value
    }
}
