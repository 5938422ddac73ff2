import CommonAPI
import RPCCore

/// `dic.common.v1.Indicators` over a service's ``IndicatorSource``: checks the request, asks the
/// source for the counts, and computes each value the same way for every service.
public struct IndicatorsProvider<Source: IndicatorSource>: IndicatorsService.ServiceProtocol {
    let source: Source
    /// Whether a code names an administrative unit.
    let knownUnit: @Sendable (String) -> Bool

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
            throw IndicatorError.invalid("unit_code", "no administrative unit '\(request.unitCode)'")
        }
        var chosen: [Indicator] = []
        let known = try await source.indicators()
        if request.codes.isEmpty {
            chosen = known
        } else {
            for code in request.codes {
                guard let indicator = known.first(where: { $0.code == code }) else {
                    let known = known.map(\.code).joined(separator: ", ")
                    throw IndicatorError.invalid("codes", "unknown indicator '\(code)'; this service has \(known)")
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
