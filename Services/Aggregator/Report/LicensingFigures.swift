import VietnameseNumbers

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

    /// The licence types in the order the department's reports take them, with the document each
    /// one is ("giấy phép ..."): publications, newsletters, websites, then printing.
    static let kinds: [(kind: String, document: String)] = [
        ("nonCommercialPublication", "giấy phép xuất bản tài liệu không kinh doanh"),
        ("newsletter", "giấy phép xuất bản bản tin địa phương"),
        ("website", "giấy phép thiết lập trang thông tin điện tử tổng hợp"),
        ("printFacilityRegistration", "đăng ký hoạt động cơ sở in"),
        ("printingPress", "giấy phép hoạt động in"),
        ("printingPublications", "giấy phép hoạt động in xuất bản phẩm"),
    ]

    /// Licensing work done (the first sentence, "Cấp phép ..."), in the seed's order within a type:
    /// how a count of the action on the document reads.
    static let licensingActions: [(action: String, phrase: @Sendable (String) -> String)] = [
        ("issue", { $0 }),
        ("changeApproved", { "văn bản chấp thuận thay đổi nội dung ghi trong \($0)" }),
        ("amend", { $0.hasPrefix("giấy phép") ? "giấy phép sửa đổi, bổ sung \($0)" : "thay đổi \($0)" }),
        ("extend", { "gia hạn \($0)" }),
        ("reissue", { "cấp lại \($0)" }),
        ("exchange", { "cấp đổi \($0)" }),
        ("changeNotified", { "xác nhận thay đổi \($0)" }),
    ]

    /// What happened to licences in force (the second sentence): suspensions, their lifting,
    /// revocations, then licences that ended by themselves.
    static let otherActions: [(action: String, phrase: @Sendable (String, String) -> String)] = [
        ("suspend", { "đình chỉ \($0) \($1)" }),
        ("liftSuspension", { "cho hoạt động trở lại \($0) \($1) sau thời hạn đình chỉ" }),
        ("revoke", { "thu hồi \($0) \($1)" }),
        ("cease", { "\($0) \($1) chấm dứt hoạt động" }),
        ("expire", { "\($0) \($1) hết hiệu lực" }),
    ]

    /// The licensing sentences, or nil when nothing happened: "Cấp phép ...; ...." for licensing
    /// work, then a sentence for suspensions, revocations and licences that ended. Every non-zero
    /// count is named; one this table has no words for (a type or action added later) is named by
    /// its codes rather than left out, so the figures always add up to the statistics.
    public static func sentence(_ counts: [Count]) -> String? {
        var byKey: [String: Int] = [:]
        for count in counts where count.count > 0 { byKey["\(count.kind)|\(count.action)", default: 0] += count.count }
        func take(_ kind: String, _ action: String) -> String? {
            guard let count = byKey.removeValue(forKey: "\(kind)|\(action)") else { return nil }
            return VietnameseNumbers.count(count)
        }
        var licensing: [String] = []
        var other: [String] = []
        for (kind, document) in kinds {
            for (action, phrase) in licensingActions {
                if let count = take(kind, action) { licensing.append("\(count) \(phrase(document))") }
            }
        }
        for (action, phrase) in otherActions {
            for (kind, document) in kinds {
                if let count = take(kind, action) { other.append(phrase(count, document)) }
            }
        }
        for (key, count) in byKey.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|")
            other.append("\(VietnameseNumbers.count(count)) (\(parts[0]), \(parts[1]))")
        }
        var sentences: [String] = []
        if !licensing.isEmpty { sentences.append("Cấp phép " + licensing.joined(separator: "; ") + ".") }
        if let first = other.first {
            let rest = [first.prefix(1).uppercased() + first.dropFirst()] + other.dropFirst()
            sentences.append(rest.joined(separator: "; ") + ".")
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }
}
