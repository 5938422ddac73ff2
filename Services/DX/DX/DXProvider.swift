import AdminUnits
import CalendarDates
import CommonAPI
import DXAPI
import DXDomain
import Foundation
import Indicators
import RPCCore
import ServiceStorage

/// `dic.dx.v1.DigitalTransformation` over the stores: handlers translate, the rules live in the
/// domain types (``KPI``, ``RollUp``, ``Assessment``, ``DXTask``, ``InformationSystem``).
public struct DXProvider: APIDigitalTransformationService.ServiceProtocol {
    public let kpis: KPIStore
    public let measurements: MeasurementStore
    public let records: RecordStore
    public let community: CommunityStore
    public let overrides: ResultOverrideStore
    let registry: @Sendable () -> AdminUnitRegistry
    let today: @Sendable () -> CalendarDate

    public init(
        database: Database, registry: @escaping @Sendable () -> AdminUnitRegistry,
        today: @escaping @Sendable () -> CalendarDate
    ) {
        kpis = KPIStore(database: database)
        measurements = MeasurementStore(database: database)
        records = RecordStore(database: database)
        community = CommunityStore(database: database)
        overrides = ResultOverrideStore(database: database)
        self.registry = registry
        self.today = today
    }

    // MARK: Plan and measurements

    public func listKpis(_ request: APIListKpisRequest, context: ServerContext) async throws -> APIListKpisResponse {
        let window = try PageWindow(request.page)
        let (page, info) = window.page(try await kpis.all(), \.wire)
        return APIListKpisResponse(kpis: page, page: info)
    }

    public func saveKpi(_ request: APISaveKpiRequest, context: ServerContext) async throws -> APIKpi {
        let kpi = try KPI(wire: request.kpi)
        try await kpis.save(kpi)
        return kpi.wire
    }

    public func recordMeasurements(
        _ request: APIRecordMeasurementsRequest, context: ServerContext
    ) async throws -> APIRecordMeasurementsResponse {
        guard !request.measurements.isEmpty else { throw DXError.invalid("measurements", "at least one") }
        let plan = Dictionary(uniqueKeysWithValues: try await kpis.all().map { ($0.code, $0) })
        let units = registry()
        var checked: [KPIMeasurement] = []
        // One figure a slot a call: two would be two answers at once, neither a correction of the other.
        var places: [String: Int] = [:]
        for (index, wire) in request.measurements.enumerated() {
            let field = "measurements[\(index)]"
            guard let kpi = plan[wire.indicatorCode] else {
                throw DXError.invalid("\(field).indicator_code", "no indicator '\(wire.indicatorCode)' in the plan")
            }
            guard units.unit(wire.unitCode) != nil else {
                throw DXError.invalid("\(field).unit_code", "no administrative unit '\(wire.unitCode)'")
            }
            let period: ReportingPeriod
            do {
                period = try ReportingPeriod(wire: wire.period, field: "\(field).period")
            } catch let error as IndicatorError {
                throw DXError.invalid(error.field, error.reason)
            }
            guard period.start <= today() else { throw DXError.invalid("\(field).period", "\(period) has not begun") }
            let measurement = KPIMeasurement(
                indicatorCode: kpi.code, unitCode: wire.unitCode, period: period, numerator: wire.numerator,
                denominator: wire.denominator, source: KPIMeasurement.Source(wire: wire.source),
                enteredBy: context.principal ?? "anonymous")
            do {
                try measurement.validate(for: kpi)
            } catch {
                throw DXError(kind: error.kind, field: "\(field).\(error.field)", rule: error.rule)
            }
            if let earlier = places.updateValue(index, forKey: "\(kpi.code)\u{0}\(wire.unitCode)\u{0}\(period)") {
                throw DXError.invalid(
                    field, "the same indicator, unit and period as measurements[\(earlier)]: send one figure for each")
            }
            checked.append(measurement)
        }
        let revisions = try await measurements.record(
            checked, at: Int64(Foundation.Date().timeIntervalSince1970 * 1000))
        return APIRecordMeasurementsResponse(
            measurements: zip(checked, revisions).map { measurement, revision in
                var recorded = measurement
                recorded.revision = revision ?? 0
                return recorded.wire(current: true)
            })
    }

