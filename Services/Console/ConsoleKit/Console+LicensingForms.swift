import CommonAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore

extension Console {
    func licensingClient(_ session: Session) -> APILicensingService.Client {
        APILicensingService.Client(Upstreams.client(upstreams.licensing, as: session.credential))
    }

    /// The organisations an officer picks a holder or an applicant from.
    func organisations(_ session: Session) async -> [APIOrganisation] {
        (try? await licensingClient(session).listOrganisations(
            APIListOrganisationsRequest(page: PageRequest(pageSize: 500)), options: callOptions()
        ).organisations) ?? []
    }

    /// The form fields of a licence, and the field a service's refusal names mapped onto them.
    static let licenceFields = [
        "kind", "number", "holder", "issuedOn", "validUntil", "decision", "domains", "responsible", "serverLocation",
        "title", "name",
    ]

    /// The service's field names in the form's words.
    static let licenceLabels = [
        "kind": "Loại", "number": "Số giấy phép", "holder_id": "Tổ chức được cấp", "issued_on": "Ngày cấp",
        "valid_until": "Hiệu lực đến", "decision_number": "Số quyết định", "content": "Nội dung giấy phép",
        "content.website.domains": "Tên miền", "content.domains": "Tên miền",
        "content.server_in_vietnam": "Máy chủ đặt tại Việt Nam", "content.activities": "Hoạt động in",
        "content.pages": "Số trang", "content.print_run": "Số lượng in", "code": "Mã hồ sơ",
        "procedure_code": "Thủ tục",
        "applicant_id": "Tổ chức nộp hồ sơ", "received_on": "Ngày tiếp nhận",
    ]

    static func formField(forService field: String?) -> String? {
        guard let field else { return nil }
        let head = field.split(separator: ".").first.map(String.init) ?? field
        switch head {
        case "kind": return "kind"
        case "number": return "number"
        case "holder_id": return "holder"
        case "issued_on": return "issuedOn"
        case "valid_until": return "validUntil"
        case "decision_number": return "decision"
        case "content":
            if field.contains("domains") { return "domains" }
            if field.contains("responsible") { return "responsible" }
            if field.contains("server") { return "serverLocation" }
            if field.contains("title") { return "title" }
            return "name"
        default: return nil
        }
    }

