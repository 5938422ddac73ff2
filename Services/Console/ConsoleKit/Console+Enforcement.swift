import CommonAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore

/// Inspections, the sanctions they led to (fines and whether they are paid), and the holders'
/// reporting obligations with what is overdue: the licensing team's enforcement desk.
extension Console {
    func enforcement(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "licensing", request, context)
        let query = FormData(request.uri.query ?? "")
        let text = String(query.trimmed("q").prefix(200))
        let unpaidOnly = query["chua-nop"] == "1"
        // Holders report on a year early in the next: by default the year just ended.
        let thisYear = Int32(
            Calendar(identifier: .gregorian).dateComponents(
                in: TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt, from: Foundation.Date()
            ).year ?? 2026)
        let year = Int32(query.trimmed("nam")).flatMap { (1990...2100).contains($0) ? $0 : nil } ?? thisYear - 1
        let client = licensingClient(session)
        var values: [String: Any] = ["query": text, "unpaidOnly": unpaidOnly, "year": year]
        do {
            let page1 = PageRequest(pageSize: 100)
            async let inspections = client.listInspections(
                APIListInspectionsRequest(query: text, page: page1), options: callOptions())
            async let sanctions = client.listSanctions(
                APIListSanctionsRequest(query: text, paymentStatus: unpaidOnly ? .unpaid : .unspecified, page: page1),
                options: callOptions())
            async let obligations = client.listObligations(
                APIListObligationsRequest(year: year, outstandingOnly: true, page: page1), options: callOptions())
            let (inspected, sanctioned, owed) = try await (inspections, sanctions, obligations)
            let names = await organisationNames(
                Set(
                    inspected.inspections.map(\.subjectID) + sanctioned.sanctions.map(\.subjectID)
                        + owed.obligations.map(\.holderID)), client: client)
            values["inspections"] = inspected.inspections.map { inspection -> [String: Any] in
                [
                    "on": Words.date(inspection.inspectedOn), "plan": inspection.plan,
                    "decision": inspection.decisionNumber,
                    "subject": names[inspection.subjectID] ?? inspection.subjectID,
                    "team": inspection.team, "findings": inspection.findings,
                ]
            }
            values["sanctions"] = sanctioned.sanctions.map { sanction -> [String: Any] in
                [
                    "decision": sanction.decisionNumber, "on": Words.date(sanction.decidedOn),
                    "subject": names[sanction.subjectID] ?? sanction.subjectID, "provision": sanction.violatedProvision,
                    "fine": Words.money(sanction.fineVnd),
                    "penalties": (sanction.extraPenalties + (sanction.suspendsLicence ? ["Đình chỉ giấy phép"] : []))
                        .joined(separator: "; "),
                    "payment": Self.payment(sanction.paymentStatus),
                    "unpaid": sanction.paymentStatus == .unpaid,
                    "settledOn": Words.date(sanction.settledOn),
                ]
            }
            // A register of thousands of websites owes thousands of reports: the page shows the
            // first ones and says how many there are.
            let owedTotal = owed.page?.totalSize ?? Int64(owed.obligations.count)
            if owedTotal > Int64(owed.obligations.count) {
                values["obligationsMore"] = true
                values["obligationsTotal"] = Words.count(owedTotal)
                values["obligationsShown"] = Words.count(Int64(owed.obligations.count))
            }
            values["obligations"] = owed.obligations.map { obligation -> [String: Any] in
                [
                    "licence": obligation.licenceNumber, "holder": names[obligation.holderID] ?? obligation.holderID,
                    "kind": obligation.kind == .websiteAnnualReport
                        ? "Báo cáo định kỳ năm của trang thông tin điện tử tổng hợp" : "Nghĩa vụ khác",
                    "year": obligation.year, "due": Words.date(obligation.dueOn), "overdue": obligation.overdue,
                ]
            }
            return page(
                "enforcement", title: "Thanh tra, xử phạt", values: values, context: context, nav: "Enforcement")
        } catch {
            for key in ["inspections", "sanctions", "obligations"] where values[key] == nil {
                values[key] = [[String: Any]]()
            }
            return page(
                "enforcement", title: "Thanh tra, xử phạt", values: values, context: context, nav: "Enforcement",
                error: RefusalText(error).message, status: Self.status(of: error))
        }
    }

    /// Organisations' names for the ids a page lists, asked concurrently; at most 300 (a page's
    /// worth), and an id that cannot be read is shown as it is.
    func organisationNames(_ ids: Set<String>, client: APILicensingService.Client) async -> [String: String] {
        let options = callOptions()
        // At most 16 calls in flight: a page's names must not crowd the officer's other calls.
        let wanted = Array(ids.filter { !$0.isEmpty }.prefix(300))
        return await withTaskGroup(of: (String, String?).self) { group in
            var names: [String: String] = [:]
            var next = 0
            func ask(_ id: String) {
                group.addTask {
                    (id, try? await client.getOrganisation(APIGetOrganisationRequest(id: id), options: options).name)
                }
            }
            while next < min(16, wanted.count) {
                ask(wanted[next])
                next += 1
            }
            for await (id, name) in group {
                if let name, !name.isEmpty { names[id] = name }
                if next < wanted.count {
                    ask(wanted[next])
                    next += 1
                }
            }
            return names
        }
    }

    static func payment(_ status: APIPaymentStatus) -> String {
        switch status {
        case .unpaid: "Chưa nộp phạt"
        case .paid: "Đã nộp phạt"
        case .exempted: "Được miễn"
        default: ""
        }
    }
}