    public func getMeasurementHistory(
        _ request: APIMeasurementHistoryRequest, context: ServerContext
    ) async throws -> APIMeasurementHistoryResponse {
        let period = try ReportingPeriod(wire: request.period)
        let window = try PageWindow(request.page)
        let history = try await measurements.history(
            indicator: request.indicatorCode, unitCode: request.unitCode, period: period)
        let (page, info) = window.page(history) { $0.0.wire(current: $0.current) }
        return APIMeasurementHistoryResponse(revisions: page, page: info)
    }

    public func rollUp(_ request: APIRollUpRequest, context: ServerContext) async throws -> APIRollUpResponse {
        let period = try ReportingPeriod(wire: request.period)
        guard let kpi = try await kpis.get(request.indicatorCode) else {
            throw RPCError(.notFound, "indicator_code: no indicator '\(request.indicatorCode)' in the plan")
        }
        guard case .measured(_, let percentage) = kpi.computation else {
            throw DXError.notAllowed("indicator_code", "\(kpi.code) is computed by another service")
        }
        let result = try await value(of: kpi, unitCode: request.unitCode, period: period)
        return APIRollUpResponse(
            numerator: result.numerator, denominator: result.denominator, units: Int64(result.units),
            value: result.value(percentage: percentage))
    }

    /// A measured indicator rolled up to a unit for a period.
    func value(of kpi: KPI, unitCode: String, period: ReportingPeriod) async throws -> RollUp.Result {
        let units = registry()
        guard unitCode.isEmpty || units.unit(unitCode) != nil else {
            throw DXError.invalid("unit_code", "no administrative unit '\(unitCode)'")
        }
        let totals = try await measurements.unitTotals(of: kpi, period: period)
        return RollUp(registry: units).value(totals: totals, unitCode: unitCode, period: period)
    }

    public func getPlanResults(
        _ request: APIGetPlanResultsRequest, context: ServerContext
    ) async throws -> APIGetPlanResultsResponse {
        let period = try ReportingPeriod(wire: request.period)
        let window = try PageWindow(request.page)
        let overridden = Dictionary(
            try await overrides.all(period: period).map { ($0.indicatorCode, $0) }, uniquingKeysWith: { a, _ in a })
        // A page of indicators, each measured: an indicator and its override carry texts of up to
        // 16 KiB each, and the whole plan in one answer could pass the 4 MB answer limit.
        let all = try await kpis.all()
        var results: [APIPlanResult] = []
        for kpi in window.slice(all) {
            let target = kpi.targets[period.year]
            var line = APIPlanResult(kpi: kpi.wire, target: target?.value, targetDecision: target?.decision ?? "")
            var result: Double?
            if case .measured(_, let percentage) = kpi.computation {
                let rolled = try await value(of: kpi, unitCode: request.unitCode, period: period)
                result = rolled.value(percentage: percentage)
                line.numerator = rolled.numerator
                line.denominator = rolled.denominator
            }
            let assessment = Assessment(direction: kpi.direction, target: target?.value, result: result)
            line.result = result
            line.percentOfTarget = assessment.percentOfTarget
            line.verdict = assessment.verdict.wire
            line.override = overridden[kpi.code]?.wire
            results.append(line)
        }
        let (page, info) = window.fitting(results, total: all.count)
        return APIGetPlanResultsResponse(results: page, page: info)
    }

