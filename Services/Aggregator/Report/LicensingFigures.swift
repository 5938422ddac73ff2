/// Section 2.1's licensing sentence from the period's action counts, in the words and order the
/// department's reports use: "Cấp phép 06 giấy phép xuất bản tài liệu không kinh doanh; ...".
public enum LicensingFigures {
    /// A licence type and action as the licensing service names them (LicenceKind / LicenceAction
    /// raw values), and how many.
    public struct Count: Sendable, Hashable {
        public var kind: String
        public var action: String
        public var count: Int

        public init(kind: String, action: String, count: Int) {
            self.kind = kind
            self.action = action
            self.count = count
        }
    }

    /// How each (type, action) reads, in the report's order.
    static let phrases: [(kind: String, action: String, phrase: String)] = [
        ("nonCommercialPublication", "issue", "giấy phép xuất bản tài liệu không kinh doanh"),
        ("newsletter", "issue", "giấy phép xuất bản bản tin địa phương"),
        (
            "newsletter", "changeApproved",
            "văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin địa phương"
        ),
        ("website", "issue", "giấy phép thiết lập trang thông tin điện tử tổng hợp"),
        ("website", "amend", "giấy phép sửa đổi, bổ sung giấy phép thiết lập trang thông tin điện tử tổng hợp"),
        ("website", "extend", "gia hạn giấy phép thiết lập trang thông tin điện tử tổng hợp"),
        ("website", "reissue", "cấp lại giấy phép thiết lập trang thông tin điện tử tổng hợp"),
        ("website", "changeNotified", "xác nhận thông báo thay đổi của trang thông tin điện tử tổng hợp"),
        ("printFacilityRegistration", "issue", "đăng ký hoạt động cơ sở in"),
        ("printingPress", "issue", "giấy phép hoạt động in"),
        ("printingPress", "exchange", "cấp đổi giấy phép hoạt động in"),
        ("printingPublications", "issue", "giấy phép hoạt động in xuất bản phẩm"),
        ("printingPublications", "exchange", "cấp đổi giấy phép hoạt động in xuất bản phẩm"),
        ("printingPublications", "reissue", "cấp lại giấy phép hoạt động in xuất bản phẩm"),
    ]

    /// The sentence, or nil when nothing was licensed. Actions without a phrase (suspensions,
    /// expiries) are not licensing work done and are left out here.
    public static func sentence(_ counts: [Count]) -> String? {
        var byKey: [String: Int] = [:]
        for count in counts { byKey["\(count.kind)|\(count.action)", default: 0] += count.count }
        let parts = phrases.compactMap { entry -> String? in
            guard let count = byKey["\(entry.kind)|\(entry.action)"], count > 0 else { return nil }
            return "\(VietnameseNumbers.count(count)) \(entry.phrase)"
        }
        guard !parts.isEmpty else { return nil }
        return "Cấp phép " + parts.joined(separator: "; ") + "."
    }
}
