import CommonAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore

extension Console {
    /// The actions an officer applies to a licence from its page; the licensing service's rules
    /// decide, and a refusal names the rule.
    static let licenceActions: [(APILicenceAction, String, String)] = [
        (.extend, "extend", "Gia hạn"), (.suspend, "suspend", "Đình chỉ"),
        (.liftSuspension, "lift-suspension", "Chấm dứt đình chỉ"), (.revoke, "revoke", "Thu hồi"),
        (.cease, "cease", "Chấm dứt hoạt động"),
    ]

    static let actionLabels = [
        "action": "Thao tác", "effective_on": "Ngày hiệu lực", "decision_number": "Số quyết định", "reason": "Lý do",
        "new_valid_until": "Hiệu lực mới đến", "requested_on": "Ngày đề nghị", "licence_id": "Giấy phép",
    ]

    func applyLicenceAction(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let id = context.parameters.get("id") ?? ""
        let form = try await FormData.read(request, limit: 16 << 10)
        try checkForm(form, session)
        var fieldErrors: [String: String] = [:]
        let action = Self.licenceActions.first { $0.1 == form["action"] }?.0
        if action == nil { fieldErrors["action"] = "Chọn một thao tác." }
        let effectiveOn = Self.isoDate(form.trimmed("effectiveOn"))
        if effectiveOn == nil { fieldErrors["effectiveOn"] = "Ngày hiệu lực phải là một ngày (năm-tháng-ngày)." }
        let newValidUntil = form.trimmed("newValidUntil").isEmpty ? nil : Self.isoDate(form.trimmed("newValidUntil"))
        if !form.trimmed("newValidUntil").isEmpty && newValidUntil == nil {
            fieldErrors["newValidUntil"] = "Hiệu lực mới đến phải là một ngày (năm-tháng-ngày)."
        }
        var failure: String?
        if fieldErrors.isEmpty, let action {
            do {
                _ = try await licensingClient(session).applyLicenceAction(
                    APIApplyLicenceActionRequest(
                        requestID: requestID(form, session), licenceID: id,
                        action: action, effectiveOn: effectiveOn, decisionNumber: form.trimmed("decision"),
                        reason: form.trimmed("reason"), newValidUntil: newValidUntil,
                        requestedOn: action == .extend ? effectiveOn : nil),
                    options: callOptions())
                return Self.redirect("/giay-phep/\(id)?da-ap-dung=1")
            } catch {
                let refusal = RefusalText(error, labels: Self.actionLabels)
                failure = refusal.message
                switch refusal.field {
                case "effective_on"?: fieldErrors["effectiveOn"] = refusal.message
                case "decision_number"?: fieldErrors["decision"] = refusal.message
                case "new_valid_until"?, "requested_on"?: fieldErrors["newValidUntil"] = refusal.message
                case "reason"?: fieldErrors["reason"] = refusal.message
                default: fieldErrors["action"] = refusal.message
                }
            }
        }
        return try await licencePage(
            session, context, id: id, form: form, fieldErrors: fieldErrors,
            error: failure ?? "Kiểm tra lại các trường được đánh dấu.", status: .badRequest)
    }
}