    public func setResultOverride(
        _ request: APISetResultOverrideRequest, context: ServerContext
    ) async throws -> APIResultOverride {
        guard let wire = request.override else { throw DXError.invalid("override", "required") }
        let period = try ReportingPeriod(wire: wire.period, field: "override.period")
        guard try await kpis.get(wire.indicatorCode) != nil else {
            throw RPCError(.notFound, "override.indicator_code: no indicator '\(wire.indicatorCode)' in the plan")
        }
        let override = ResultOverride(
            indicatorCode: wire.indicatorCode, period: period, text: wire.text, note: wire.note, reason: wire.reason,
            setBy: context.principal ?? "anonymous", setAtMs: Int64(Foundation.Date().timeIntervalSince1970 * 1000))
        do {
            try await overrides.set(override)
        } catch let error as DXError {
            throw DXError(kind: error.kind, field: "override.\(error.field)", rule: error.rule)
        }
        return override.wire
    }

    public func clearResultOverride(
        _ request: APIClearResultOverrideRequest, context: ServerContext
    ) async throws -> APIClearResultOverrideResponse {
        let period = try ReportingPeriod(wire: request.period)
        return APIClearResultOverrideResponse(
            cleared: try await overrides.clear(indicator: request.indicatorCode, period: period))
    }

    public func listResultOverrides(
        _ request: APIListResultOverridesRequest, context: ServerContext
    ) async throws -> APIListResultOverridesResponse {
        let period = try request.period.map { try ReportingPeriod(wire: $0) }
        let window = try PageWindow(request.page)
        let (page, info) = window.page(try await overrides.all(period: period), \.wire)
        return APIListResultOverridesResponse(overrides: page, page: info)
    }

    // MARK: Tasks, systems, recommendations

    public func saveTask(_ request: APISaveTaskRequest, context: ServerContext) async throws -> APITask {
        guard let wire = request.task else { throw DXError.invalid("task", "required") }
        let task = DXTask(
            code: wire.code, title: wire.title, sourceDocument: wire.sourceDocument, leadUnit: wire.leadUnit,
            deadline: try CalendarDate.required(wire.deadline, field: "deadline"),
            completedOn: try CalendarDate.optional(wire.completedOn, field: "completed_on"),
            planYear: wire.planYear == 0 ? nil : Int(wire.planYear))
        if let completed = task.completedOn, completed > today() {
            throw DXError.invalid("completed_on", "\(completed) is in the future")
        }
        try await records.save(task)
        return task.wire(today: today())
    }

    public func listTasks(_ request: APIListTasksRequest, context: ServerContext) async throws -> APIListTasksResponse {
        let day = try CalendarDate.optional(request.today, field: "today") ?? today()
        let window = try PageWindow(request.page)
        var filter = RecordStore.TaskFilter(day: day)
        filter.year = Int(request.year)
        filter.status = try DXTask.Status.filter(request.status)
        if !request.query.isEmpty { filter.key = SearchText.key(try SearchQuery.checked(request.query)) }
        let (tasks, total) = try await records.tasks(filter, limit: window.limit, offset: window.offset)
        let (page, info) = window.fitting(tasks.map { $0.wire(today: day) }, total: total)
        return APIListTasksResponse(tasks: page, page: info)
    }

    public func saveInformationSystem(
        _ request: APISaveInformationSystemRequest, context: ServerContext
    ) async throws -> APIInformationSystem {
        guard let wire = request.system else { throw DXError.invalid("system", "required") }
        return try await records.save(
            InformationSystem(
                code: wire.code, name: wire.name, owner: wire.owner, operatorName: wire.operator,
                proposedLevel: Int(wire.proposedLevel))
        ).wire
    }

    public func moveSecurityDossier(
        _ request: APIMoveSecurityDossierRequest, context: ServerContext
    ) async throws -> APIInformationSystem {
        let decidedOn = try CalendarDate.optional(request.decidedOn, field: "decided_on")
        do {
            return try await records.move(
                request.code, to: InformationSystem.DossierStatus(wire: request.status),
                decision: request.decisionNumber,
                on: decidedOn
            ).wire
        } catch let error as DXError where error.field == "code" {
            throw RPCError(.notFound, error.description)
        }
    }

