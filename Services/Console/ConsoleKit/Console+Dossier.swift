import CommonAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore

/// One dossier: its due date (or the clock stopped while the applicant supplements it), every step
/// it went through, and for editors the next step, which the licensing service's rules check.
extension Console {
    /// The steps an officer moves a dossier to from its page.
    static let dossierMoves: [(APIDossierStatus, String, String)] = [
        (.supplementRequested, "supplement", "Yêu cầu bổ sung (tạm dừng thời hạn)"),
        (.inProcess, "in-process", "Đang giải quyết (đã nhận đủ hồ sơ)"),
        (.resolved, "resolved", "Đã giải quyết"), (.refused, "refused", "Từ chối giải quyết"),
        (.returned, "returned", "Đã trả kết quả"), (.withdrawn, "withdrawn", "Rút hồ sơ"),
    ]

    static let moveLabels = [
        "status": "Bước mới", "on": "Ngày", "note": "Ghi chú", "result_licence": "Số giấy phép đã cấp",
    ]

    func dossier(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        return try await dossierPage(
            session, context, code: context.parameters.get("code")?.removingPercentEncoding ?? "", form: FormData(""),
            fieldErrors: [:], error: nil)
    }

    func dossierPage(
        _ session: Session, _ context: ConsoleContext, code: String, form: FormData, fieldErrors: [String: String],
        error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let client = licensingClient(session)
        do {
            let dossier = try await client.getDossier(APIGetDossierRequest(code: code), options: callOptions())
            let procedures = Dictionary(
                try await PageRequest.all { page in
                    let found = try await client.listProcedures(
                        APIListProceduresRequest(page: page), options: callOptions())
                    return (found.procedures, found.page)
                }.map {
                    ($0.code, $0.name)
                }, uniquingKeysWith: { a, _ in a })
            var values = dossierRow(dossier, procedures: procedures)
            values["paused"] = dossier.dueOn == nil
            values["codePath"] = Self.pathSegment(dossier.code)
            values["steps"] = dossier.steps.map { step -> [String: Any] in
                ["on": Words.date(step.on), "status": Self.dossierStatus(step.status), "note": step.note]
            }
            values["mayMove"] = session.may("editor", in: "licensing")
            values["csrf"] = sessions.csrfToken(for: session)
            values[Self.formIDField] = Self.formID(of: form)
            values["moves"] = Self.dossierMoves.map {
                ["value": $0.1, "label": $0.2, "selected": $0.1 == form["status"]]
            }
            values["on"] = form["on"]
            values["note"] = form["note"]
            values["resultLicence"] = form["resultLicence"]
            for (field, text) in fieldErrors { values["\(field)Error"] = text }
            return page(
                "dossier", title: "Hồ sơ \(dossier.code)", values: values, context: context, nav: "Dossiers",
                error: error, status: status)
        } catch {
            return message(
                "Không mở được hồ sơ", RefusalText(error).message, back: "/ho-so", context: context,
                status: Self.status(of: error))
        }
    }

    /// Moves the dossier on: a supplement request stops its clock, "in process" starts it again.
    func moveDossier(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let code = context.parameters.get("code")?.removingPercentEncoding ?? ""
        let form = try await FormData.read(request, limit: 16 << 10)
        try checkForm(form, session)
        guard session.may("editor", in: "licensing") else {
            return message(
                "Không có quyền", "Chuyển bước hồ sơ cần vai trò cập nhật của dịch vụ cấp phép.",
                back: "/ho-so/\(Self.pathSegment(code))", context: context, status: .forbidden)
        }
        var fieldErrors: [String: String] = [:]
        let move = Self.dossierMoves.first { $0.1 == form["status"] }?.0
        if move == nil { fieldErrors["status"] = "Chọn bước mới của hồ sơ." }
        let on = Self.isoDate(form.trimmed("on"))
        if on == nil { fieldErrors["on"] = "Ngày phải là một ngày (năm-tháng-ngày)." }
        var failure: String?
        if fieldErrors.isEmpty, let move {
            do {
                _ = try await licensingClient(session).moveDossier(
                    APIMoveDossierRequest(
                        requestID: requestID(form, session), code: code,
                        status: move, on: on, note: form.trimmed("note"),
                        resultLicence: form.trimmed("resultLicence")),
                    options: callOptions())
                return Self.redirect("/ho-so/\(Self.pathSegment(code))?da-chuyen=1")
            } catch {
                let refusal = RefusalText(error, labels: Self.moveLabels)
                failure = refusal.message
                fieldErrors = refusal.fieldErrors(
                    ["status": "status", "on": "on", "note": "note", "result_licence": "resultLicence"],
                    fallback: "status")
            }
        }
        return try await dossierPage(
            session, context, code: code, form: form, fieldErrors: fieldErrors,
            error: failure ?? "Kiểm tra lại các trường được đánh dấu.", status: .badRequest)
    }
}
