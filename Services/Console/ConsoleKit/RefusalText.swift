import RPCCore

/// A service's refusal as an officer reads it: what happened in Vietnamese, and the field it
/// names (the services start their messages with "field: reason"), never a stack trace.
public struct RefusalText: Sendable, Hashable {
    /// The whole sentence for the top of the form.
    public var message: String
    /// The field the service named, to mark beside it ("number", "content.domains[0]"), if any.
    public var field: String?

    /// `labels` names the service's fields as the form does ("valid_until" → "Hiệu lực đến").
    public init(_ error: any Error, labels: [String: String] = [:]) {
        guard let error = error as? RPCError else {
            message = "Có lỗi khi xử lý yêu cầu. Vui lòng thử lại."
            field = nil
            return
        }
        var (field, english) = Self.split(error.message)
        // The services' storage speaks as "storage: ...": the service's trouble, not a field of the form.
        let fromStorage = field == "storage"
        if fromStorage { field = nil }
        let reason = ReasonText.vietnamese(english)
        self.field = field
        let named = field.map { name in labels[name] ?? labels[String(name.split(separator: ".").first ?? "")] ?? name }
        switch error.code {
        case .failedPrecondition where english.hasPrefix("request_id '"):
            // The form's id (see Console+FormIDs) went with another change before: this form was
            // sent and saved, then changed and sent again (the browser's Back). Not a rule of the law.
            message =
                "Biểu mẫu này đã được gửi và ghi nhận trước đó với nội dung khác; thay đổi vừa nhập chưa được ghi. "
                + "Hãy mở lại trang rồi nhập thay đổi."
            self.field = nil
        case .invalidArgument:
            message = "Dữ liệu chưa hợp lệ" + (named.map { " ở trường “\($0)”" } ?? "") + ": \(reason)"
        case .failedPrecondition:
            message = "Không thực hiện được theo quy định" + (named.map { " (\($0))" } ?? "") + ": \(reason)"
        case .notFound: message = "Không tìm thấy: \(reason)"
        case .alreadyExists: message = "Đã có bản ghi này: \(reason)"
        case .permissionDenied: message = "Tài khoản của bạn không có quyền thực hiện thao tác này (\(reason))."
        case .unauthenticated: message = "Phiên làm việc không còn hiệu lực; vui lòng đăng nhập lại."
        case .unavailable, .deadlineExceeded:
            message = "Dịch vụ tạm thời không trả lời; vui lòng thử lại sau ít phút."
        case .resourceExhausted where fromStorage:
            message =
                "Máy chủ của dịch vụ đã hết chỗ lưu trữ: thay đổi chưa được ghi. Vui lòng báo cho quản trị hệ thống."
        case .dataLoss:
            message = "Dữ liệu của dịch vụ bị hỏng: thay đổi chưa được ghi. Vui lòng báo cho quản trị hệ thống."
        case .resourceExhausted: message = "Yêu cầu quá lớn hoặc hệ thống đang bận: \(reason)"
        default: message = "Có lỗi khi xử lý yêu cầu (\(error.code)): \(reason)"
        }
    }

    /// "number: already used" → ("number", "already used"); a message without a field name is all reason.
    static func split(_ message: String) -> (String?, String) {
        guard let colon = message.firstIndex(of: ":") else { return (nil, message) }
        let name = message[..<colon]
        guard !name.isEmpty, name.count <= 80,
            name.allSatisfy({ $0.isLetter || $0.isNumber || "_.[]".contains($0) })
        else { return (nil, message) }
        return (String(name), String(message[message.index(after: colon)...].drop { $0 == " " }))
    }
}

extension RefusalText {
    /// The refusal beside the form's field: `fields` maps the service's field names (the last
    /// part, as in "measurements[0].unit_code" → "unit_code") to the form's; a field not named
    /// there, or no field at all, lands on `fallback` when one is given.
    public func fieldErrors(_ fields: [String: String], fallback: String? = nil) -> [String: String] {
        let named = field.map { String($0.split(separator: ".").last ?? Substring($0)) }
        if let named, let formField = fields[named] { return [formField: message] }
        return fallback.map { [$0: message] } ?? [:]
    }
}
