/// The report's body in reading order, as blocks every format renders in its own way: the one
/// place that decides what comes where, so HTML, Markdown and DOCX cannot drift apart.
public enum ReportLayout {
    public enum Block: Sendable, Hashable {
        /// "I. KẾT QUẢ …" (level 0), "2. …" (1), "2.1. …" (2), "a) …" (3).
        case heading(level: Int, text: String)
        case paragraph(String)
        /// A line of the register's list ("- Quyết định số …").
        case item(String)
        /// What a section prints when nothing fills it, or why a service's figures are missing.
        case remark(String)
        /// The plan's table (part I indicators, part II tasks).
        case planTable
        /// Part II's numbered tasks.
        case numbered([String])
        /// An annex's title, then its table.
        case answersAnnex(title: String)
        case analysisAnnex(title: String)
    }

    public static let answersTitle = "Biểu tổng hợp trả lời kiến nghị, đề xuất"
    public static let analysisTitle = "Phụ lục: Phân tích kết quả thực hiện các chỉ tiêu"

    public static func blocks(_ report: QuarterlyReport) -> [Block] {
        var blocks: [Block] = []
        if !report.complete {
            blocks.append(
                .remark("Báo cáo chưa đầy đủ: một số dịch vụ không trả lời khi lập báo cáo; các mục liên quan ghi rõ."))
        }
        blocks.append(.heading(level: 0, text: report.partOneTitle))
        var letters: [String: Int] = [:]
        var tablePrinted = false
        for section in report.sections {
            let parent = section.key.split(separator: ".").dropLast().joined(separator: ".")
            let lettered = section.level == 3
            var heading = ReportOutline.heading(key: section.key, title: section.title)
            if section.title.hasPrefix(section.key + ".") { heading = section.title }  // reports stored earlier
            if lettered {
                let index = letters[parent, default: 0]
                letters[parent] = index + 1
                heading = "\(Character(UnicodeScalar(UInt8(97 + min(index, 25)))))) \(section.title)"
            }
            blocks.append(.heading(level: min(section.level, 3), text: heading))
            if let unavailable = section.unavailable { blocks.append(.remark("Không có số liệu: \(unavailable).")) }
            blocks += section.narrative.map(Block.paragraph)
            blocks += section.figures.map(Block.paragraph)
            blocks += (section.items ?? []).map { .item("- " + $0) }
            let isTableSection = section.key == report.tableSection
            if isTableSection {
                blocks.append(.planTable)
                tablePrinted = true
            }
            let hasChildren = report.sections.contains { $0.key.hasPrefix(section.key + ".") }
            if section.isEmpty && !isTableSection && !(section.isGroup == true || hasChildren) {
                blocks.append(.remark(QuarterlyReport.Section.nothingThisPeriod))
            }
        }
        if !tablePrinted && (!report.kpis.isEmpty || !report.tasks.isEmpty) { blocks.append(.planTable) }
        for section in report.laterSections {
            blocks.append(.heading(level: 1, text: section.title))
            if let unavailable = section.unavailable { blocks.append(.remark("Không có số liệu: \(unavailable).")) }
            blocks += (section.narrative + section.figures).map(Block.paragraph)
        }
        blocks.append(.heading(level: 0, text: report.partTwoTitle))
        blocks += report.nextQuarterNarrative.map(Block.paragraph)
        if !report.nextQuarter.isEmpty { blocks.append(.numbered(report.nextQuarter)) }
        if report.nextQuarterNarrative.isEmpty && report.nextQuarter.isEmpty {
            blocks.append(.remark(QuarterlyReport.Section.nothingThisPeriod))
        }
        return blocks
    }

    /// The annexes after the signature, in order.
    public static func annexes(_ report: QuarterlyReport) -> [Block] {
        var blocks: [Block] = []
        if let answers = report.answers, !answers.isEmpty { blocks.append(.answersAnnex(title: answersTitle)) }
        if let analysis = report.analysis, !analysis.isEmpty { blocks.append(.analysisAnnex(title: analysisTitle)) }
        return blocks
    }

    /// The plan's table as the department prints it: five columns, part I indicators, part II tasks.
    public struct TableRow: Sendable, Hashable {
        /// A part's heading row ("I", "Chỉ tiêu") rather than a line.
        public var isPart: Bool
        public var cells: [String]
        /// Printed under the result, smaller.
        public var note: String
    }

    public static func tableHeader(year: Int?) -> [String] {
        [
            "Stt", "Chỉ tiêu, nhiệm vụ", "Đơn vị tính", year.map { "Kế hoạch năm \($0)" } ?? "Kế hoạch năm",
            "Kết quả thực hiện",
        ]
    }

    public static func tableRows(_ report: QuarterlyReport) -> [TableRow] {
        var rows: [TableRow] = []
        if !report.kpis.isEmpty {
            rows.append(TableRow(isPart: true, cells: ["I", "Chỉ tiêu", "", "", ""], note: ""))
            rows += report.kpis.map {
                TableRow(
                    isPart: false, cells: [String($0.number), $0.name, $0.unit, $0.target, $0.result], note: $0.note)
            }
        }
        if !report.tasks.isEmpty {
            rows.append(
                TableRow(
                    isPart: true,
                    cells: ["II", "Nhiệm vụ", "", "Thời gian thực hiện, hoàn thành", "Kết quả thực hiện"],
                    note: ""))
            rows += report.tasks.map {
                TableRow(isPart: false, cells: [String($0.number), $0.title, "", $0.due, $0.result], note: "")
            }
        }
        return rows
    }

    public static let answersHeader = [
        "Stt", "Đơn vị", "Lĩnh vực", "Nội dung kiến nghị, đề xuất", "Nội dung trả lời", "Ngày trả lời",
    ]

    public static func answerCells(_ row: QuarterlyReport.AnswerRow) -> [String] {
        [String(row.number), row.unit, row.topic, row.content, row.answer, row.answeredOn]
    }

    public static let analysisHeader = [
        "Stt", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm", "Cùng kỳ năm trước", "Kết quả", "% kế hoạch", "Đánh giá",
        "Ghi chú",
    ]

    public static func analysisCells(_ row: QuarterlyReport.AnalysisRow) -> [String] {
        [
            String(row.number), row.name, row.unit, row.target, row.samePeriodLastYear, row.result, row.percentOfTarget,
            row.assessment, row.note,
        ]
    }

    /// Under an annex's title: which report it belongs to, "(Kèm theo Báo cáo số      /BC-STTTT)".
    public static func annexReference(_ header: QuarterlyReport.Header) -> String {
        var number = Substring(header.number)
        if number.hasPrefix("Số:") { number = number.dropFirst(3) }
        return "(Kèm theo Báo cáo số\(number))"
    }

    /// "Số: /BC-STTTT" and, for a draft, "(DỰ THẢO)" under it.
    public static let draftMark = "(DỰ THẢO)"
}
