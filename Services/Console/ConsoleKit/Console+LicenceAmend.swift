import CommonAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore

/// Amending a licence's content (Sửa đổi, bổ sung): the form starts from the licence's current
/// content and changes only the fields it shows, so what it does not show (sections, news
/// sources, activities…) is kept as it is.
extension Console {
    static let amendFields = ["domains", "responsible", "serverLocation", "name", "title", "address"]

    func amendLicenceForm(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let id = Self.pathParameter(context, "id")
        guard session.may("editor", in: "licensing") else {
            return message(
                "Không có quyền", "Sửa đổi giấy phép cần vai trò cập nhật của dịch vụ cấp phép.",
                back: "/giay-phep/\(Self.pathSegment(id))", context: context, status: .forbidden)
        }
        return try await amendPage(session, context, id: id, form: nil, fieldErrors: [:], error: nil)
    }

    func amendPage(
        _ session: Session, _ context: ConsoleContext, id: String, form: FormData?, fieldErrors: [String: String],
        error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        do {
            let licence = try await licensingClient(session).getLicence(
                APIGetLicenceRequest(id: id), options: callOptions())
            var values: [String: Any] = [
                "id": licence.id, "idPath": Self.pathSegment(licence.id), "number": licence.number,
                "kind": Words.kind(licence.kind), "csrf": sessions.csrfToken(for: session),
                Self.formIDField: Self.formID(of: form),
            ]
            // What is typed wins over what is recorded, so a refused form keeps it.
            let shown = Self.amendValues(licence.current?.content)
            for field in Self.amendFields { values[field] = form?[field] ?? shown[field] ?? "" }
            values["inVietnam"] = form.map { $0["inVietnam"] == "1" } ?? (shown["inVietnam"] == "1")
            values["effectiveOn"] = form?["effectiveOn"] ?? ""
            values["decision"] = form?["decision"] ?? ""
            values["reason"] = form?["reason"] ?? ""
            switch licence.current?.content?.content {
            case .website?: values["isWebsite"] = true
            case .newsletter?: values["isNewsletter"] = true
            case .publication?: values["isPublication"] = true
            default: values["isPrinting"] = true
            }
            for (field, text) in fieldErrors { values["\(field)Error"] = text }
            return page(
                "licence-amend", title: "Sửa đổi giấy phép \(licence.number)", values: values, context: context,
                nav: "Licences", error: error, status: status)
        } catch {
            return message(
                "Không mở được giấy phép", RefusalText(error).message, back: "/giay-phep", context: context,
                status: Self.status(of: error))
        }
    }

    /// The recorded content in the form's fields.
    static func amendValues(_ content: APILicenceContent?) -> [String: String] {
        switch content?.content {
        case .website(let website)?:
            return [
                "domains": website.domains.joined(separator: ", "), "responsible": website.responsiblePerson,
                "serverLocation": website.serverLocation, "inVietnam": website.serverInVietnam ? "1" : "",
            ]
        case .newsletter(let newsletter)?:
            return ["name": newsletter.name, "responsible": newsletter.responsiblePerson]
        case .publication(let publication)?:
            return ["title": publication.title, "responsible": publication.author]
        case .printing(let printing)?:
            return ["name": printing.facilityName, "address": printing.address]
        default:
            return [:]
        }
    }

    /// The recorded content with the form's fields applied; every other field is kept.
    static func amended(_ content: APILicenceContent?, with form: FormData) -> APILicenceContent {
        var result = content ?? APILicenceContent()
        switch result.content {
        case .website(var website)?:
            website.domains = form.trimmed("domains").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            website.responsiblePerson = form.trimmed("responsible")
            website.serverLocation = form.trimmed("serverLocation")
            website.serverInVietnam = form["inVietnam"] == "1"
            result.content = .website(website)
        case .newsletter(var newsletter)?:
            newsletter.name = form.trimmed("name")
            newsletter.responsiblePerson = form.trimmed("responsible")
            result.content = .newsletter(newsletter)
        case .publication(var publication)?:
            publication.title = form.trimmed("title")
            publication.author = form.trimmed("responsible")
            result.content = .publication(publication)
        case .printing(var printing)?:
            printing.facilityName = form.trimmed("name")
            printing.address = form.trimmed("address")
            result.content = .printing(printing)
        default:
            break
        }
        return result
    }

    /// Sends the amendment; the licensing service's rules decide, and a refusal lands beside the
    /// field it names with everything typed kept.
    func amendLicence(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let id = Self.pathParameter(context, "id")
        let form = try await FormData.read(request, limit: 64 << 10)
        try checkForm(form, session)
        var fieldErrors: [String: String] = [:]
        let effectiveOn = Self.isoDate(form.trimmed("effectiveOn"))
        if effectiveOn == nil { fieldErrors["effectiveOn"] = "Ngày hiệu lực phải là một ngày (năm-tháng-ngày)." }
        var failure: String?
        if fieldErrors.isEmpty {
            let client = licensingClient(session)
            do {
                let licence = try await client.getLicence(APIGetLicenceRequest(id: id), options: callOptions())
                _ = try await client.applyLicenceAction(
                    APIApplyLicenceActionRequest(
                        requestID: requestID(form, session),
                        licenceID: id, action: .amend, effectiveOn: effectiveOn,
                        decisionNumber: form.trimmed("decision"), reason: form.trimmed("reason"),
                        content: Self.amended(licence.current?.content, with: form)),
                    options: callOptions())
                return Self.redirect("/giay-phep/\(Self.pathSegment(id))?da-ap-dung=1")
            } catch {
                let refusal = RefusalText(error, labels: Self.actionLabels.merging(Self.licenceLabels) { a, _ in a })
                failure = refusal.message
                if let field = Self.formField(forService: refusal.field) {
                    fieldErrors[field] = refusal.message
                } else {
                    fieldErrors = refusal.fieldErrors(
                        ["effective_on": "effectiveOn", "decision_number": "decision", "reason": "reason"],
                        fallback: "effectiveOn")
                }
            }
        }
        return try await amendPage(
            session, context, id: id, form: form, fieldErrors: fieldErrors,
            error: failure ?? "Kiểm tra lại các trường được đánh dấu.", status: .badRequest)
    }
}