    public func listInformationSystems(
        _ request: APIListInformationSystemsRequest, context: ServerContext
    ) async throws -> APIListInformationSystemsResponse {
        let window = try PageWindow(request.page)
        var filter = RecordStore.SystemFilter()
        filter.owner = request.owner
        if !request.query.isEmpty { filter.key = SearchText.key(try SearchQuery.checked(request.query)) }
        let (systems, total) = try await records.systems(filter, limit: window.limit, offset: window.offset)
        let (page, info) = window.fitting(systems.map(\.wire), total: total)
        return APIListInformationSystemsResponse(systems: page, page: info)
    }

    public func recordRecommendation(
        _ request: APIRecordRecommendationRequest, context: ServerContext
    ) async throws -> APIRecommendation {
        guard let wire = request.recommendation else { throw DXError.invalid("recommendation", "required") }
        guard registry().unit(wire.unitCode) != nil else {
            throw DXError.invalid("unit_code", "no administrative unit '\(wire.unitCode)'")
        }
        let received = try CalendarDate.required(wire.receivedOn, field: "received_on")
        guard received <= today() else { throw DXError.invalid("received_on", "\(received) is in the future") }
        let (id, recorded) = try await records.record(
            Recommendation(
                receivedOn: received, unitCode: wire.unitCode, category: wire.category, content: wire.content),
            requestID: request.requestID)
        return recorded.wire(id: id)
    }

    public func answerRecommendation(
        _ request: APIAnswerRecommendationRequest, context: ServerContext
    ) async throws -> APIRecommendation {
        let on = try CalendarDate.required(request.answeredOn, field: "answered_on")
        guard on <= today() else { throw DXError.invalid("answered_on", "\(on) is in the future") }
        do {
            return try await records.answer(request.id, with: request.answer, on: on).wire(id: request.id)
        } catch let error as DXError where error.field == "id" {
            throw RPCError(.notFound, error.description)
        }
    }

    public func listRecommendations(
        _ request: APIListRecommendationsRequest, context: ServerContext
    ) async throws -> APIListRecommendationsResponse {
        let from = try CalendarDate.required(request.from, field: "from")
        let through = try CalendarDate.required(request.through, field: "through")
        guard from <= through else { throw DXError.invalid("through", "must not be before from (\(from))") }
        var filter = RecordStore.RecommendationFilter(from: from, through: through)
        filter.key = SearchText.key(try SearchQuery.checked(request.query))
        filter.category = request.category
        filter.unansweredOnly = request.unansweredOnly
        let window = try PageWindow(request.page)
        let (found, total) = try await records.recommendations(filter, limit: window.limit, offset: window.offset)
        let (recommendations, page) = window.fitting(found.map { $0.1.wire(id: $0.0) }, total: total)
        return APIListRecommendationsResponse(recommendations: recommendations, page: page)
    }

    public func countRecommendations(
        _ request: APIRecommendationCountsRequest, context: ServerContext
    ) async throws -> APIRecommendationCountsResponse {
        let from = try CalendarDate.required(request.from, field: "from")
        let through = try CalendarDate.required(request.through, field: "through")
        guard from <= through else { throw DXError.invalid("through", "must not be before from (\(from))") }
        let counts = try await records.recommendationCounts(from: from, through: through)
        // The most received first. A category is a recommender's words (up to 200 characters, and
        // longer ones kept from before): the answer keeps what fits 3 MiB, the totals count all.
        let categories = counts.sorted { ($1.received, $0.category) < ($0.received, $1.category) }.map {
            APICategoryCount(category: $0.category, received: Int64($0.received), answered: Int64($0.answered))
        }
        return APIRecommendationCountsResponse(
            categories: Array(categories.prefix(PageWindow.fittingCount(categories))),
            received: Int64(counts.reduce(0) { $0 + $1.received }),
            answered: Int64(counts.reduce(0) { $0 + $1.answered }))
    }
}