    /// "2023-03-31" from a date field, or nil with the field named.
    static func isoDate(_ text: String) -> CommonAPI.Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int32(parts[0]), let month = Int32(parts[1]), let day = Int32(parts[2])
        else {
            return nil
        }
        return CommonAPI.Date(year: year, month: month, day: day)
    }

    /// The values a licence form shows: what was typed (kept after a refusal) and the choices.
    func licenceFormValues(_ form: FormData, session: Session, organisations: [APIOrganisation]) -> [String: Any] {
        var values: [String: Any] = [
            "csrf": sessions.csrfToken(for: session), Self.formIDField: Self.formID(of: form),
        ]
        for field in Self.licenceFields { values[field] = form[field] }
        values["kinds"] = Words.kinds.map { ["value": $0.1, "label": $0.2, "selected": $0.1 == form["kind"]] }
        values["holders"] = organisations.map {
            ["value": $0.id, "label": $0.name, "selected": $0.id == form["holder"]]
        }
        values["inVietnam"] = form["inVietnam"] == "1"
        return values
    }

    func issueLicenceForm(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        guard session.may("editor", in: "licensing") else {
            return message(
                "Không có quyền", "Cấp giấy phép cần vai trò cập nhật của dịch vụ cấp phép.", back: "/giay-phep",
                context: context, status: .forbidden)
        }
        let values = licenceFormValues(
            FormData("kind=website&inVietnam=1"), session: session, organisations: await organisations(session))
        return page("licence-form", title: "Cấp giấy phép", values: values, context: context, nav: "Licences")
    }

    /// Issues the licence through the service; a refusal comes back beside the field it names,
    /// with everything typed kept.
    func issueLicence(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let form = try await FormData.read(request, limit: 64 << 10)
        try checkForm(form, session)
        var fieldErrors: [String: String] = [:]
        let kind = Words.kinds.first { $0.1 == form["kind"] }?.0
        if kind == nil { fieldErrors["kind"] = "Chọn loại giấy phép." }
        let issuedOn = Self.isoDate(form.trimmed("issuedOn"))
        if issuedOn == nil { fieldErrors["issuedOn"] = "Ngày cấp phải là một ngày (năm-tháng-ngày)." }
        let validUntil = form.trimmed("validUntil").isEmpty ? nil : Self.isoDate(form.trimmed("validUntil"))
        if !form.trimmed("validUntil").isEmpty && validUntil == nil {
            fieldErrors["validUntil"] = "Hiệu lực đến phải là một ngày (năm-tháng-ngày)."
        }
        var failure: String?
        if fieldErrors.isEmpty, let kind {
            var content = APILicenceContent()
            switch kind {
            case .website:
                content.content = .website(
                    APIWebsiteContent(
                        domains: form.trimmed("domains").split(whereSeparator: { $0 == "," || $0 == " " }).map(
                            String.init),
                        responsiblePerson: form.trimmed("responsible"), serverLocation: form.trimmed("serverLocation"),
                        serverInVietnam: form["inVietnam"] == "1"))
            case .newsletter:
                content.content = .newsletter(
                    APINewsletterContent(name: form.trimmed("name"), responsiblePerson: form.trimmed("responsible")))
            case .nonCommercialPublication:
                content.content = .publication(APIPublicationContent(title: form.trimmed("title")))
            default:
                content.content = .printing(APIPrintingContent(facilityName: form.trimmed("name")))
            }
            do {
                let licence = try await licensingClient(session).issueLicence(
                    APIIssueLicenceRequest(
                        requestID: requestID(form, session), kind: kind,
                        number: form.trimmed("number"),
                        holderID: form["holder"], issuedOn: issuedOn, validUntil: validUntil, content: content,
                        decisionNumber: form.trimmed("decision")),
                    options: callOptions())
                return Self.redirect("/giay-phep/\(licence.id)?da-cap=1")
            } catch {
                let refusal = RefusalText(error, labels: Self.licenceLabels)
                failure = refusal.message
                if let field = Self.formField(forService: refusal.field) { fieldErrors[field] = refusal.message }
            }
        }
        var values = licenceFormValues(form, session: session, organisations: await organisations(session))
        for (field, text) in fieldErrors { values["\(field)Error"] = text }
        return page(
            "licence-form", title: "Cấp giấy phép", values: values, context: context, nav: "Licences",
            error: failure ?? "Kiểm tra lại các trường được đánh dấu.", status: .badRequest)
    }

    // MARK: Dossiers

    static let channels: [(APIDossierChannel, String, String)] = [
        (.inPerson, "in-person", "Trực tiếp"), (.postal, "postal", "Bưu chính công ích"),
        (.online, "online", "Trực tuyến"),
    ]

    static func dossierStatus(_ status: APIDossierStatus) -> String {
        switch status {
        case .received: "Đã tiếp nhận"
        case .rejectedAtIntake: "Từ chối tiếp nhận"
        case .supplementRequested: "Yêu cầu bổ sung"
        case .inProcess: "Đang giải quyết"
        case .refused: "Từ chối giải quyết"
        case .resolved: "Đã giải quyết"
        case .returned: "Đã trả kết quả"
        case .withdrawn: "Rút hồ sơ"
        default: "Khác"
        }
    }

    static func timeliness(_ timeliness: APITimeliness) -> String {
        switch timeliness {
        case .early: "Trước hạn"
        case .onTime: "Đúng hạn"
        case .late: "Quá hạn (đã giải quyết)"
        case .pendingWithinTime: "Trong hạn"
        case .overdue: "Quá hạn"
        default: ""
        }
    }

    func dossierRow(_ dossier: APIDossier, procedures: [String: String]) -> [String: Any] {
        [
            "code": dossier.code, "procedure": procedures[dossier.procedureCode] ?? dossier.procedureCode,
            "receivedOn": Words.date(dossier.receivedOn), "dueOn": Words.date(dossier.dueOn),
            "status": Self.dossierStatus(dossier.status), "timeliness": Self.timeliness(dossier.timeliness),
            "overdue": dossier.timeliness == .overdue,
        ]
    }

    /// Dossiers received, newest first, or only the overdue ones.
    func dossiers(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let query = FormData(request.uri.query ?? "")
        let overdue = query["qua-han"] == "1"
        let client = licensingClient(session)
        do {
            let procedures = Dictionary(
                try await PageRequest.all { page in
                    let found = try await client.listProcedures(
                        APIListProceduresRequest(page: page), options: callOptions())
                    return (found.procedures, found.page)
                }.map {
                    ($0.code, $0.name)
                }, uniquingKeysWith: { a, _ in a })
            let listed = try await client.listDossiers(
                APIListDossiersRequest(overdueOnly: overdue, page: PageRequest(pageSize: 100)), options: callOptions())
            let values: [String: Any] = [
                "overdue": overdue, "rows": listed.dossiers.map { dossierRow($0, procedures: procedures) },
                "mayReceive": session.may("editor", in: "licensing"),
            ]
            return page(
                "dossiers", title: "Hồ sơ thủ tục hành chính", values: values, context: context, nav: "Dossiers")
        } catch {
            return message(
                "Không mở được danh sách hồ sơ", RefusalText(error).message, back: "/", context: context,
                status: Self.status(of: error))
        }
    }

    func dossierFormValues(_ form: FormData, session: Session) async -> [String: Any] {
        let procedures: [APIProcedure] =
            (try? await PageRequest.all { page in
                let found = try await licensingClient(session).listProcedures(
                    APIListProceduresRequest(page: page), options: callOptions())
                return (found.procedures, found.page)
            }) ?? []
        return [
            "csrf": sessions.csrfToken(for: session), Self.formIDField: Self.formID(of: form), "code": form["code"],
            "receivedOn": form["receivedOn"],
            "procedures": procedures.map {
                [
                    "value": $0.code, "label": "\($0.name) (\($0.processingDays) ngày)",
                    "selected": $0.code == form["procedure"],
                ]
            },
            "applicants": await organisations(session).map {
                ["value": $0.id, "label": $0.name, "selected": $0.id == form["applicant"]]
            },
            "channels": Self.channels.map { ["value": $0.1, "label": $0.2, "selected": $0.1 == form["channel"]] },
        ]
    }

    func receiveDossierForm(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        guard session.may("editor", in: "licensing") else {
            return message(
                "Không có quyền", "Tiếp nhận hồ sơ cần vai trò cập nhật của dịch vụ cấp phép.", back: "/ho-so",
                context: context, status: .forbidden)
        }
        let today = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(secondsFromGMT: 7 * 3600)!, from: Date())
        let values = await dossierFormValues(
            FormData(
                "receivedOn=\(today.year ?? 2023)-\(String(format: "%02d", today.month ?? 1))-\(String(format: "%02d", today.day ?? 1))&channel=in-person"
            ),
            session: session)
        return page("dossier-form", title: "Tiếp nhận hồ sơ", values: values, context: context, nav: "Dossiers")
    }

    /// Receives a dossier; the service computes its due date, which the next page shows.
    func receiveDossier(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let form = try await FormData.read(request, limit: 16 << 10)
        try checkForm(form, session)
        var fieldErrors: [String: String] = [:]
        let receivedOn = Self.isoDate(form.trimmed("receivedOn"))
        if receivedOn == nil { fieldErrors["receivedOn"] = "Ngày tiếp nhận phải là một ngày (năm-tháng-ngày)." }
        let channel = Self.channels.first { $0.1 == form["channel"] }?.0 ?? .inPerson
        var failure: String?
        if fieldErrors.isEmpty {
            do {
                let dossier = try await licensingClient(session).receiveDossier(
                    APIReceiveDossierRequest(
                        requestID: requestID(form, session),
                        code: form.trimmed("code"), procedureCode: form["procedure"], applicantID: form["applicant"],
                        channel: channel, onlineType: channel == .online ? .fullProcess : .none, receivedOn: receivedOn),
                    options: callOptions())
                return Self.redirect(
                    "/ho-so/\(dossier.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            } catch {
                let refusal = RefusalText(error, labels: Self.licenceLabels)
                failure = refusal.message
                switch refusal.field {
                case "code"?: fieldErrors["code"] = refusal.message
                case "procedure_code"?: fieldErrors["procedure"] = refusal.message
                case "applicant_id"?: fieldErrors["applicant"] = refusal.message
                case "received_on"?: fieldErrors["receivedOn"] = refusal.message
                default: break
                }
            }
        }
        var values = await dossierFormValues(form, session: session)
        for (field, text) in fieldErrors { values["\(field)Error"] = text }
        return page(
            "dossier-form", title: "Tiếp nhận hồ sơ", values: values, context: context, nav: "Dossiers",
            error: failure ?? "Kiểm tra lại các trường được đánh dấu.", status: .badRequest)
    }
}
