/// The licence types the press and publishing team issues (domain notes §1).
public enum LicenceKind: String, Sendable, CaseIterable, Hashable {
    /// Giấy phép thiết lập trang thông tin điện tử tổng hợp.
    case website
    /// Giấy phép xuất bản bản tin.
    case newsletter
    /// Giấy phép xuất bản tài liệu không kinh doanh: one document, one permit.
    case nonCommercialPublication
    /// Giấy phép hoạt động in (press products, anti-counterfeit stamps).
    case printingPress
    /// Giấy phép hoạt động in xuất bản phẩm.
    case printingPublications
    /// Đăng ký hoạt động cơ sở in: a registration the department confirms, not a permit.
    case printFacilityRegistration

    /// The actions the law provides for this type; anything else is refused.
    public var actions: Set<LicenceAction> {
        switch self {
        case .website:
            [.issue, .amend, .extend, .reissue, .changeNotified, .suspend, .liftSuspension, .revoke, .expire, .cease]
        case .newsletter:
            [.issue, .changeApproved, .reissue, .suspend, .liftSuspension, .revoke, .expire, .cease]
        case .nonCommercialPublication:
            [.issue, .revoke]
        case .printingPress:
            [.issue, .exchange, .reissue, .suspend, .liftSuspension, .revoke, .expire, .cease]
        case .printingPublications:
            [.issue, .exchange, .reissue, .suspend, .liftSuspension, .revoke, .cease]
        case .printFacilityRegistration:
            // A registration is amended when the facility's details change (Decree 60/2014, art. 14).
            [.issue, .amend, .changeNotified, .cease]
        }
    }

    /// Vietnamese name, as the report writes it.
    public var vietnameseName: String {
        switch self {
        case .website: "Giấy phép thiết lập trang thông tin điện tử tổng hợp"
        case .newsletter: "Giấy phép xuất bản bản tin"
        case .nonCommercialPublication: "Giấy phép xuất bản tài liệu không kinh doanh"
        case .printingPress: "Giấy phép hoạt động in"
        case .printingPublications: "Giấy phép hoạt động in xuất bản phẩm"
        case .printFacilityRegistration: "Đăng ký hoạt động cơ sở in"
        }
    }
}
