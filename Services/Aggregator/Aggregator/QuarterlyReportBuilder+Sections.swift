import CalendarDates
import Report
import VietnameseNumbers

extension QuarterlyReportBuilder {
    /// What the office's own registers hold for a report: read by the provider from its store,
    /// passed in so that building stays a matter of calls and words.
    public struct Office: Sendable {
        /// Documents and activities: the quarter's, the next quarter's planned ones, and the ones
        /// the plan's decisions may name.
        public var documents: [DocumentEntry]
        /// The districts' activities and difficulties for the quarter.
        public var districtEntries: [DistrictEntry]
        /// Administrative units' names by code, for the districts' entries and recommendations.
        public var unitNames: [String: String]

        public init(
            documents: [DocumentEntry] = [], districtEntries: [DistrictEntry] = [], unitNames: [String: String] = [:]
        ) {
            self.documents = documents
            self.districtEntries = districtEntries
            self.unitNames = unitNames
        }
    }

    /// One recommendation as section 7 and its annex need it.
    struct Answered: Sendable, Hashable {
        var receivedOn: CalendarDate?
        var unitCode: String
        var topic: String
        var content: String
        var answer: String
        var answeredOn: CalendarDate?
    }

    /// Section 4's title: the decisions that set the plan, cited from the register when it holds
    /// them ("Quyết định số 2388/QĐ-UBND ngày 10/12/2022 của UBND tỉnh về việc …").
    static func tableTitle(decisions: [String], register: [DocumentEntry]) -> String {
        guard !decisions.isEmpty else { return ReportOutline.tableTitleStart }
        let cited = decisions.map { number in
            register.first { $0.number == number }?.citation ?? "Quyết định số \(number)"
        }
        return ReportOutline.tableTitleStart + " tại " + cited.joined(separator: " và ")
    }

    /// The decision numbers a target names: "2388/QĐ-UBND, 2519/QĐ-UBND" -> both, in order.
    static func decisionNumbers(_ texts: [String]) -> [String] {
        var seen: [String] = []
        for text in texts {
            for part in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let number = String(part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
                if !number.isEmpty, !seen.contains(number) { seen.append(number) }
            }
        }
        return seen
    }

    /// Section 6: what each district reported doing, a paragraph per district in the order they
    /// were registered.
    static func districtActivities(_ entries: [DistrictEntry], names: [String: String]) -> [String] {
        var order: [String] = []
        var byUnit: [String: [String]] = [:]
        for entry in entries where entry.kind == .activity {
            if byUnit[entry.unitCode] == nil { order.append(entry.unitCode) }
            byUnit[entry.unitCode, default: []].append(Self.sentenceBody(entry.content))
        }
        return order.map { unit in
            "\(names[unit] ?? unit): " + (byUnit[unit] ?? []).joined(separator: "; ") + "."
        }
    }

    /// Section 8: how many difficulties the districts raised, and in which fields.
    static func difficultiesSentence(_ entries: [DistrictEntry], quarterName: String) -> [String] {
        let difficulties = entries.filter { $0.kind == .difficulty }
        guard !difficulties.isEmpty else { return [] }
        var order: [String] = []
        var counts: [String: Int] = [:]
        for entry in difficulties {
            let field = entry.field.isEmpty ? "lĩnh vực khác" : entry.field
            if counts[field] == nil { order.append(field) }
            counts[field, default: 0] += 1
        }
        let fields = order.map { "\(VietnameseNumbers.count(counts[$0] ?? 0)) nội dung về \($0)" }
        return [
            "Căn cứ báo cáo của Phòng VHTT các huyện, thành phố gửi về, Văn phòng Sở đã tổng hợp thành "
                + "\(VietnameseNumbers.count(difficulties.count)) nội dung khó khăn, vướng mắc của cơ sở trong công tác "
                + "quản lý nhà nước tại địa phương (" + fields.joined(separator: "; ") + "). Các khó khăn, vướng mắc "
                + "này được gửi tới các đơn vị chuyên môn thuộc Sở để nghiên cứu, trả lời và đưa ra trao đổi, thảo luận "
                + "tại Hội nghị giao ban \(quarterName) của Sở."
        ]
    }

