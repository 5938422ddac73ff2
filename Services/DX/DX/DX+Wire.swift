import AdminUnits
import CalendarDates
import CommonAPI
import DXAPI
import DXDomain
import Indicators
import RequestRules

// Translation between the domain types and the dic.dx.v1 messages.

extension KPI {
    init(wire: APIKpi?) throws(DXError) {
        guard let wire else { throw .invalid("kpi", "required") }
        let direction: Direction
        switch wire.direction {
        case .higherIsBetter: direction = .higherIsBetter
        case .lowerIsBetter: direction = .lowerIsBetter
        case .rank: direction = .rank
        case .unspecified, .unrecognized:
            throw .invalid("direction", "required: higher_is_better, lower_is_better or rank")
        }
        guard wire.measured || !wire.externalService.isEmpty else {
            throw .invalid("external_service", "an indicator is measured here or names the service that computes it")
        }
        var targets: [Int: Target] = [:]
        for target in wire.targets {
            guard
                targets.updateValue(
                    Target(value: target.value, decision: target.decision, text: target.text), forKey: Int(target.year))
                    == nil
            else { throw .invalid("targets.year", "\(target.year) appears twice") }
        }
        self.init(
            code: wire.code, name: wire.name, unit: wire.unit, direction: direction,
            computation: wire.measured
                ? .measured(hasDenominator: wire.hasDenominator, percentage: wire.percentage)
                : .external(service: wire.externalService, code: wire.externalCode),
            overTime: wire.overTime == .latest ? .latest : .sum, order: Int(wire.order), targets: targets,
            decimals: wire.decimals.map(Int.init) ?? 1)
        self.assessEachQuarter = wire.assessEachQuarter
    }

    var wire: APIKpi {
        var kpi = APIKpi(
            code: code, name: name, unit: unit,
            direction: direction == .higherIsBetter
                ? .higherIsBetter : direction == .lowerIsBetter ? .lowerIsBetter : .rank,
            order: Int32(clamping: order), overTime: overTime == .latest ? .latest : .sum,
            targets: targets.sorted { $0.key < $1.key }.map {
                APITarget(year: Int32($0.key), value: $0.value.value, decision: $0.value.decision, text: $0.value.text)
            }, decimals: Int32(decimals), assessEachQuarter: assessEachQuarter)
        switch computation {
        case .measured(let hasDenominator, let percentage):
            kpi.measured = true
            kpi.hasDenominator = hasDenominator
            kpi.percentage = percentage
        case .external(let service, let code):
            kpi.externalService = service
            kpi.externalCode = code
        }
        return kpi
    }
}

extension KPIMeasurement.Source {
    init(wire: APIMeasurementSource) {
        switch wire {
        case .imported: self = .imported
        case .computed: self = .computed
        case .reported, .unrecognized: self = .reported
        }
    }

    var wire: APIMeasurementSource {
        switch self {
        case .reported: .reported
        case .imported: .imported
        case .computed: .computed
        }
    }
}

extension KPIMeasurement {
    func wire(current: Bool) -> APIMeasurement {
        APIMeasurement(
            indicatorCode: indicatorCode, unitCode: unitCode, period: period.wire, numerator: numerator,
            denominator: denominator, source: source.wire, enteredBy: enteredBy, revision: Int32(revision),
            current: current)
    }
}

extension Assessment.Verdict {
    var wire: APIVerdict {
        switch self {
        case .met: .met
        case .notMet: .notMet
        case .exceeded: .exceeded
        case .notYetMeasured: .notYetMeasured
        case .noTarget: .noTarget
        }
    }
}

extension DXTask.Status {
    var wire: APITaskStatus {
        switch self {
        case .doneOnTime: .doneOnTime
        case .doneLate: .doneLate
        case .inProgress: .inProgress
        case .overdue: .overdue
        }
    }

    /// The status a list asks for: nil when it asks for none; a number the schema does not name
    /// is refused, not read as "none match".
    static func filter(_ wire: APITaskStatus) throws(DXError) -> DXTask.Status? {
        switch wire {
        case .unspecified: nil
        case .doneOnTime: .doneOnTime
        case .doneLate: .doneLate
        case .inProgress: .inProgress
        case .overdue: .overdue
        case .unrecognized(let value): throw .invalid("status", "\(value) is not a task status")
        }
    }
}

extension DXTask {
    /// The task as it stood on `today`: a completion after that day is not shown.
    func wire(today: CalendarDate) -> APITask {
        APITask(
            code: code, title: title, sourceDocument: sourceDocument, leadUnit: leadUnit, deadline: deadline.proto,
            completedOn: completedOn.flatMap { $0 <= today ? $0.proto : nil }, status: status(on: today).wire,
            planYear: Int32(planYear))
    }
}

extension InformationSystem.DossierStatus {
    init(wire: APIDossierStatus) {
        switch wire {
        case .drafting: self = .drafting
        case .submitted: self = .submitted
        case .reviewed: self = .reviewed
        case .approved: self = .approved
        case .notStarted, .unrecognized: self = .notStarted
        }
    }

    var wire: APIDossierStatus {
        switch self {
        case .notStarted: .notStarted
        case .drafting: .drafting
        case .submitted: .submitted
        case .reviewed: .reviewed
        case .approved: .approved
        }
    }
}

extension InformationSystem {
    var wire: APIInformationSystem {
        let authority = Self.authority(for: proposedLevel)
        return APIInformationSystem(
            code: code, name: name, owner: owner, operator: operatorName, proposedLevel: Int32(proposedLevel),
            reviewer: authority?.reviewer ?? "", approver: authority?.approver ?? "", status: status.wire,
            decisionNumber: decisionNumber, decidedOn: decidedOn?.proto)
    }
}

extension Recommendation {
    func wire(id: String) -> APIRecommendation {
        APIRecommendation(
            id: id, receivedOn: receivedOn.proto, unitCode: unitCode, category: category, content: content,
            answer: answer, answeredOn: answeredOn?.proto)
    }
}

extension ResultOverride {
    var wire: APIResultOverride {
        APIResultOverride(
            indicatorCode: indicatorCode, period: period.wire, text: text, note: note, reason: reason, setBy: setBy,
            setAt: Timestamp(seconds: setAtMs / 1000, nanos: Int32(setAtMs % 1000) * 1_000_000))
    }
}
