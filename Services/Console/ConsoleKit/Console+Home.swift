import CommonAPI
import DXAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore
import ReportAPI
import TelecomAPI

extension Console {
    /// The officer's home, by role: what is overdue (dossiers past their due date, DX tasks past
    /// their deadline, radio stations not working), what expires soon in the register, and the
    /// plan's indicators below plan with how far each has come.
    func home(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        var values: [String: Any] = [
            "principal": session.principal,
            // The highest role in each service: admin implies editor implies reader.
            "roles": session.roles.sorted { $0.key < $1.key }.compactMap { service, roles in
                ["admin", "editor", "reader"].first { roles.contains($0) }.map {
                    "\(Self.serviceName(service)): \(Self.roleName($0))"
                }
            },
            "reportDesk": session.may("reader", in: "aggregator"),
        ]
        var unavailable: [String] = []
        if session.may("reader", in: "licensing") {
            do {
                let expiring = try await APILicensingService.Client(
                    Upstreams.client(upstreams.licensing, as: session.credential)
                )
                .listExpiringLicences(
                    APIListExpiringLicencesRequest(withinDays: 60, page: PageRequest(pageSize: 20)),
                    options: callOptions())
                var section: [String: Any] = [
                    "items": expiring.licences.map {
                        [
                            "id": $0.id, "number": $0.number,
                            "holder": $0.holderName.isEmpty ? $0.holderID : $0.holderName,
                            "validUntil": Words.date($0.validUntil),
                        ]
                    }
                ]
                // The page is the soonest 20; the rest are counted, not fetched.
                let more = Int(expiring.page?.totalSize ?? 0) - expiring.licences.count
                if more > 0 { section["more"] = Words.count(Int64(more)) }
                values["expiring"] = section
            } catch {
                unavailable.append("Giấy phép: " + RefusalText(error).message)
            }
            do {
                let overdue = try await licensingClient(session).listDossiers(
                    APIListDossiersRequest(overdueOnly: true, page: PageRequest(pageSize: 20)), options: callOptions())
                values["overdueDossiers"] = [
                    "items": overdue.dossiers.map {
                        [
                            "code": $0.code, "codePath": Self.pathSegment($0.code), "dueOn": Words.date($0.dueOn),
                            "status": Self.dossierStatus($0.status),
                        ]
                    }
                ]
            } catch {
                unavailable.append("Hồ sơ: " + RefusalText(error).message)
            }
        }
        if session.may("reader", in: "telecom") {
            do {
                let down = try await telecomClient(session).listRadioStations(
                    APIListRadioStationsRequest(state: .notOperating, page: PageRequest(pageSize: 20)),
                    options: callOptions())
                let shown = down.stations
                let communes = await unitNames(session).names(of: shown.map(\.communeCode))
                var section: [String: Any] = [
                    "items": shown.map {
                        [
                            "code": $0.code, "commune": communes[$0.communeCode] ?? "xã \($0.communeCode)",
                            "on": Words.date($0.reports.last?.on),
                        ]
                    }
                ]
                let more = (down.page?.totalSize ?? 0) - Int64(shown.count)
                if more > 0 { section["more"] = Words.count(more) }
                values["radioDown"] = section
            } catch {
                unavailable.append("Viễn thông: " + RefusalText(error).message)
            }
        }
        if session.may("reader", in: "dx") {
            // The period of the newest report, when the officer may see reports; else this quarter.
            let now = Calendar(identifier: .gregorian).dateComponents(
                in: TimeZone(secondsFromGMT: 7 * 3600)!, from: Date())
            var year = Int32(now.year ?? 2023)
            var quarter = Int32(((now.month ?? 1) - 1) / 3 + 1)
            if session.may("reader", in: "aggregator"),
                let newest = try? await reportsClient(session).listReports(
                    APIListReportsRequest(page: PageRequest(pageSize: 1)), options: callOptions()
                ).reports.first
            {
                year = newest.year
                quarter = newest.quarter
            }
            do {
                let client = APIDigitalTransformationService.Client(
                    Upstreams.client(upstreams.dx, as: session.credential))
                let results = APIGetPlanResultsResponse(
                    results: try await PageRequest.all { page in
                        let found = try await client.getPlanResults(
                            APIGetPlanResultsRequest(
                                period: Period(kind: .quarter, year: year, index: quarter), page: page),
                            options: callOptions())
                        return (found.results, found.page)
                    })
                let rows = results.results.compactMap { result -> [String: Any]? in
                    guard let kpi = result.kpi, let target = result.target, let value = result.result,
                        let progress = PlanProgress(direction: kpi.direction, target: target, result: value),
                        progress.verdict == .notMet
                    else { return nil }
                    return [
                        "name": kpi.name, "target": Words.figure(target), "result": Words.figure(value),
                        "progress": progress.bar, "share": progress.share,
                    ]
                }
                // "All met" only when there were figures to meet it with.
                let measured = results.results.contains { $0.result != nil && $0.target != nil }
                values["belowPlan"] = [
                    "period": "quý \(Self.roman(Int(quarter)))/\(year)", "rows": rows, "hasRows": !rows.isEmpty,
                    "allMet": rows.isEmpty && measured, "noFigures": !measured,
                ]
            } catch {
                unavailable.append("Chỉ tiêu: " + RefusalText(error).message)
            }
            if let tasks = try? await dxClient(session).listTasks(
                APIListTasksRequest(status: .overdue, page: PageRequest(pageSize: 20)), options: callOptions())
            {
                var section: [String: Any] = [
                    "items": tasks.tasks.map {
                        ["code": $0.code, "title": $0.title, "deadline": Words.date($0.deadline), "lead": $0.leadUnit]
                    }
                ]
                let more = (tasks.page?.totalSize ?? 0) - Int64(tasks.tasks.count)
                if more > 0 { section["more"] = Words.count(more) }
                values["overdueTasks"] = section
            }
        }
        values["unavailable"] = unavailable
        return page("home", title: "Trang chủ", values: values, context: context, nav: "Home")
    }

    static func serviceName(_ service: String) -> String {
        switch service {
        case "licensing": "Cấp phép"
        case "telecom": "Hạ tầng viễn thông"
        case "dx": "Chuyển đổi số"
        case "aggregator": "Báo cáo"
        default: service
        }
    }

    static func roleName(_ role: String) -> String {
        switch role {
        case "reader": "xem"
        case "editor": "cập nhật"
        case "admin": "quản trị"
        default: role
        }
    }
}
