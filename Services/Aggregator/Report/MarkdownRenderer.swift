/// The report as Markdown: the header, Part I by section, the KPI and task tables, difficulties,
/// Part II. The same report gives the same text, byte for byte.
public enum MarkdownRenderer {
    public static func render(_ report: QuarterlyReport) -> String {
        var lines: [String] = []
        let header = report.header
        lines += ["**\(header.authority)**  ", "**\(header.department)**  ", header.number, ""]
        lines += ["**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ", "**Độc lập - Tự do - Hạnh phúc**", ""]
        lines += ["*\(header.placeAndDate)*", "", "# BÁO CÁO", "", "## \(header.title)", ""]
        if !header.recipients.isEmpty {
            lines.append("Kính gửi:")
            lines += header.recipients.map { "- \($0)" }
            lines.append("")
        }
        if !report.complete {
            lines += [
                "> **Báo cáo chưa đầy đủ:** một số dịch vụ không trả lời khi lập báo cáo; các mục liên quan ghi rõ.",
                "",
            ]
        }
        lines += ["## \(report.partOneTitle)", ""]
        for section in report.sections { lines += Self.section(section) }
        if !report.kpis.isEmpty {
            lines += ["### Kết quả thực hiện các chỉ tiêu", ""]
            lines.append("| Stt | Chỉ tiêu | Đơn vị tính | Kế hoạch năm | Kết quả | % kế hoạch | Đánh giá | Ghi chú |")
            lines.append("| ---: | --- | --- | ---: | ---: | ---: | --- | --- |")
            for row in report.kpis {
                lines.append(
                    "| \(row.number) | \(cell(row.name)) | \(cell(row.unit)) | \(row.target) | \(cell(row.result)) | "
                        + "\(row.percentOfTarget) | \(row.assessment) | \(cell(row.note)) |")
            }
            lines.append("")
        }
        if !report.tasks.isEmpty {
            lines += ["### Nhiệm vụ", ""]
            lines.append("| Stt | Nhiệm vụ | Thời gian thực hiện, hoàn thành | Kết quả thực hiện |")
            lines.append("| ---: | --- | --- | --- |")
            for row in report.tasks {
                lines.append("| \(row.number) | \(cell(row.title)) | \(cell(row.due)) | \(cell(row.result)) |")
            }
            lines.append("")
        }
        for section in report.laterSections { lines += Self.section(section) }
        lines += ["## \(report.partTwoTitle)", ""]
        for paragraph in report.nextQuarterNarrative { lines += [paragraph, ""] }
        for (index, task) in report.nextQuarter.enumerated() { lines.append("\(index + 1). \(task)") }
        if let provenance = report.provenance { lines += ["", "---", "", "*\(provenance.sentence)*"] }
        return lines.joined(separator: "\n") + "\n"
    }

    static func section(_ section: QuarterlyReport.Section) -> [String] {
        var lines = ["### \(section.title)", ""]
        if let unavailable = section.unavailable {
            lines += ["*Không có số liệu: \(unavailable).*", ""]
        }
        for paragraph in section.narrative + section.figures { lines += [paragraph, ""] }
        return lines
    }

    /// Table cells may not hold a pipe or a line break.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
