/// The department's quarterly report as a model, built from the services' figures and rendered
/// to the formats people read. Every figure it prints came from a service; where a service could
/// not answer, the section says so and the report is marked incomplete.
public struct QuarterlyReport: Sendable, Hashable, Codable {
    public struct Header: Sendable, Hashable, Codable {
        /// "UBND TỈNH BẮC KẠN".
        public var authority: String
        /// "SỞ THÔNG TIN VÀ TRUYỀN THÔNG".
        public var department: String
        /// "Số: /BC-STTTT" with the number left for the clerk.
        public var number: String
        /// "Bắc Kạn, ngày ... tháng ... năm 2023".
        public var placeAndDate: String
        public var title: String
        public var recipients: [String]

        public init(
            authority: String, department: String, number: String, placeAndDate: String, title: String,
            recipients: [String]
        ) {
            self.authority = authority
            self.department = department
            self.number = number
            self.placeAndDate = placeAndDate
            self.title = title
            self.recipients = recipients
        }
    }

    public struct Section: Sendable, Hashable, Codable {
        /// The section's number, which people's narratives are filed under: "2.1".
        public var key: String
        /// "2.1. Lĩnh vực thông tin - báo chí - xuất bản".
        public var title: String
        /// Written by people for this quarter, kept by the aggregator; empty when none.
        public var narrative: [String]
        /// What the data says, in sentences built from the figures.
        public var figures: [String]
        /// Set when a service the section needs did not answer: which, and why.
        public var unavailable: String?

        public init(
            key: String, title: String, narrative: [String] = [], figures: [String] = [], unavailable: String? = nil
        ) {
            self.key = key
            self.title = title
            self.narrative = narrative
            self.figures = figures
            self.unavailable = unavailable
        }
    }

    public struct KPIRow: Sendable, Hashable, Codable {
        public var number: Int
        public var name: String
        public var unit: String
        /// As the plan states it ("≥ 2" for a tier).
        public var target: String
        public var result: String
        public var percentOfTarget: String
        /// "Đạt", "Chưa đạt", "Vượt", "Chưa có số liệu".
        public var assessment: String
        public var note: String
        /// The numbers behind the text, for the chart (nil when there is none).
        public var targetValue: Double?
        public var resultValue: Double?

        public init(
            number: Int, name: String, unit: String, target: String, result: String, percentOfTarget: String,
            assessment: String, note: String, targetValue: Double? = nil, resultValue: Double? = nil
        ) {
            self.number = number
            self.name = name
            self.unit = unit
            self.target = target
            self.result = result
            self.percentOfTarget = percentOfTarget
            self.assessment = assessment
            self.note = note
            self.targetValue = targetValue
            self.resultValue = resultValue
        }
    }

    public struct TaskRow: Sendable, Hashable, Codable {
        public var number: Int
        public var title: String
        /// "Tháng 4/2023".
        public var due: String
        public var result: String

        public init(number: Int, title: String, due: String, result: String) {
            self.number = number
            self.title = title
            self.due = due
            self.result = result
        }
    }

    /// Where the figures came from and when: the one part that differs between two reports built
    /// from the same data.
    public struct Provenance: Sendable, Hashable, Codable {
        public struct Source: Sendable, Hashable, Codable {
            public var service: String
            public var version: String

            public init(service: String, version: String) {
                self.service = service
                self.version = version
            }
        }

        /// When the services were asked, in Vietnam's time: "20:15 ngày 31/03/2023".
        public var snapshotAt: String
        public var sources: [Source]

        public init(snapshotAt: String, sources: [Source]) {
            self.snapshotAt = snapshotAt
            self.sources = sources
        }

        /// The footer line every format prints.
        public var sentence: String {
            let from = sources.map { $0.version.isEmpty ? $0.service : "\($0.service) \($0.version)" }
            return "Số liệu tổng hợp tự động từ \(from.joined(separator: ", ")) lúc \(snapshotAt)."
        }
    }

    public var header: Header
    /// "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2023".
    public var partOneTitle: String
    /// Part I's sections, in order.
    public var sections: [Section]
    public var kpis: [KPIRow]
    public var tasks: [TaskRow]
    /// Part I's sections after the tables: "5. Khó khăn, hạn chế, nguyên nhân", the districts'
    /// recommendations.
    public var laterSections: [Section]
    /// "II. NHIỆM VỤ CÔNG TÁC TRỌNG TÂM QUÝ II NĂM 2023".
    public var partTwoTitle: String
    /// Part II: what people wrote, then the next quarter's tasks from the task register.
    public var nextQuarterNarrative: [String]
    public var nextQuarter: [String]
    /// Each service that did not answer, and why: "dic-telecom không trả lời (...)". Empty when the
    /// report is complete.
    public var unavailable: [String]
    public var provenance: Provenance?

    /// Whether every service answered.
    public var complete: Bool { unavailable.isEmpty }

    public init(
        header: Header, partOneTitle: String, sections: [Section], kpis: [KPIRow], tasks: [TaskRow],
        laterSections: [Section] = [], partTwoTitle: String, nextQuarterNarrative: [String] = [], nextQuarter: [String],
        unavailable: [String] = [], provenance: Provenance? = nil
    ) {
        self.header = header
        self.partOneTitle = partOneTitle
        self.sections = sections
        self.kpis = kpis
        self.tasks = tasks
        self.laterSections = laterSections
        self.partTwoTitle = partTwoTitle
        self.nextQuarterNarrative = nextQuarterNarrative
        self.nextQuarter = nextQuarter
        self.unavailable = unavailable
        self.provenance = provenance
    }
}
