import CommonAPI
import LicensingAPI

/// The domain's own words for what the services name in codes.
enum Words {
    static func date(_ date: CommonAPI.Date?) -> String {
        guard let date, date.year > 0 else { return "" }
        return (date.day < 10 ? "0" : "") + "\(date.day)/" + (date.month < 10 ? "0" : "") + "\(date.month)/\(date.year)"
    }

    static let kinds: [(APILicenceKind, String, String)] = [
        (.website, "website", "Trang thông tin điện tử tổng hợp"),
        (.newsletter, "newsletter", "Bản tin"),
        (.nonCommercialPublication, "publication", "Xuất bản tài liệu không kinh doanh"),
        (.printingPress, "printing-press", "Hoạt động in"),
        (.printingPublications, "printing-publications", "In xuất bản phẩm"),
        (.printFacilityRegistration, "print-facility", "Đăng ký cơ sở in"),
    ]

    static func kind(_ kind: APILicenceKind) -> String {
        kinds.first { $0.0 == kind }?.2 ?? "Khác"
    }

    static let statuses: [(APILicenceStatus, String, String)] = [
        (.active, "active", "Còn hiệu lực"), (.suspended, "suspended", "Đình chỉ"), (.revoked, "revoked", "Thu hồi"),
        (.expired, "expired", "Hết hạn"), (.ceased, "ceased", "Chấm dứt"),
    ]

    static func status(_ status: APILicenceStatus) -> String {
        statuses.first { $0.0 == status }?.2 ?? "Không rõ"
    }

    static func action(_ action: APILicenceAction) -> String {
        switch action {
        case .issue: "Cấp mới"
        case .amend: "Sửa đổi, bổ sung"
        case .extend: "Gia hạn"
        case .reissue: "Cấp lại"
        case .exchange: "Cấp đổi"
        case .changeNotified: "Thông báo thay đổi"
        case .changeApproved: "Chấp thuận thay đổi"
        case .suspend: "Đình chỉ"
        case .liftSuspension: "Hết thời hạn đình chỉ"
        case .revoke: "Thu hồi"
        case .expire: "Hết hạn"
        case .cease: "Chấm dứt hoạt động"
        case .unspecified, .unrecognized: "Khác"
        }
    }
}
