import CommonAPI
import Hummingbird
import LicensingAPI
import RPCCore

extension Console {
    static let licencePageSize = 50

    /// The licence register: search (diacritics ignored by the service), filters, pages.
    func licences(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let query = FormData(request.uri.query ?? "")
        let text = String(query.trimmed("q").prefix(200))
        let kind = Words.kinds.first { $0.1 == query["kind"] }
        let status = Words.statuses.first { $0.1 == query["status"] }
        let pageNumber = max(1, min(100_000, Int(query["page"]) ?? 1))
        var values: [String: Any] = [
            "query": text, "mayEdit": session.may("editor", in: "licensing"),
            "kinds": Self.choices(Words.kinds, selected: kind?.1),
            "statuses": Self.choices(Words.statuses, selected: status?.1),
            "download": "/giay-phep/tai-ve" + (kind.map { "?kind=" + $0.1 } ?? ""),
        ]
        if let kind { values["kindLabel"] = kind.2 }
        do {
            let response = try await APILicensingService.Client(
                Upstreams.client(upstreams.licensing, as: session.credential)
            )
            .listLicences(
                APIListLicencesRequest(
                    query: text, kind: kind?.0 ?? .unspecified, status: status?.0 ?? .unspecified,
                    page: PageRequest(
                        pageSize: Int32(Self.licencePageSize),
                        pageToken: pageNumber == 1 ? "" : String((pageNumber - 1) * Self.licencePageSize))),
                options: callOptions())
            values["rows"] = response.licences.map { licence -> [String: Any] in
                [
                    "id": licence.id, "number": licence.number, "kind": Words.kind(licence.kind),
                    "holder": licence.holderName.isEmpty ? licence.holderID : licence.holderName,
                    "issuedOn": Words.date(licence.issuedOn), "validUntil": Words.date(licence.validUntil),
                    "status": Words.status(licence.status),
                ]
            }
            let total = Int(response.page?.totalSize ?? Int64(response.licences.count))
            values["total"] = total
            values["pageInfo"] = ["page": pageNumber]
            func link(_ number: Int) -> String {
                var parts = ["page=\(number)"]
                if !text.isEmpty {
                    parts.append("q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                }
                if let kind { parts.append("kind=\(kind.1)") }
                if let status { parts.append("status=\(status.1)") }
                return "/giay-phep?" + parts.joined(separator: "&")
            }
            if pageNumber > 1 { values["previous"] = link(pageNumber - 1) }
            if pageNumber * Self.licencePageSize < total { values["next"] = link(pageNumber + 1) }
            return page("licences", title: "Sổ giấy phép", values: values, context: context, nav: "Licences")
        } catch {
            values["rows"] = [[String: Any]]()
            values["total"] = 0
            return page(
                "licences", title: "Sổ giấy phép", values: values, context: context, nav: "Licences",
                error: RefusalText(error).message, status: Self.status(of: error))
        }
    }

    /// One licence with its whole history, and (for editors) the actions its rules allow.
    func licence(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        return try await licencePage(
            session, context, id: context.parameters.get("id") ?? "", form: FormData(""), fieldErrors: [:],
            error: nil)
    }

    func licencePage(
        _ session: Session, _ context: ConsoleContext, id: String, form: FormData, fieldErrors: [String: String],
        error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        do {
            let licence = try await APILicensingService.Client(
                Upstreams.client(upstreams.licensing, as: session.credential)
            )
            .getLicence(APIGetLicenceRequest(id: id, includeHistory: true), options: callOptions())
            var values: [String: Any] = [
                "id": licence.id, "number": licence.number, "kind": Words.kind(licence.kind),
                "holder": licence.holderName.isEmpty ? licence.holderID : licence.holderName,
                "status": Words.status(licence.status), "issuedOn": Words.date(licence.issuedOn),
                "validUntil": Words.date(licence.validUntil),
                "history": licence.history.map { version -> [String: Any] in
                    [
                        "effectiveOn": Words.date(version.effectiveOn), "action": Words.action(version.action),
                        "decision": version.decisionNumber, "reason": version.reason,
                    ]
                },
                "mayAct": session.may("editor", in: "licensing"), "csrf": sessions.csrfToken(for: session),
                Self.formIDField: Self.formID(of: form),
                "actions": Self.licenceActions.map {
                    ["value": $0.1, "label": $0.2, "selected": $0.1 == form["action"]]
                },
                "effectiveOn": form["effectiveOn"], "decision": form["decision"], "reason": form["reason"],
                "newValidUntil": form["newValidUntil"],
            ]
            // The history answer holds the newest versions that fit; say so when some are left out.
            let older = Int(licence.historyCount) - licence.history.count
            if older > 0 {
                values["olderVersions"] = Words.count(Int64(older))
                values["historyCount"] = Words.count(Int64(licence.historyCount))
            }
            for (field, text) in fieldErrors { values["\(field)Error"] = text }
            return page(
                "licence", title: "Giấy phép \(licence.number)", values: values, context: context, nav: "Licences",
                error: error, status: status)
        } catch {
            return message(
                "Không mở được giấy phép", RefusalText(error).message, back: "/giay-phep", context: context,
                status: Self.status(of: error))
        }
    }

    /// The HTTP status a page answers with when a service refused.
    static func status(of error: any Error) -> HTTPResponse.Status {
        switch (error as? RPCError)?.code {
        case .notFound?: .notFound
        case .permissionDenied?: .forbidden
        case .invalidArgument?, .failedPrecondition?: .badRequest
        case .unauthenticated?: .unauthorized
        default: .badGateway
        }
    }
}
