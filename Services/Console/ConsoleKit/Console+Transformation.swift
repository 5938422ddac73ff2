import CommonAPI
import DXAPI
import Foundation
import Hummingbird
import RPCCore

/// The digital-transformation team's pages beside the plan: a unit's figure with every revision
/// (who entered which value, which one stands), the plan's tasks and their states, and the
/// information systems' security-level dossiers.
extension Console {
    /// The revisions of one unit's figure for a period, oldest first; the standing one marked.
    func figureHistory(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "dx", request, context)
        let query = FormData(request.uri.query ?? "")
        let indicator = String(query.trimmed("indicator").prefix(100))
        let unit = String(query.trimmed("unit").prefix(UnitNames.maximumNameCharacters + 1))
        let periodText = String(query.trimmed("period").prefix(20))
        let client = dxClient(session)
        let kpis = (try? await indicators(session)) ?? []
        var values: [String: Any] = [
            "unit": unit, "period": periodText.isEmpty ? Self.defaultPeriod() : periodText,
            "indicators": kpis.filter(\.measured).map {
                ["value": $0.code, "label": $0.name, "selected": $0.code == indicator]
            },
            "rows": [[String: Any]](),
        ]
        values["unitOptions"] = await dxUnitNames(session).choices().map { ["name": $0.name, "code": $0.code] }
        guard !indicator.isEmpty else {
            return page("figure-history", title: "Lịch sử số liệu", values: values, context: context, nav: "Plan")
        }
        let choice = await dxUnitNames(session).choose(unit)
        if let chosen = choice.chosen { values["unitChosen"] = chosen }
        if let refusal = choice.refusal { values["unitError"] = refusal }
        let period = Self.period(periodText)
        if period == nil { values["periodError"] = "Viết kỳ như 2023-Q1, 2023-03, 2023-H1 hoặc 2023." }
        guard let period, choice.refusal == nil else {
            return page(
                "figure-history", title: "Lịch sử số liệu", values: values, context: context, nav: "Plan",
                status: .badRequest)
        }
        do {
            let revisions = try await PageRequest.all { page in
                let found = try await client.getMeasurementHistory(
                    APIMeasurementHistoryRequest(
                        indicatorCode: indicator, unitCode: choice.code, period: period, page: page),
                    options: callOptions())
                return (found.revisions, found.page)
            }
            values["searched"] = true
            values["rows"] = revisions.map { revision -> [String: Any] in
                [
                    "revision": revision.revision, "numerator": Words.decimal(revision.numerator),
                    "denominator": revision.denominator.map(Words.decimal) ?? "",
                    "source": Words.source(revision.source), "by": revision.enteredBy, "current": revision.current,
                ]
            }
            return page("figure-history", title: "Lịch sử số liệu", values: values, context: context, nav: "Plan")
        } catch {
            let refusal = RefusalText(
                error, labels: ["indicator_code": "Chỉ tiêu", "unit_code": "Đơn vị", "period": "Kỳ"])
            if let field = refusal.field {
                if field.hasSuffix("unit_code") { values["unitError"] = refusal.message }
                if field.hasSuffix("period") { values["periodError"] = refusal.message }
            }
            return page(
                "figure-history", title: "Lịch sử số liệu", values: values, context: context, nav: "Plan",
                error: refusal.message, status: Self.status(of: error))
        }
    }

    /// Tasks and information systems a page.
    static let recordPageSize = 100

    /// The plan's tasks as they stand today: deadline, lead unit, done or overdue, a page at a time.
    func tasks(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "dx", request, context)
        let query = FormData(request.uri.query ?? "")
        let year = Int32(query.trimmed("year")).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? 0
        let status = Words.taskStatuses.first { $0.1 == query["status"] }
        let text = String(query.trimmed("q").prefix(200))
        let after = String(query["sau"].prefix(200))
        let values: [String: Any] = [
            "year": year == 0 ? "" : String(year), "query": text,
            "statuses": Self.choices(Words.taskStatuses, selected: status?.1), "total": "0",
        ]
        return await listPage("tasks", title: "Nhiệm vụ chuyển đổi số", nav: "Plan", context: context, values: values) {
            values in
            let response = try await dxClient(session).listTasks(
                APIListTasksRequest(
                    year: year, query: text, status: status?.0 ?? .unspecified,
                    page: PageRequest(pageSize: Int32(Self.recordPageSize), pageToken: after)),
                options: callOptions())
            values["total"] = Words.count(response.page?.totalSize ?? Int64(response.tasks.count))
            values.merge(
                Self.pager(
                    "/nhiem-vu",
                    [("year", year == 0 ? "" : String(year)), ("status", status?.1 ?? ""), ("q", text)], after: after,
                    next: response.page?.nextPageToken)
            ) { $1 }
            values["rows"] = response.tasks.map { task -> [String: Any] in
                [
                    "code": task.code, "title": task.title, "source": task.sourceDocument, "lead": task.leadUnit,
                    "deadline": Words.date(task.deadline), "completed": Words.date(task.completedOn),
                    "status": Words.taskStatus(task.status), "overdue": task.status == .overdue,
                ]
            }
        }
    }

    /// Information systems and their security-level dossiers (Decree 85/2016): the level proposed,
    /// who reviews and who approves at that level, how far the dossier has come.
    func securityDossiers(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "dx", request, context)
        let query = FormData(request.uri.query ?? "")
        let text = String(query.trimmed("q").prefix(200))
        let after = String(query["sau"].prefix(200))
        return await listPage(
            "security-dossiers", title: "Hồ sơ cấp độ an toàn thông tin", nav: "Plan", context: context,
            values: ["query": text, "total": "0"]
        ) { values in
            let response = try await dxClient(session).listInformationSystems(
                APIListInformationSystemsRequest(
                    query: text, page: PageRequest(pageSize: Int32(Self.recordPageSize), pageToken: after)),
                options: callOptions())
            values["total"] = Words.count(response.page?.totalSize ?? Int64(response.systems.count))
            values.merge(
                Self.pager("/an-toan-thong-tin", [("q", text)], after: after, next: response.page?.nextPageToken)
            ) { $1 }
            values["rows"] = response.systems.map { system -> [String: Any] in
                [
                    "code": system.code, "name": system.name, "owner": system.owner, "operator": system.operator,
                    "level": system.proposedLevel, "reviewer": system.reviewer, "approver": system.approver,
                    "status": Words.securityDossierStatus(system.status), "decision": system.decisionNumber,
                    "decidedOn": Words.date(system.decidedOn), "approved": system.status == .approved,
                ]
            }
        }
    }
}
