import Foundation
import ZIPFoundation

/// The report as the department files it: a WordprocessingML document on A4 with the margins,
/// font and layout of Decree 30/2020/NĐ-CP (Times New Roman 13-14, the two-column letterhead, the
/// number line, "Kính gửi", numbered headings, the tables, "Nơi nhận" and the signature block).
/// Written as XML parts zipped by ZIPFoundation; the same report gives the same bytes.
public enum DOCXRenderer {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func render(_ report: QuarterlyReport) throws -> [UInt8] {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", core(title: report.header.title)),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", styles),
            ("word/settings.xml", settings),
            ("word/document.xml", document(report)),
        ]
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw Failure(description: "cannot open an archive in memory: \(error)")
        }
        // A fixed date: the same report, the same bytes.
        let fixed = Date(timeIntervalSince1970: 1_672_531_200)
        for (path, text) in parts {
            let data = Data(text.utf8)
            do {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixed,
                    compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                throw Failure(description: "cannot add \(path): \(error)")
            }
        }
        guard let data = archive.data else { throw Failure(description: "the archive has no data") }
        return Array(data)
    }

    // MARK: The document

    static func document(_ report: QuarterlyReport) -> String {
        let h = report.header
        var body: [String] = []
        body.append(letterhead(h))
        body.append(paragraph([run("BÁO CÁO", bold: true, size: 28)], align: "center", before: 240))
        body.append(paragraph([run(h.title, bold: true, size: 28)], align: "center", after: 240))
        if !h.recipients.isEmpty {
            // "Kính gửi:" then the recipients, one per line, aligned under each other.
            for (index, recipient) in h.recipients.enumerated() {
                let label = index == 0 ? "Kính gửi: " : ""
                body.append(
                    paragraph(
                        [run(label), run("- " + recipient)], align: "left", indentLeft: index == 0 ? 1701 : 2835,
                        hanging: index == 0 ? 1134 : 0, after: 0))
            }
            body.append(paragraph([], after: 120))
        }
        for block in ReportLayout.blocks(report) {
            switch block {
            case .heading(let level, let text):
                body.append(
                    paragraph(
                        [run(text, bold: level <= 2, italic: level == 3)], style: "Heading\(min(level + 1, 4))",
                        align: level == 0 ? "left" : "both", firstLine: level == 0 ? 0 : 567))
            case .paragraph(let text): body.append(paragraph([run(text)], firstLine: 567))
            case .item(let text): body.append(paragraph([run(text)], firstLine: 567))
            case .remark(let text): body.append(paragraph([run(text, italic: true)], firstLine: 567))
            case .planTable: body.append(planTable(report))
            case .numbered(let lines):
                for (index, line) in lines.enumerated() {
                    body.append(paragraph([run("\(index + 1). " + line)], firstLine: 567))
                }
            case .answersAnnex, .analysisAnnex: break
            }
        }
        body.append(signature(h))
        for block in ReportLayout.annexes(report) {
            switch block {
            case .answersAnnex(let title):
                body.append(pageBreak)
                body.append(
                    paragraph([run(title.uppercased(), bold: true)], style: "Heading1", align: "center", after: 0))
                body.append(paragraph([run(ReportLayout.annexReference(h), italic: true)], align: "center"))
                body.append(
                    grid(
                        header: ReportLayout.answersHeader, rows: (report.answers ?? []).map(ReportLayout.answerCells),
                        widths: [450, 1250, 1300, 2500, 2550, 1300]))
            case .analysisAnnex(let title):
                body.append(pageBreak)
                body.append(
                    paragraph([run(title.uppercased(), bold: true)], style: "Heading1", align: "center", after: 0))
                body.append(paragraph([run(ReportLayout.annexReference(h), italic: true)], align: "center"))
                body.append(
                    grid(
                        header: ReportLayout.analysisHeader,
                        rows: (report.analysis ?? []).map(ReportLayout.analysisCells),
                        widths: [450, 2600, 800, 900, 900, 900, 900, 900, 1050]))
            default: break
            }
        }
        if let provenance = report.provenance {
            body.append(paragraph([run(provenance.sentence, italic: true, size: 20)], before: 240))
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(ns)"><w:body>\(body.joined())\
            <w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>\
            </w:sectPr></w:body></w:document>
            """
    }

    /// The two columns: authority and department, the number (and "DỰ THẢO" for a draft); the
    /// national title, the motto and the place and date.
    static func letterhead(_ h: QuarterlyReport.Header) -> String {
        var left = [
            paragraph([run(h.authority, size: 24)], align: "center", after: 0),
            paragraph([run(h.department, bold: true, size: 24)], align: "center", after: 0),
            rule(indent: 1300),
            paragraph([run(h.number, size: 26)], align: "center", before: 120, after: 0),
        ]
        if h.draft == true {
            left.append(paragraph([run(ReportLayout.draftMark, bold: true, size: 26)], align: "center", after: 0))
        }
        let right = [
            paragraph([run("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 24)], align: "center", after: 0),
            paragraph([run("Độc lập - Tự do - Hạnh phúc", bold: true, size: 26)], align: "center", after: 0),
            rule(indent: 1150),
            paragraph([run(h.placeAndDate, italic: true, size: 26)], align: "center", before: 120, after: 0),
        ]
        return table(rows: [[left.joined(), right.joined()]], widths: [4100, 5254], borders: false, margins: 0)
    }

    /// The short line under the department's name and under the motto: an empty paragraph's
    /// bottom border, indented from both sides.
    static func rule(indent: Int) -> String {
        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>"
            + "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"60\" w:lineRule=\"exact\"/>"
            + "<w:ind w:left=\"\(indent)\" w:right=\"\(indent)\"/></w:pPr></w:p>"
    }

    /// "Nơi nhận" on the left, the signer's title and name on the right.
    static func signature(_ h: QuarterlyReport.Header) -> String {
        var left = [paragraph([run("Nơi nhận:", bold: true, italic: true, size: 24)], align: "left", after: 0)]
        left += (h.copiesTo ?? []).map { paragraph([run("- " + $0, size: 22)], align: "left", after: 0) }
        var right = [paragraph([run(h.signerTitle ?? "", bold: true, size: 26)], align: "center", after: 0)]
        for _ in 0..<4 { right.append(paragraph([], after: 0)) }
        right.append(paragraph([run(h.signerName ?? "", bold: true, size: 28)], align: "center", after: 0))
        return paragraph([], after: 120)
            + table(rows: [[left.joined(), right.joined()]], widths: [4677, 4677], borders: false)
    }

    /// The plan's table: five columns, bold part rows, the header repeated on each page.
    static func planTable(_ report: QuarterlyReport) -> String {
        let widths = [600, 4300, 1200, 1500, 1754]
        var rows: [String] = []
        rows.append(
            row(
                ReportLayout.tableHeader(year: report.year).map {
                    paragraph([run($0, bold: true, size: 24)], align: "center", after: 0)
                }, widths: widths, header: true))
        for line in ReportLayout.tableRows(report) {
            var cells: [String] = []
            for (index, text) in line.cells.enumerated() {
                var content = paragraph(
                    [run(text, bold: line.isPart, size: 24)], align: index == 1 ? "both" : "center", after: 0)
                if index == 4, !line.note.isEmpty {
                    content += paragraph([run(line.note, italic: true, size: 20)], align: "center", after: 0)
                }
                cells.append(content)
            }
            rows.append(row(cells, widths: widths, header: false))
        }
        return tableXML(rows: rows, widths: widths, borders: true)
    }

    static func grid(header: [String], rows: [[String]], widths: [Int]) -> String {
        var lines = [
            row(
                header.map { paragraph([run($0, bold: true, size: 22)], align: "center", after: 0) }, widths: widths,
                header: true)
        ]
        for cells in rows {
            lines.append(
                row(
                    cells.enumerated().map { index, text in
                        paragraph([run(text, size: 22)], align: index == 0 ? "center" : "left", after: 0)
                    }, widths: widths, header: false))
        }
        return tableXML(rows: lines, widths: widths, borders: true)
    }

    // MARK: WordprocessingML pieces

    static let ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let pageBreak = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"

    /// A run of text; size in half-points (26 = 13 pt, the body's size).
    static func run(_ text: String, bold: Bool = false, italic: Bool = false, size: Int? = nil) -> String {
        var properties = ""
        if bold { properties += "<w:b/>" }
        if italic { properties += "<w:i/>" }
        if let size { properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        return "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")
            + "<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
    }

    static func paragraph(
        _ runs: [String], style: String? = nil, align: String = "both", firstLine: Int = 0, indentLeft: Int = 0,
        hanging: Int = 0, before: Int = 0, after: Int = 120, rule: Bool = false
    ) -> String {
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if style != nil { properties += "<w:keepNext/>" }
        if rule {
            // The short line under the department's name and the motto.
            properties += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>"
        }
        properties += "<w:spacing w:before=\"\(before)\" w:after=\"\(after)\"/>"
        if firstLine > 0 || indentLeft > 0 || hanging > 0 {
            properties +=
                "<w:ind w:left=\"\(indentLeft)\""
                + (hanging > 0 ? " w:hanging=\"\(hanging)\"" : " w:firstLine=\"\(firstLine)\"") + "/>"
        }
        properties += "<w:jc w:val=\"\(align)\"/>"
        return "<w:p><w:pPr>\(properties)</w:pPr>\(runs.joined())</w:p>"
    }

    static func row(_ cells: [String], widths: [Int], header: Bool) -> String {
        "<w:tr>" + (header ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
            + zip(cells, widths).map { cell, width in
                "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                    + (header ? "<w:vAlign w:val=\"center\"/>" : "") + "</w:tcPr>"
                    + (cell.isEmpty ? "<w:p/>" : cell) + "</w:tc>"
            }.joined() + "</w:tr>"
    }

    static func table(rows: [[String]], widths: [Int], borders: Bool, margins: Int = 80) -> String {
        tableXML(
            rows: rows.map { row($0, widths: widths, header: false) }, widths: widths, borders: borders,
            margins: margins)
    }

    static func tableXML(rows: [String], widths: [Int], borders: Bool, margins: Int = 80) -> String {
        let line = borders ? "single" : "nil"
        let edges = ["top", "left", "bottom", "right", "insideH", "insideV"].map {
            "<w:\($0) w:val=\"\(line)\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }.joined()
        return "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblBorders>\(edges)</w:tblBorders>"
            + "<w:tblCellMar><w:left w:w=\"\(margins)\" w:type=\"dxa\"/><w:right w:w=\"\(margins)\" w:type=\"dxa\"/>"
            + "</w:tblCellMar>"
            + "</w:tblPr><w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
            + rows.joined() + "</w:tbl>"
    }

    /// Text as XML character data: the markup characters escaped, and the characters XML 1.0 cannot
    /// hold at all (controls other than tab) dropped rather than making the file unreadable.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n": result.unicodeScalars.append(" ")
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    // MARK: Package parts

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        </Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        </Relationships>
        """

    static func core(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(escape(title))</dc:title>\
        <dc:language>vi-VN</dc:language></cp:coreProperties>
        """
    }

    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="720"/><w:compat/></w:settings>
        """

    /// Times New Roman 13 pt for the body; headings in the body's size, bold, kept with what follows.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>\
        <w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="60" w:after="60"/><w:outlineLvl w:val="3"/></w:pPr>\
        <w:rPr><w:i/><w:sz w:val="26"/></w:rPr></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
        <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>\
        <w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        </w:styles>
        """
}
