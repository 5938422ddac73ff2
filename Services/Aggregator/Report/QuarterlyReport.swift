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
        /// "Nơi nhận" under the text: who gets a copy. Nil in reports stored before it existed.
        public var copiesTo: [String]?
        /// "GIÁM ĐỐC", and the signer's name when the settings give one.
        public var signerTitle: String?
        public var signerName: String?
        /// A draft prints "(DỰ THẢO)" under the number; a finalised report does not.
        public var draft: Bool?

        public init(
            authority: String, department: String, number: String, placeAndDate: String, title: String,
            recipients: [String], copiesTo: [String]? = nil, signerTitle: String? = nil, signerName: String? = nil,
            draft: Bool? = nil
        ) {
            self.authority = authority
            self.department = department
            self.number = number
            self.placeAndDate = placeAndDate
            self.title = title
            self.recipients = recipients
            self.copiesTo = copiesTo
            self.signerTitle = signerTitle
            self.signerName = signerName
            self.draft = draft
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
        /// The documents and activities of the register filed under this section, as list lines.
        public var items: [String]?
        /// A heading over sub-sections ("2.", "3."): it says nothing of its own when empty.
        public var isGroup: Bool?

        public init(
            key: String, title: String, narrative: [String] = [], figures: [String] = [], unavailable: String? = nil,
            items: [String]? = nil, isGroup: Bool? = nil
        ) {
            self.key = key
            self.title = title
            self.narrative = narrative
            self.figures = figures
            self.unavailable = unavailable
            self.items = items
            self.isGroup = isGroup
        }

        /// How deep the heading sits: 1 for "2.", 2 for "2.1.", 3 for "a)".
        public var level: Int { key.split(separator: ".").count }

        /// Whether nothing at all fills it.
        public var isEmpty: Bool {
            narrative.isEmpty && figures.isEmpty && (items ?? []).isEmpty && unavailable == nil
        }

        /// What an empty section prints rather than disappearing.
        public static let nothingThisPeriod = "Trong kỳ không có nội dung báo cáo."
    }

    /// One answered recommendation, for the annex "Biểu tổng hợp trả lời kiến nghị, đề xuất".
    public struct AnswerRow: Sendable, Hashable, Codable {
        public var number: Int
        /// The district or office that sent it.
        public var unit: String
        public var topic: String
        public var content: String
        public var answer: String
        /// "06/02/2023"; empty while not answered.
        public var answeredOn: String

        public init(number: Int, unit: String, topic: String, content: String, answer: String, answeredOn: String) {
            self.number = number
            self.unit = unit
            self.topic = topic
            self.content = content
            self.answer = answer
            self.answeredOn = answeredOn
        }
    }

    /// One indicator's analysis, for the annex a report may carry: the same period last year,
    /// the share of the plan, the verdict.
    public struct AnalysisRow: Sendable, Hashable, Codable {
        public var number: Int
        public var name: String
        public var unit: String
        public var target: String
        public var samePeriodLastYear: String
        public var result: String
        public var percentOfTarget: String
        public var assessment: String
        public var note: String

        public init(
            number: Int, name: String, unit: String, target: String, samePeriodLastYear: String, result: String,
            percentOfTarget: String, assessment: String, note: String
        ) {
            self.number = number
            self.name = name
            self.unit = unit
            self.target = target
            self.samePeriodLastYear = samePeriodLastYear
            self.result = result
            self.percentOfTarget = percentOfTarget
            self.assessment = assessment
            self.note = note
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
    /// The report's year and quarter (nil in reports stored before they were recorded here).
    public var year: Int?
    public var quarter: Int?
    /// "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I/2023".
    public var partOneTitle: String
    /// Part I's sections in the department's order, each with its number ("2", "2.1", "5.1.a"). The
    /// plan's table (`kpis`, then `tasks`) prints after section ``tableSection``.
    public var sections: [Section]
    public var kpis: [KPIRow]
    public var tasks: [TaskRow]
    /// The section the table belongs to ("4"); nil in reports stored before it existed, which
    /// print it after the sections.
    public var tableSection: String?
    /// Sections after the table in reports stored before every section had its number.
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
    /// The answers to the districts' recommendations, annexed (section 7 refers to it).
    public var answers: [AnswerRow]?
    /// The analysis annex, when the report was asked for one.
    public var analysis: [AnalysisRow]?

    /// Whether every service answered.
    public var complete: Bool { unavailable.isEmpty }

    public init(
        header: Header, partOneTitle: String, sections: [Section], kpis: [KPIRow], tasks: [TaskRow],
        laterSections: [Section] = [], partTwoTitle: String, nextQuarterNarrative: [String] = [], nextQuarter: [String],
        unavailable: [String] = [], provenance: Provenance? = nil, tableSection: String? = nil,
        answers: [AnswerRow]? = nil, analysis: [AnalysisRow]? = nil
    ) {
        self.tableSection = tableSection
        self.answers = answers
        self.analysis = analysis
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
