extension Procedure {
    /// The procedures of the domain notes, shipped as editable defaults. Only 1.003868 has a
    /// national code there; the others use "DIC-" codes until an officer enters the real ones.
    /// Times: website 10 working days for each action; newsletter 20 days and a change 15 days;
    /// non-commercial publication 10 working days; printing licence 15 days ([V] in the notes).
    /// Not in the notes, so placeholders to confirm: the printing-publications exchange (15 days,
    /// as for the other printing licence) and the facility registration (5 working days).
    public static let defaults: [Procedure] = [
        Procedure(
            code: "DIC-WEB-ISSUE", name: "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", kind: .website,
            action: .issue, processingDays: 10, dayCount: .working),
        Procedure(
            code: "DIC-WEB-AMEND", name: "Sửa đổi, bổ sung giấy phép thiết lập trang thông tin điện tử tổng hợp",
            kind: .website, action: .amend, processingDays: 10, dayCount: .working),
        Procedure(
            code: "DIC-WEB-EXTEND", name: "Gia hạn giấy phép thiết lập trang thông tin điện tử tổng hợp",
            kind: .website, action: .extend, processingDays: 10, dayCount: .working),
        Procedure(
            code: "DIC-WEB-REISSUE", name: "Cấp lại giấy phép thiết lập trang thông tin điện tử tổng hợp",
            kind: .website, action: .reissue, processingDays: 10, dayCount: .working),
        Procedure(
            code: "DIC-WEB-NOTIFY",
            name: "Thông báo thay đổi chủ sở hữu, địa chỉ trụ sở trang thông tin điện tử tổng hợp",
            kind: .website, action: .changeNotified, processingDays: 7, dayCount: .working),
        Procedure(
            code: "DIC-NEWS-ISSUE", name: "Cấp giấy phép xuất bản bản tin", kind: .newsletter, action: .issue,
            processingDays: 20, dayCount: .calendar),
        Procedure(
            code: "DIC-NEWS-CHANGE", name: "Văn bản chấp thuận thay đổi nội dung giấy phép xuất bản bản tin",
            kind: .newsletter, action: .changeApproved, processingDays: 15, dayCount: .calendar),
        Procedure(
            code: "1.003868", name: "Cấp giấy phép xuất bản tài liệu không kinh doanh",
            kind: .nonCommercialPublication, action: .issue, processingDays: 10, dayCount: .working),
        Procedure(
            code: "DIC-PRINT-ISSUE", name: "Cấp giấy phép hoạt động in", kind: .printingPress, action: .issue,
            processingDays: 15, dayCount: .calendar),
        Procedure(
            code: "DIC-PRINT-EXCHANGE", name: "Cấp đổi giấy phép hoạt động in", kind: .printingPress,
            action: .exchange, processingDays: 15, dayCount: .calendar),
        Procedure(
            code: "DIC-PRINTPUB-EXCHANGE", name: "Cấp đổi giấy phép hoạt động in xuất bản phẩm",
            kind: .printingPublications, action: .exchange, processingDays: 15, dayCount: .calendar),
        Procedure(
            code: "DIC-PRINTREG", name: "Đăng ký hoạt động cơ sở in", kind: .printFacilityRegistration,
            action: .issue, processingDays: 5, dayCount: .working),
    ]
}
