import CommonAPI
import DXAPI
import Foundation
import Hummingbird
import RPCCore

extension Console {
    func dxClient(_ session: Session) -> APIDigitalTransformationService.Client {
        APIDigitalTransformationService.Client(Upstreams.client(upstreams.dx, as: session.credential))
    }

    /// Unit names from the registry the transformation service keeps, for its unit fields.
    func dxUnitNames(_ session: Session) -> UnitNames {
        UnitNames(
            client: AdminUnitsService.Client(Upstreams.client(upstreams.dx, as: session.credential)),
            options: callOptions())
    }

    /// "2023-Q1", "2023-03", "2023-H1" or "2023" as the services' period.
    static func period(_ text: String) -> Period? {
        let parts = text.uppercased().split(separator: "-").map(String.init)
        guard let first = parts.first, first.count == 4, let year = Int32(first), (2000...2100).contains(year) else {
            return nil
        }
        guard parts.count == 2 else { return parts.count == 1 ? Period(kind: .year, year: year, index: 0) : nil }
        let rest = parts[1]
        if rest.hasPrefix("Q"), let index = Int32(rest.dropFirst()), (1...4).contains(index) {
            return Period(kind: .quarter, year: year, index: index)
        }
        if rest.hasPrefix("H"), let index = Int32(rest.dropFirst()), (1...2).contains(index) {
            return Period(kind: .halfYear, year: year, index: index)
        }
        if let index = Int32(rest), rest.count == 2, (1...12).contains(index) {
            return Period(kind: .month, year: year, index: index)
        }
        return nil
    }

