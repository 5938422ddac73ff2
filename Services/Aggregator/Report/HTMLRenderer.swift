/// The report as one self-contained HTML page that prints on A4 as an administrative document
/// does (Times New Roman, 2 cm margins), with the plan-against-result chart as inline SVG. No
/// script, no external file: the same report gives the same bytes.
public enum HTMLRenderer {
    public static func render(_ report: QuarterlyReport) -> String {
        let h = report.header
        var body: [String] = []
        body.append(
            """
            <header><table class="letterhead"><tr>
            <td><div>\(e(h.authority))</div><div class="strong">\(e(h.department))</div><div>\(e(h.number))</div></td>
            <td><div class="strong">CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="strong">Độc lập - Tự do - Hạnh phúc</div>\
            <div class="place">\(e(h.placeAndDate))</div></td>
            </tr></table></header>
            <h1>BÁO CÁO</h1><p class="title">\(e(h.title))</p>
            """)
        if !h.recipients.isEmpty {
            body.append(
                "<div class=\"recipients\">Kính gửi:<ul>" + h.recipients.map { "<li>\(e($0))</li>" }.joined()
                    + "</ul></div>")
        }
        if !report.complete {
            body.append(
                "<p class=\"incomplete\">Báo cáo chưa đầy đủ: một số dịch vụ không trả lời khi lập báo cáo; các mục liên quan ghi rõ.</p>"
            )
        }
        body.append("<h2>\(e(report.partOneTitle))</h2>")
        for section in report.sections { body += Self.section(section) }
        if !report.kpis.isEmpty {
            body.append("<h3>Kết quả thực hiện các chỉ tiêu</h3>")
            body.append(
                "<table id=\"kpi\" class=\"grid\"><thead><tr><th>Stt</th><th>Chỉ tiêu</th><th>Đơn vị tính</th>"
                    + "<th>Kế hoạch năm</th><th>Kết quả</th><th>% kế hoạch</th><th>Đánh giá</th><th>Ghi chú</th></tr></thead><tbody>"
            )
            for row in report.kpis {
                body.append(
                    "<tr><td class=\"n\">\(row.number)</td><td>\(e(row.name))</td><td>\(e(row.unit))</td>"
                        + "<td class=\"n\">\(e(row.target))</td><td class=\"n\">\(e(row.result))</td>"
                        + "<td class=\"n\">\(e(row.percentOfTarget))</td><td>\(e(row.assessment))</td><td>\(e(row.note))</td></tr>"
                )
            }
            body.append("</tbody></table>")
            body.append(chart(report.kpis))
        }
        if !report.tasks.isEmpty {
            body.append(
                "<h3>Nhiệm vụ</h3><table id=\"tasks\" class=\"grid\"><thead><tr><th>Stt</th><th>Nhiệm vụ</th>"
                    + "<th>Thời gian thực hiện, hoàn thành</th><th>Kết quả thực hiện</th></tr></thead><tbody>")
            for row in report.tasks {
                body.append(
                    "<tr><td class=\"n\">\(row.number)</td><td>\(e(row.title))</td><td>\(e(row.due))</td><td>\(e(row.result))</td></tr>"
                )
            }
            body.append("</tbody></table>")
        }
        for section in report.laterSections { body += Self.section(section) }
        body.append("<h2>\(e(report.partTwoTitle))</h2>")
        for paragraph in report.nextQuarterNarrative { body.append("<p>\(e(paragraph))</p>") }
        body.append("<ol>" + report.nextQuarter.map { "<li>\(e($0))</li>" }.joined() + "</ol>")
        if let provenance = report.provenance {
            body.append("<footer><p class=\"provenance\">\(e(provenance.sentence))</p></footer>")
        }
        return """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><title>\(e(h.title))</title>
            <style>
            @page { size: A4; margin: 2cm 2cm 2cm 3cm; }
            body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; line-height: 1.4; margin: 0 auto; max-width: 17cm; }
            .letterhead { width: 100%; border: none; } .letterhead td { text-align: center; vertical-align: top; width: 50%; }
            .strong { font-weight: bold; } .place { font-style: italic; margin-top: 0.5em; }
            h1 { text-align: center; font-size: 14pt; margin: 1em 0 0; } .title { text-align: center; font-weight: bold; margin-top: 0; }
            h2 { font-size: 13pt; } h3 { font-size: 13pt; font-style: italic; }
            p { text-align: justify; text-indent: 1cm; margin: 0.3em 0; }
            .incomplete, .unavailable { color: #8a1c1c; font-style: italic; text-indent: 0; }
            .provenance { font-size: 10pt; font-style: italic; text-indent: 0; border-top: 1px solid #999; margin-top: 2em; padding-top: 0.3em; }
            table.grid { border-collapse: collapse; width: 100%; font-size: 11pt; page-break-inside: auto; }
            table.grid th, table.grid td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
            table.grid tr { page-break-inside: avoid; } td.n { text-align: right; white-space: nowrap; }
            svg { display: block; margin: 1em auto; max-width: 100%; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    static func section(_ section: QuarterlyReport.Section) -> [String] {
        var lines = ["<h3>\(e(section.title))</h3>"]
        if let unavailable = section.unavailable {
            lines.append("<p class=\"unavailable\">Không có số liệu: \(e(unavailable)).</p>")
        }
        for paragraph in section.narrative + section.figures { lines.append("<p>\(e(paragraph))</p>") }
        return lines
    }

    /// Target against result for the percentage indicators that have both, as horizontal bars.
    static func chart(_ rows: [QuarterlyReport.KPIRow]) -> String {
        let shown = rows.filter { $0.unit == "%" && $0.targetValue != nil }
        guard !shown.isEmpty else { return "" }
        let rowHeight = 26
        let left = 40
        let width = 600
        let scale = Double(width - left - 60) / 100
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Kế hoạch và kết quả các chỉ tiêu tỷ lệ\" "
                + "width=\"\(width)\" height=\"\(shown.count * rowHeight + 30)\" viewBox=\"0 0 \(width) \(shown.count * rowHeight + 30)\" "
                + "font-family=\"Times New Roman, serif\" font-size=\"11\">"
        ]
        for (index, row) in shown.enumerated() {
            let y = index * rowHeight + 4
            let target = min(100, max(0, row.targetValue ?? 0))
            parts.append("<text x=\"0\" y=\"\(y + 14)\">\(row.number)</text>")
            parts.append(
                "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(fixed(target * scale))\" height=\"9\" fill=\"#bbbbbb\"/>")
            if let result = row.resultValue {
                let clamped = min(100, max(0, result))
                parts.append(
                    "<rect x=\"\(left)\" y=\"\(y + 10)\" width=\"\(fixed(clamped * scale))\" height=\"9\" fill=\"#1f4e79\"/>"
                )
                parts.append("<text x=\"\(left + Int(clamped * scale) + 4)\" y=\"\(y + 18)\">\(e(row.result))%</text>")
            } else {
                parts.append("<text x=\"\(left + 4)\" y=\"\(y + 18)\">\(e(row.result))</text>")
            }
        }
        let legendY = shown.count * rowHeight + 20
        parts.append("<rect x=\"\(left)\" y=\"\(legendY - 8)\" width=\"10\" height=\"8\" fill=\"#bbbbbb\"/>")
        parts.append("<text x=\"\(left + 14)\" y=\"\(legendY)\">Kế hoạch năm</text>")
        parts.append("<rect x=\"\(left + 110)\" y=\"\(legendY - 8)\" width=\"10\" height=\"8\" fill=\"#1f4e79\"/>")
        parts.append("<text x=\"\(left + 124)\" y=\"\(legendY)\">Kết quả</text>")
        parts.append("</svg>")
        return parts.joined()
    }

    static func fixed(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Text as HTML: the five characters that mean something there, escaped.
    static func e(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
