/// The sections of Part I as the department's quarterly report numbers and titles them, in order.
/// Every one appears in every report: filled from the registers where the data exists, from
/// people's paragraphs where only people can write, and saying so when nothing fills it.
public enum ReportOutline {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var title: String
        /// A heading over sub-sections, with no content of its own unless someone writes some.
        public var isGroup: Bool
        /// Printed only when something fills it (the lettered sectors under 5.1).
        public var optional: Bool

        init(_ key: String, _ title: String, group: Bool = false, optional: Bool = false) {
            self.key = key
            self.title = title
            self.isGroup = group
            self.optional = optional
        }
    }

    /// Section 4's title names the decisions that set the plan; this is its start.
    public static let tableTitleStart = "Kết quả thực hiện các chỉ tiêu, nhiệm vụ được giao"

    public static let partOne: [Entry] = [
        Entry("1", "Công tác tham mưu xây dựng cơ chế, chính sách"),
        Entry("2", "Công tác tổ chức thực thi QLNN về thông tin và truyền thông", group: true),
        Entry("2.1", "Lĩnh vực thông tin - báo chí - xuất bản"),
        Entry("2.2", "Lĩnh vực bưu chính - viễn thông"),
        Entry("2.3", "Lĩnh vực công nghệ thông tin, chuyển đổi số"),
        Entry("2.4", "Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo"),
        Entry("3", "Công tác khác", group: true),
        Entry("3.1", "Công tác kế hoạch, tài chính, đầu tư xây dựng cơ bản"),
        Entry("3.2", "Công tác văn phòng"),
        Entry("3.3", "Thực hiện Chương trình MTQG Xây dựng nông thôn mới và Giảm nghèo bền vững"),
        Entry("4", tableTitleStart),
        Entry("5", "Khó khăn, hạn chế, nguyên nhân", group: true),
        Entry("5.1", "Khó khăn, hạn chế"),
        Entry("5.1.a", "Lĩnh vực Thông tin - Báo chí - Xuất bản", optional: true),
        Entry("5.1.b", "Lĩnh vực Bưu chính, Viễn thông", optional: true),
        Entry("5.1.c", "Lĩnh vực Công nghệ thông tin, chuyển đổi số", optional: true),
        Entry("5.2", "Nguyên nhân"),
        Entry("6", "Công tác QLNN, hoạt động sự nghiệp về thông tin truyền thông tại các huyện, thành phố"),
        Entry("7", "Kết quả xử lý kiến nghị của Phòng VH&TT, Trung tâm VHTT&TT các huyện, thành phố"),
        Entry(
            "8",
            "Tổng hợp khó khăn vướng mắc của cơ sở cần xin ý kiến, trao đổi tại Hội nghị giao ban quý của Sở"),
    ]

    /// Part II's key: people's paragraphs and planned activities filed under it.
    public static let partTwo = "II"

    /// Every key a paragraph may be filed under.
    public static let keys: [String] = partOne.map(\.key) + [partTwo]

    /// The printed heading: "2.1. Lĩnh vực …", and "a) Lĩnh vực …" for a lettered sub-section,
    /// lettered in the order of those printed (`letter`).
    public static func heading(key: String, title: String, letter: Character? = nil) -> String {
        if let letter { return "\(letter)) \(title)" }
        return "\(key). \(title)"
    }
}
