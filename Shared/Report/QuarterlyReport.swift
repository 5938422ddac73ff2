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
        /// "2.1. Lĩnh vực thông tin - báo chí - xuất bản".
        public var title: String
        /// Written by people for this quarter, kept by the aggregator; empty when none.
        public var narrative: [String]
        /// What the data says, in sentences built from the figures.
        public var figures: [String]
        /// Set when a service the section needs did not answer: which, and why.
        public var unavailable: String?

        public init(title: String, narrative: [String] = [], figures: [String] = [], unavailable: String? = nil) {
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

    public var header: Header
    public var sections: [Section]
    public var kpis: [KPIRow]
    public var tasks: [TaskRow]
    /// Part II: the next quarter's tasks.
    public var nextQuarter: [String]
    /// False when any service did not answer.
    public var complete: Bool

    public init(
        header: Header, sections: [Section], kpis: [KPIRow], tasks: [TaskRow], nextQuarter: [String], complete: Bool
    ) {
        self.header = header
        self.sections = sections
        self.kpis = kpis
        self.tasks = tasks
        self.nextQuarter = nextQuarter
        self.complete = complete
    }
}