    /// Section 7: the recommendations received in the quarter, answered or not, counted by topic in
    /// the order topics first came in.
    static func recommendationsSentence(_ list: [Answered], quarterName: String) -> [String] {
        guard !list.isEmpty else { return [] }
        var order: [String] = []
        var counts: [String: Int] = [:]
        for item in list {
            if counts[item.topic] == nil { order.append(item.topic) }
            counts[item.topic, default: 0] += 1
        }
        let answered = list.filter { $0.answeredOn != nil }.count
        let received = VietnameseNumbers.count(list.count)
        let opening =
            answered == list.count
            ? "Trong \(quarterName), Sở đã tiếp nhận và trả lời \(received) kiến nghị, đề xuất"
            : "Trong \(quarterName), Sở đã tiếp nhận \(received) kiến nghị, đề xuất"
        var sentence =
            opening + " từ Phòng VH&TT, Trung tâm VHTT&TT các huyện, thành phố "
            + "(có Biểu tổng hợp trả lời kiến nghị, đề xuất gửi kèm Báo cáo)"
        if answered < list.count {
            sentence +=
                "; đã trả lời \(VietnameseNumbers.count(answered)), "
                + "đang xem xét, trả lời \(VietnameseNumbers.count(list.count - answered))"
        }
        sentence +=
            ". Trong đó, có "
            + order.map { "\(VietnameseNumbers.count(counts[$0] ?? 0)) kiến nghị về \($0)" }.joined(separator: "; ")
            + "."
        return [sentence]
    }

    /// The annex rows, in the order received.
    static func answerRows(_ list: [Answered], names: [String: String]) -> [QuarterlyReport.AnswerRow] {
        list.enumerated().map { index, item in
            QuarterlyReport.AnswerRow(
                number: index + 1, unit: names[item.unitCode] ?? item.unitCode, topic: item.topic,
                content: item.content, answer: item.answer,
                answeredOn: item.answeredOn.map(DocumentEntry.slashed) ?? "")
        }
    }

    /// One field's inspections and sanctions in the quarter.
    struct Enforcement: Sendable, Hashable {
        var field: String
        var inspections = 0
        var sanctions = 0
        var fines: Int64 = 0
    }

    /// Section 2.4's figures: inspections, sanctions and fines in the quarter, by field.
    static func enforcementSentence(_ tallies: [Enforcement]) -> [String] {
        let inspections = tallies.reduce(0) { $0 + $1.inspections }
        let sanctions = tallies.reduce(0) { $0 + $1.sanctions }
        let fines = tallies.reduce(Int64(0)) { $0 + $1.fines }
        guard inspections + sanctions > 0 else { return [] }
        func byField(_ value: (Enforcement) -> Int) -> String {
            let parts = tallies.filter { value($0) > 0 }.map { "\($0.field): \(VietnameseNumbers.count(value($0)))" }
            return parts.count > 1 ? " (" + parts.joined(separator: "; ") + ")" : ""
        }
        var parts: [String] = []
        if inspections > 0 {
            parts.append(
                "Tổ chức \(VietnameseNumbers.count(inspections)) cuộc thanh tra, kiểm tra" + byField { $0.inspections })
        }
        if sanctions > 0 {
            var text =
                "ban hành \(VietnameseNumbers.count(sanctions)) quyết định xử phạt vi phạm hành chính"
                + byField { $0.sanctions }
            if fines > 0 { text += ", tổng số tiền phạt \(VietnameseNumbers.grouped(Int(fines))) đồng" }
            parts.append(text)
        }
        let sentence = parts.joined(separator: "; ") + "."
        return [sentence.prefix(1).uppercased() + sentence.dropFirst()]
    }

    /// A register line as a list item: no full stop of its own, the list punctuates.
    static func sentenceBody(_ text: String) -> String {
        var body = Substring(text)
        while let last = body.last, last == "." || last == ";" || last == " " { body = body.dropLast() }
        return String(body)
    }

    /// The lettered sector of 5.1 an indicator or task belongs to.
    static func difficultySector(externalCode: String?) -> String {
        guard let code = externalCode else { return "5.1.c" }
        return isGrassrootsRadio(code) ? "5.1.a" : "5.1.b"
    }
}
