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
        if header.draft == true { lines.insert(contentsOf: [ReportLayout.draftMark, ""], at: 4) }
        for block in ReportLayout.blocks(report) {
            switch block {
            case .heading(let level, let text): lines += [String(repeating: "#", count: level + 2) + " " + text, ""]
            case .paragraph(let text): lines += [text, ""]
            case .item(let text): lines += [cell(text), ""]
            case .remark(let text): lines += ["*\(text)*", ""]
            case .planTable:
                lines.append("| " + ReportLayout.tableHeader(year: report.year).joined(separator: " | ") + " |")
                lines.append("| :---: | --- | :---: | :---: | :---: |")
                for row in ReportLayout.tableRows(report) {
                    var cells = row.cells.map(cell)
                    if row.isPart { cells = cells.map { $0.isEmpty ? "" : "**\($0)**" } }
                    if !row.note.isEmpty { cells[4] += " (\(cell(row.note)))" }
                    lines.append("| " + cells.joined(separator: " | ") + " |")
                }
                lines.append("")
            case .numbered(let items):
                for (index, item) in items.enumerated() { lines.append("\(index + 1). \(item)") }
                lines.append("")
            case .answersAnnex, .analysisAnnex: break
            }
        }
        lines += ["**Nơi nhận:**  "] + (header.copiesTo ?? []).map { "- \($0)" }
        lines += ["", "**\(header.signerTitle ?? "")**", ""]
        if let name = header.signerName, !name.isEmpty { lines += ["**\(name)**", ""] }
        for block in ReportLayout.annexes(report) {
            switch block {
            case .answersAnnex(let title):
                lines +=
                    ["## \(title)", "", "*\(ReportLayout.annexReference(header))*", ""]
                    + table(ReportLayout.answersHeader, (report.answers ?? []).map(ReportLayout.answerCells))
            case .analysisAnnex(let title):
                lines +=
                    ["## \(title)", "", "*\(ReportLayout.annexReference(header))*", ""]
                    + table(ReportLayout.analysisHeader, (report.analysis ?? []).map(ReportLayout.analysisCells))
            default: break
            }
        }
        if let provenance = report.provenance { lines += ["---", "", "*\(provenance.sentence)*"] }
        return lines.joined(separator: "\n") + "\n"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: header.count)]
            + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" } + [""]
    }

    /// Table cells may not hold a pipe or a line break.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