    static func defaultPeriod() -> String {
        let today = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(secondsFromGMT: 7 * 3600)!, from: Date())
        return "\(today.year ?? 2023)-Q\(((today.month ?? 1) - 1) / 3 + 1)"
    }

    /// The plan against results for a period, with how far each indicator has come.
    func plan(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let query = FormData(request.uri.query ?? "")
        let text = query.trimmed("period").isEmpty ? Self.defaultPeriod() : query.trimmed("period")
        var values: [String: Any] = ["period": text, "mayRecord": session.may("editor", in: "dx")]
        guard let period = Self.period(text) else {
            values["rows"] = [[String: Any]]()
            return page(
                "plan", title: "Chỉ tiêu", values: values, context: context, nav: "Plan",
                error: "Kỳ “\(text)” không hợp lệ: viết 2023-Q1, 2023-03, 2023-H1 hoặc 2023.", status: .badRequest)
        }
        do {
            let client = dxClient(session)
            let results = APIGetPlanResultsResponse(
                results: try await PageRequest.all { page in
                    let found = try await client.getPlanResults(
                        APIGetPlanResultsRequest(period: period, page: page), options: callOptions())
                    return (found.results, found.page)
                })
            // Indicators the telecom service computes, asked of it for the same period.
            let external = results.results.compactMap {
                $0.kpi?.externalService == "telecom" ? $0.kpi?.externalCode : nil
            }
            var readings: [String: Double] = [:]
            if !external.isEmpty, session.may("reader", in: "telecom"),
                let computed = try? await IndicatorsService.Client(
                    Upstreams.client(upstreams.telecom, as: session.credential)
                )
                .computeIndicators(
                    ComputeIndicatorsRequest(codes: external, period: period), options: callOptions())
            {
                for value in computed.values { if let number = value.value { readings[value.code] = number } }
            }
            values["rows"] = results.results.compactMap { result -> [String: Any]? in
                guard let kpi = result.kpi, result.target != nil || result.result != nil else { return nil }
                let value = kpi.measured ? result.result : readings[kpi.externalCode]
                let targetText = kpi.targets.first { $0.year == period.year }?.text ?? ""
                var row: [String: Any] = [
                    "name": kpi.name, "unit": kpi.unit,
                    "target": targetText.isEmpty ? (result.target.map(Words.figure) ?? "") : targetText,
                    "result": result.override?.text.isEmpty == false
                        ? (result.override?.text ?? "") : (value.map(Words.figure) ?? "Chưa có số liệu"),
                    "note": "",
                ]
                if result.override?.text.isEmpty != false,
                    let progress = PlanProgress(direction: kpi.direction, target: result.target, result: value)
                {
                    row["hasProgress"] = true
                    row["progress"] = progress.bar
                    row["share"] = progress.share
                }
                return row
            }
            return page("plan", title: "Chỉ tiêu", values: values, context: context, nav: "Plan")
        } catch {
            values["rows"] = [[String: Any]]()
            return page(
                "plan", title: "Chỉ tiêu", values: values, context: context, nav: "Plan",
                error: RefusalText(error).message, status: Self.status(of: error))
        }
    }

    /// The plan's indicators, every page.
    func indicators(_ session: Session) async throws -> [APIKpi] {
        let client = dxClient(session)
        return try await PageRequest.all { page in
            let found = try await client.listKpis(APIListKpisRequest(page: page), options: callOptions())
            return (found.kpis, found.page)
        }
    }

    func figureFormValues(_ form: FormData, session: Session) async -> [String: Any] {
        let kpis = (try? await indicators(session)) ?? []
        var values: [String: Any] = [
            "csrf": sessions.csrfToken(for: session), "unit": form["unit"], "period": form["period"],
            "numerator": form["numerator"], "denominator": form["denominator"],
            "indicators": kpis.filter(\.measured).map {
                ["value": $0.code, "label": $0.name, "selected": $0.code == form["indicator"]]
            },
        ]
        if form["period"].isEmpty { values["period"] = Self.defaultPeriod() }
        values["unitOptions"] = await dxUnitNames(session).choices().map { ["name": $0.name, "code": $0.code] }
        return values
    }

    func recordFigureForm(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        guard session.may("editor", in: "dx") else {
            return message(
                "Không có quyền", "Nhập số liệu cần vai trò cập nhật của dịch vụ chuyển đổi số.", back: "/chi-tieu",
                context: context, status: .forbidden)
        }
        let query = FormData(request.uri.query ?? "")
        let values = await figureFormValues(FormData("period=\(query.trimmed("period"))&unit=06"), session: session)
        return page("figure-form", title: "Nhập số liệu", values: values, context: context, nav: "Plan")
    }

    /// Records one unit's figure for a period; a new revision when one was there.
    func recordFigure(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let form = try await FormData.read(request, limit: 16 << 10)
        try checkForm(form, session)
        var fieldErrors: [String: String] = [:]
        let period = Self.period(form.trimmed("period"))
        if period == nil { fieldErrors["period"] = "Viết kỳ như 2023-Q1, 2023-03, 2023-H1 hoặc 2023." }
        let numerator = Double(form.trimmed("numerator").replacingOccurrences(of: ",", with: "."))
        if numerator == nil { fieldErrors["numerator"] = "Tử số phải là một số." }
        let denominatorText = form.trimmed("denominator").replacingOccurrences(of: ",", with: ".")
        let denominator = denominatorText.isEmpty ? nil : Double(denominatorText)
        if !denominatorText.isEmpty && denominator == nil { fieldErrors["denominator"] = "Mẫu số phải là một số." }
        let unit = await dxUnitNames(session).choose(String(form.trimmed("unit").prefix(200)))
        if let refusal = unit.refusal { fieldErrors["unit"] = refusal }
        if case .none = unit { fieldErrors["unit"] = "Nhập tên hoặc mã đơn vị." }
        var failure: String?
        if fieldErrors.isEmpty, let period, let numerator {
            do {
                _ = try await dxClient(session).recordMeasurements(
                    APIRecordMeasurementsRequest(measurements: [
                        APIMeasurement(
                            indicatorCode: form["indicator"], unitCode: unit.code, period: period,
                            numerator: numerator, denominator: denominator)
                    ]), options: callOptions())
                return Self.redirect(
                    "/chi-tieu?period=\(form.trimmed("period").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&da-luu=1"
                )
            } catch {
                let refusal = RefusalText(
                    error,
                    labels: [
                        "measurements[0].indicator_code": "Chỉ tiêu", "measurements[0].unit_code": "Đơn vị",
                        "measurements[0].period": "Kỳ", "measurements[0].numerator": "Tử số",
                        "measurements[0].denominator": "Mẫu số",
                    ])
                failure = refusal.message
                let field = refusal.field ?? ""
                if field.hasSuffix("indicator_code") { fieldErrors["indicator"] = refusal.message }
                if field.hasSuffix("unit_code") { fieldErrors["unit"] = refusal.message }
                if field.hasSuffix("period") { fieldErrors["period"] = refusal.message }
                if field.hasSuffix("numerator") { fieldErrors["numerator"] = refusal.message }
                if field.hasSuffix("denominator") { fieldErrors["denominator"] = refusal.message }
            }
        }
        var values = await figureFormValues(form, session: session)
        for (field, text) in fieldErrors { values["\(field)Error"] = text }
        return page(
            "figure-form", title: "Nhập số liệu", values: values, context: context, nav: "Plan",
            error: failure ?? "Kiểm tra lại các trường được đánh dấu.", status: .badRequest)
    }
}
