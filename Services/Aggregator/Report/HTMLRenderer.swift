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
            <td><div>\(e(h.authority))</div><div class="strong">\(e(h.department))</div><div class="rule"></div><div class="number">\(e(h.number))</div>\
            \(h.draft == true ? "<div class=\"draft\">\(ReportLayout.draftMark)</div>" : "")</td>
            <td><div class="strong">CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="strong">Độc lập - Tự do - Hạnh phúc</div><div class="rule"></div>\
            <div class="place">\(e(h.placeAndDate))</div></td>
            </tr></table></header>
            <h1>BÁO CÁO</h1><p class="title">\(e(h.title))</p>
            """)
        if !h.recipients.isEmpty {
            body.append(
                "<div class=\"recipients\">Kính gửi:<ul>" + h.recipients.map { "<li>\(e($0))</li>" }.joined()
                    + "</ul></div>")
        }
        var openList = false
        for block in ReportLayout.blocks(report) {
            if case .item = block {
            } else if openList {
                body.append("</ul>")
                openList = false
            }
            switch block {
            case .heading(let level, let text):
                body.append("<h\(level + 2) class=\"l\(level)\">\(e(text))</h\(level + 2)>")
            case .paragraph(let text): body.append("<p>\(e(text))</p>")
            case .item(let text):
                if !openList {
                    body.append("<ul class=\"register\">")
                    openList = true
                }
                body.append("<li>\(e(text))</li>")
            case .remark(let text): body.append("<p class=\"remark\">\(e(text))</p>")
            case .planTable: body += planTable(report)
            case .numbered(let lines): body.append("<ol>" + lines.map { "<li>\(e($0))</li>" }.joined() + "</ol>")
            case .answersAnnex, .analysisAnnex: break
            }
        }
        if openList { body.append("</ul>") }
        body.append(signature(h))
        for block in ReportLayout.annexes(report) {
            switch block {
            case .answersAnnex(let title):
                body.append(
                    "<section class=\"annex\"><h2>\(e(title))</h2>"
                        + "<p class=\"ref\">\(e(ReportLayout.annexReference(h)))</p>")
                body.append(
                    grid(
                        id: "answers", header: ReportLayout.answersHeader,
                        rows: (report.answers ?? []).map(ReportLayout.answerCells)))
                body.append("</section>")
            case .analysisAnnex(let title):
                body.append(
                    "<section class=\"annex\"><h2>\(e(title))</h2>"
                        + "<p class=\"ref\">\(e(ReportLayout.annexReference(h)))</p>")
                body.append(
                    grid(
                        id: "analysis", header: ReportLayout.analysisHeader,
                        rows: (report.analysis ?? []).map(ReportLayout.analysisCells)))
                body.append(chart(report.kpis))
                body.append("</section>")
            default: break
            }
        }
        if let provenance = report.provenance {
            body.append("<footer><p class=\"provenance\">\(e(provenance.sentence))</p></footer>")
        }
        return """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><title>\(e(h.title))</title>
            <style>
            @page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }
            body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 13pt; line-height: 1.4; margin: 0 auto; max-width: 17cm; }
            .letterhead { width: 100%; border: none; } .letterhead td { text-align: center; vertical-align: top; }
            .letterhead td:first-child { width: 42%; } .rule { width: 35%; margin: 2px auto 6px; border-top: 1px solid #000; }
            .strong { font-weight: bold; } .place { font-style: italic; margin-top: 0.5em; } .draft { font-weight: bold; margin-top: 0.3em; }
            h1 { text-align: center; font-size: 14pt; margin: 1em 0 0; } .title { text-align: center; font-weight: bold; margin-top: 0; text-indent: 0; }
            .recipients { text-align: center; } .recipients ul { list-style: none; display: inline-block; vertical-align: top; text-align: left; margin: 0; padding-left: 0.5em; }
            .number, .place { white-space: pre; }
            h2, h3, h4, h5 { font-size: 13pt; margin: 0.6em 0 0.2em; text-align: justify; }
            h2.l0 { text-transform: none; } h3.l1 { text-indent: 1cm; } h4.l2 { text-indent: 1cm; } h5.l3 { text-indent: 1cm; font-style: italic; }
            p { text-align: justify; text-indent: 1cm; margin: 0.3em 0; }
            ul.register { list-style: none; margin: 0; padding: 0; } ul.register li { text-indent: 1cm; text-align: justify; }
            .remark { font-style: italic; } .incomplete, .unavailable { color: #8a1c1c; font-style: italic; }
            .signature { width: 100%; margin-top: 1.5em; border: none; } .signature td { vertical-align: top; width: 50%; }
            .signature .to { font-size: 11pt; } .signature .to b { font-style: italic; font-size: 12pt; }
            .signature .signer { text-align: center; font-weight: bold; } .signature .name { margin-top: 4em; }
            .annex { page-break-before: always; } .annex h2 { text-align: center; margin-bottom: 0; }
            .annex .ref { text-align: center; font-style: italic; text-indent: 0; }
            .provenance { font-size: 10pt; font-style: italic; text-indent: 0; border-top: 1px solid #999; margin-top: 2em; padding-top: 0.3em; }
            table.grid { border-collapse: collapse; width: 100%; font-size: 12pt; page-break-inside: auto; }
            table.grid th, table.grid td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
            table.grid tr { page-break-inside: avoid; } table.grid td.c { text-align: center; } table.grid tr.part td { font-weight: bold; }
            table.grid .note { font-size: 10pt; font-style: italic; }
            svg { display: block; margin: 1em auto; max-width: 100%; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// The plan's table: five columns, part I indicators then part II tasks.
    static func planTable(_ report: QuarterlyReport) -> [String] {
        var lines = [
            "<table id=\"kpi\" class=\"grid\"><thead><tr>"
                + ReportLayout.tableHeader(year: report.year).map { "<th>\(e($0))</th>" }.joined()
                + "</tr></thead><tbody>"
        ]
        for row in ReportLayout.tableRows(report) {
            let c = row.cells
            let note = row.note.isEmpty ? "" : "<div class=\"note\">\(e(row.note))</div>"
            lines.append(
                "<tr\(row.isPart ? " class=\"part\"" : "")><td class=\"c\">\(e(c[0]))</td><td>\(e(c[1]))</td>"
                    + "<td class=\"c\">\(e(c[2]))</td><td class=\"c\">\(e(c[3]))</td><td class=\"c\">\(e(c[4]))\(note)</td></tr>"
            )
        }
        lines.append("</tbody></table>")
        return lines
    }

    static func grid(id: String, header: [String], rows: [[String]]) -> String {
        "<table id=\"\(id)\" class=\"grid\"><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined()
            + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
    }

    /// "Nơi nhận" on the left, the signer on the right.
    static func signature(_ h: QuarterlyReport.Header) -> String {
        let copies = (h.copiesTo ?? []).map { "<div>- \(e($0))</div>" }.joined()
        return "<table class=\"signature\"><tr><td class=\"to\"><b>Nơi nhận:</b>\(copies)</td>"
            + "<td class=\"signer\"><div>\(e(h.signerTitle ?? ""))</div><div class=\"name\">\(e(h.signerName ?? ""))</div></td></tr></table>"
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
