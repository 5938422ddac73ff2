import CSV
import CalendarDates
import DomainRules
import Foundation
import LicensingDomain
import Testing
import ZIPFoundation

@testable import Report

struct LicensingFiguresTests {
    @Test func theQ1CountsReadAsTheReportWritesThem() {
        let counts: [LicensingFigures.Count] = [
            .init(kind: "website", action: "extend", count: 2),
            .init(kind: "nonCommercialPublication", action: "issue", count: 6),
            .init(kind: "newsletter", action: "issue", count: 4),
            .init(kind: "newsletter", action: "changeApproved", count: 1),
            .init(kind: "website", action: "amend", count: 3),
            .init(kind: "printFacilityRegistration", action: "issue", count: 1),
            .init(kind: "printingPublications", action: "exchange", count: 1),
        ]
        #expect(
            LicensingFigures.sentence(counts)
                == "Cấp phép 06 giấy phép xuất bản tài liệu không kinh doanh; 04 giấy phép xuất bản bản tin địa phương; "
                + "01 văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin địa phương; "
                + "03 giấy phép sửa đổi, bổ sung giấy phép thiết lập trang thông tin điện tử tổng hợp; "
                + "02 gia hạn giấy phép thiết lập trang thông tin điện tử tổng hợp; 01 đăng ký hoạt động cơ sở in; "
                + "01 cấp đổi giấy phép hoạt động in xuất bản phẩm.")
    }

    @Test func nothingHappenedIsNoSentence() {
        #expect(LicensingFigures.sentence([]) == nil)
        #expect(LicensingFigures.sentence([.init(kind: "website", action: "issue", count: 0)]) == nil)
    }

    @Test func everyActionWithACountIsNamed() {
        let counts: [LicensingFigures.Count] = [
            .init(kind: "website", action: "expire", count: 3),
            .init(kind: "website", action: "suspend", count: 1),
            .init(kind: "printingPress", action: "revoke", count: 2),
            .init(kind: "newsletter", action: "reissue", count: 1),
            .init(kind: "printFacilityRegistration", action: "changeNotified", count: 1),
            .init(kind: "printingPress", action: "cease", count: 1),
            .init(kind: "website", action: "liftSuspension", count: 1),
            .init(kind: "website", action: "suspend", count: 1),  // two rows of one pair add up
        ]
        #expect(
            LicensingFigures.sentence(counts)
                == "Cấp phép 01 cấp lại giấy phép xuất bản bản tin địa phương; "
                + "01 xác nhận thay đổi đăng ký hoạt động cơ sở in. "
                + "Đình chỉ 02 giấy phép thiết lập trang thông tin điện tử tổng hợp; "
                + "cho hoạt động trở lại 01 giấy phép thiết lập trang thông tin điện tử tổng hợp sau thời hạn đình chỉ; "
                + "thu hồi 02 giấy phép hoạt động in; 01 giấy phép hoạt động in chấm dứt hoạt động; "
                + "03 giấy phép thiết lập trang thông tin điện tử tổng hợp hết hiệu lực.")
    }

    @Test func anActionWithoutWordsIsStillCounted() {
        #expect(
            LicensingFigures.sentence([.init(kind: "broadcast", action: "issue", count: 2)])
                == "02 (broadcast, issue).")
    }

    @Test func everyTypeAndActionTheLawAllowsHasWords() {
        // Every type the licensing service knows and every action the law allows it, by the raw
        // names the wire carries: a type or action added there and not here fails this test.
        let allowed = Dictionary(
            uniqueKeysWithValues: LicenceKind.allCases.map { ($0.rawValue, $0.actions.map(\.rawValue)) })
        for (kind, actions) in allowed {
            for action in actions {
                let sentence = LicensingFigures.sentence([.init(kind: kind, action: action, count: 1)]) ?? ""
                #expect(!sentence.contains("("), "no words for \(kind) \(action)")
            }
        }
    }
}

struct KPITableTests {
    let lines: [KPITable.PlanLine] = [
        .init(
            order: 1, code: "telecom.communes_with_operating_radio",
            name: "Số xã, phường có trạm truyền thanh cơ sở hoạt động", unit: "Xã, phường", target: 105,
            externalCode: "telecom.communes_with_operating_radio"),
        .init(
            order: 5, code: "telecom.town_centre_5g_coverage", name: "Tỷ lệ phủ sóng 5G", unit: "%", target: 10,
            externalCode: "telecom.town_centre_5g_coverage"),
        .init(
            order: 9, code: "dx.online_dossier_rate", name: "Tỷ lệ hồ sơ trực tuyến", unit: "%", target: 25,
            measuredResult: 49),
        .init(order: 11, code: "dx.provincial_dti_tier", name: "Chỉ số chuyển đổi số cấp tỉnh", unit: "Bậc", target: 2),
        .init(order: 101, code: "dx.on_time_rate", name: "Tỷ lệ đúng hạn", unit: "%", target: nil, measuredResult: 90),
        .init(
            order: 6, code: "telecom.urban_underground_ratio", name: "Tỷ lệ ngầm hóa", unit: "%", target: 25,
            externalCode: "telecom.urban_underground_ratio"),
    ]

    @Test func resultsComeFromTheServiceThatComputesThemAndOnlyTargetedIndicatorsAreListed() {
        let rows = KPITable.rows(
            lines,
            external: [
                "telecom.communes_with_operating_radio": .init(value: 103),
                "telecom.town_centre_5g_coverage": .init(value: 0),
            ])
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5])
        #expect(rows.map(\.result) == ["103", "0", "Chưa có số liệu", "49", "Chưa có số liệu"])
        #expect(rows.map(\.assessment) == ["Chưa đạt", "Chưa đạt", "Chưa có số liệu", "Vượt", "Chưa có số liệu"])
        #expect(rows[0].percentOfTarget == "98,1%" && rows[3].percentOfTarget == "196%")
        // The telecom service did not answer for the cable ratio: the row says so.
        #expect(rows[2].note.contains("không lấy được số liệu"))
    }

    @Test func aYearsTargetIsJudgedInTheLastQuarterOrWhenThePlanJudgesEachQuarter() {
        var quarterly = KPITable.PlanLine(
            order: 2, code: "q", name: "Theo quý", unit: "%", target: 90, measuredResult: 80, decimals: 0)
        quarterly.assessEachQuarter = true
        let yearly = KPITable.PlanLine(
            order: 1, code: "y", name: "Theo năm", unit: "%", target: 90, measuredResult: 80, decimals: 0)
        let unmeasured = KPITable.PlanLine(order: 3, code: "u", name: "Chưa đo", unit: "%", target: 90)
        let first = KPITable.rows([yearly, quarterly, unmeasured], external: [:], quarter: 1)
        #expect(first.map(\.assessment) == ["", "Chưa đạt", "Chưa có số liệu"])
        #expect(first[0].percentOfTarget == "88,9%")  // the analysis stays
        let last = KPITable.rows([yearly, quarterly, unmeasured], external: [:], quarter: 4)
        #expect(last.map(\.assessment) == ["Chưa đạt", "Chưa đạt", "Chưa có số liệu"])
    }

    @Test func resultsAndTargetsReadAsThePlanStatesThem() {
        let rows = KPITable.rows(
            [
                .init(
                    order: 3, code: "telecom.radio_it_telecom_rate", name: "Tỷ lệ CNTT-VT", unit: "%", target: 100,
                    externalCode: "telecom.radio_it_telecom_rate", decimals: 0),
                .init(
                    order: 6, code: "telecom.urban_underground_ratio", name: "Tỷ lệ ngầm hóa", unit: "%", target: 25,
                    externalCode: "telecom.urban_underground_ratio"),
                .init(
                    order: 11, code: "dx.provincial_dti_tier", name: "DTI", unit: "Bậc", target: 2, targetText: "≥ 2",
                    decimals: 0),
            ],
            external: [
                "telecom.radio_it_telecom_rate": .init(value: 94.44),
                "telecom.urban_underground_ratio": .init(value: 11.11),
            ])
        #expect(rows.map(\.result) == ["94", "11,1", "Chưa có số liệu"])
        #expect(rows.map(\.target) == ["100", "25", "≥ 2"])
    }

    /// A target set a thousand million times too small gives a share of the plan no integer
    /// holds: the row is still written, with every digit of it.
    @Test func aShareOfThePlanBeyondAnyIntegerIsStillWritten() throws {
        let rows = KPITable.rows(
            [
                .init(order: 1, code: "dx.count", name: "Số", unit: "Cái", target: 1e-9, measuredResult: 1e15),
                .init(
                    order: 2, code: "dx.rank", name: "Xếp hạng", unit: "Hạng", direction: .rank, target: 1e15,
                    measuredResult: 1e-9),
            ],
            external: [:])
        let share = try #require(rows.first?.percentOfTarget)
        #expect(share.hasSuffix("%") && share.hasPrefix("100.000.000.000.000.0") && share.count > 30, "\(share)")
        #expect(rows.map(\.assessment) == ["Vượt", "Vượt"])
        #expect(rows.last?.percentOfTarget.hasPrefix("100.000.000.000.000.0") == true)
        // A share that is not a number (infinite over infinite) has no words, not a bare "%".
        let none = KPITable.rows(
            [.init(order: 1, code: "x", name: "X", unit: "%", target: .infinity, measuredResult: .infinity)],
            external: [:])
        #expect(none.first?.percentOfTarget == "")
    }

    /// Words set in place of a figure print as the result, with the note, and take no share of the
    /// plan and no verdict, even in the year's last quarter when the figure would be judged.
    @Test func wordsInPlaceOfTheFigureTakeNoVerdict() {
        var fiveG = KPITable.PlanLine(
            order: 5, code: "telecom.town_centre_5g_coverage", name: "5G", unit: "%", target: 10,
            externalCode: "telecom.town_centre_5g_coverage", decimals: 0)
        fiveG.overrideText = "Chưa thực hiện do chờ Bộ TTTT cấp phép tần số"
        var meetings = KPITable.PlanLine(
            order: 10, code: "dx.online_meeting_rate", name: "Họp trực tuyến", unit: "%", target: 40,
            measuredResult: 30, decimals: 0)
        meetings.overrideNote = "Số liệu của 6/8 huyện"
        let rows = KPITable.rows(
            [fiveG, meetings], external: ["telecom.town_centre_5g_coverage": .init(value: 0)], quarter: 4)
        #expect(rows[0].result == "Chưa thực hiện do chờ Bộ TTTT cấp phép tần số")
        #expect(rows[0].assessment == "" && rows[0].percentOfTarget == "" && rows[0].resultValue == nil)
        // A note alone keeps the figure and its verdict.
        #expect(rows[1].result == "30" && rows[1].assessment == KPITable.notMet)
        #expect(rows[1].note == "Số liệu của 6/8 huyện")
    }
}

struct LetterheadTests {
    func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day)!
    }

    /// A report takes the names in force at its quarter's end: the 2023 department and ministry, the
    /// merger into Science and Technology on 1 March 2025, the province's merger on 1 July 2025.
    @Test func theNamesAreTheOnesInForceAtTheQuarterEnd() throws {
        let history = LetterheadHistory.bacKan
        let q1of2023 = try #require(history.letterhead(on: date(2023, 3, 31)))
        #expect(q1of2023.authority == "UBND TỈNH BẮC KẠN" && q1of2023.department == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
        #expect(q1of2023.numberSuffix == "/BC-STTTT" && q1of2023.recipients.last == "Bộ Thông tin và Truyền thông.")
        let q1of2025 = try #require(history.letterhead(on: date(2025, 3, 31)))
        #expect(q1of2025.authority == "UBND TỈNH BẮC KẠN" && q1of2025.department == "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
        let q1of2026 = try #require(history.letterhead(on: date(2026, 3, 31)))
        #expect(q1of2026.authority == "UBND TỈNH THÁI NGUYÊN" && q1of2026.place == "Thái Nguyên")
        #expect(q1of2026.department == "SỞ KHOA HỌC VÀ CÔNG NGHỆ" && q1of2026.numberSuffix == "/BC-SKHCN")
        #expect(q1of2026.recipients.last == "Bộ Khoa học và Công nghệ.")
        // The day before a change still has the old names.
        #expect(history.letterhead(on: date(2025, 6, 30))?.authority == "UBND TỈNH BẮC KẠN")
    }

    @Test func aLetterheadFileIsReadAndCheckedByLine() throws {
        let file = """
            from,authority,department,place,number_suffix,recipients,copies_to,signer_title,signer_name
            2020-01-01,UBND TỈNH THỬ,SỞ THỬ,Thử,/BC-ST,Thường trực UBND tỉnh; | Bộ Thử.,Lưu: VT.,KT. GIÁM ĐỐC,Nguyễn Văn A
            2025-07-01,UBND TỈNH MỚI,SỞ MỚI,Mới,,Thường trực UBND tỉnh.,,,

            """
        let history = try LetterheadHistory(csv: Array(file.utf8))
        let old = try #require(history.letterhead(on: date(2023, 3, 31)))
        #expect(old.recipients == ["Thường trực UBND tỉnh;", "Bộ Thử."] && old.signerName == "Nguyễn Văn A")
        #expect(old.signerTitle == "KT. GIÁM ĐỐC" && old.copiesTo == ["Lưu: VT."])
        let new = try #require(history.letterhead(on: date(2026, 1, 1)))
        #expect(new.authority == "UBND TỈNH MỚI" && new.numberSuffix == "/BC" && new.signerTitle == "GIÁM ĐỐC")
        // A date before them all takes the earliest rather than none.
        #expect(history.letterhead(on: date(2000, 1, 1))?.authority == "UBND TỈNH THỬ")

        #expect(throws: CSVHeader.Problem.self) {
            try LetterheadHistory(csv: Array("from,authority,department,place,recipients\n31/03/2023,A,B,C,D\n".utf8))
        }
        #expect(throws: CSVHeader.Problem.self) {
            try LetterheadHistory(
                csv: Array("from,authority,department,place,recipients\n2023-01-01,A,B,C,D\n2023-01-01,E,F,G,H\n".utf8))
        }
        #expect(throws: CSVHeader.Problem.self) {
            try LetterheadHistory(csv: Array("from,authority,department,place,recipients\n2023-01-01,A,B,C,\n".utf8))
        }
    }

    @Test func overridesReplaceEveryPeriodsAuthorityAndPlace() {
        let history = LetterheadHistory.bacKan.overriding(authority: "UBND TỈNH X", place: nil)
        #expect(history.letterheads.allSatisfy { $0.authority == "UBND TỈNH X" })
        #expect(history.letterhead(on: date(2026, 3, 31))?.place == "Thái Nguyên")
    }
}

struct DocumentEntryTests {
    @Test func aDocumentIsCitedAsReportsCiteIt() {
        let decision = DocumentEntry(
            number: "2388/QĐ-UBND", issuedOn: CalendarDate(year: 2022, month: 12, day: 10)!, issuer: "UBND tỉnh",
            kind: "Quyết định", summary: "về việc giao chỉ tiêu kế hoạch", section: "4")
        #expect(
            decision.citation
                == "Quyết định số 2388/QĐ-UBND ngày 10/12/2022 của UBND tỉnh về việc giao chỉ tiêu kế hoạch")
        let activity = DocumentEntry(
            issuedOn: CalendarDate(year: 2023, month: 2, day: 1)!, summary: "Tổ chức hội nghị", section: "2.1")
        #expect(activity.citation == "Tổ chức hội nghị")
    }

    @Test func badEntriesNameTheField() {
        let day = CalendarDate(year: 2023, month: 2, day: 1)!
        let cases: [(DocumentEntry, String)] = [
            (DocumentEntry(issuedOn: day, summary: " ", section: "1"), "summary"),
            (DocumentEntry(issuedOn: day, summary: "x", section: "9"), "section"),
            (DocumentEntry(number: "1/QĐ", issuedOn: day, summary: "x", section: "1"), "kind"),
            (DocumentEntry(issuedOn: day, summary: "a\u{0}b", section: "1"), "summary"),
            (
                DocumentEntry(
                    issuedOn: day, summary: String(repeating: "x", count: DocumentEntry.maxSummaryLength + 1),
                    section: "1"), "summary"
            ),
        ]
        for (entry, field) in cases {
            #expect(throws: RuleViolation.self) { try entry.validate() }
            do { try entry.validate() } catch { #expect(error.field == field) }
        }
        let entry = DistrictEntry(year: 2023, quarter: 5, unitCode: "06.064", kind: .activity, content: "x")
        do { try entry.validate() } catch { #expect(error.field == "quarter") }
    }
}

struct DOCXRendererTests {
    func part(_ name: String, of docx: [UInt8]) throws -> String {
        let archive = try Archive(data: Data(docx), accessMode: .read)
        let entry = try #require(archive[name])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theDocumentHasTheLetterheadTheHeadingsAndTheTable() throws {
        var report = RenderingTests().report
        report.header.draft = true
        report.header.copiesTo = ["Như trên;", "Lưu: VT."]
        report.header.signerTitle = "GIÁM ĐỐC"
        report.sections.append(.init(key: "2.2", title: "2.2. Bưu chính", narrative: ["Dòng <một> & \u{1}hai"]))
        let docx = try DOCXRenderer.render(report)
        // The same report, the same bytes: the archive's dates are fixed.
        #expect(try DOCXRenderer.render(report) == docx)
        let document = try part("word/document.xml", of: docx)
        #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))  // A4
        #expect(document.contains("w:left=\"1701\""))  // 30 mm binding margin
        for text in [
            "UBND TỈNH BẮC KẠN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            ReportLayout.draftMark, "Kính gửi: ", "Nơi nhận:", "GIÁM ĐỐC", "Kết quả thực hiện",
            "Thời gian thực hiện, hoàn thành",
        ] {
            #expect(document.contains(text), "\(text)")
        }
        #expect(document.contains("<w:pStyle w:val=\"Heading3\"/>"))
        // Markup in people's text is escaped and a control character dropped: the file stays readable.
        #expect(document.contains("Dòng &lt;một&gt; &amp; hai"))
        let styles = try part("word/styles.xml", of: docx)
        #expect(styles.contains("w:ascii=\"Times New Roman\"") && styles.contains("<w:sz w:val=\"26\"/>"))
        #expect(try part("[Content_Types].xml", of: docx).contains("wordprocessingml.document.main+xml"))
        // A final report has no draft mark.
        report.header.draft = false
        #expect(try !part("word/document.xml", of: DOCXRenderer.render(report)).contains(ReportLayout.draftMark))
    }
}

struct ReportLayoutTests {
    /// Every section of the outline prints, in order; an empty one says so; a heading over
    /// sub-sections says nothing of its own; a lettered sub-section is lettered as printed.
    @Test func everySectionPrintsAndAnEmptyOneSaysSo() {
        var report = RenderingTests().report
        report.sections = ReportOutline.partOne.filter { !$0.optional || $0.key == "5.1.c" }.map {
            QuarterlyReport.Section(
                key: $0.key, title: $0.optional ? $0.title : ReportOutline.heading(key: $0.key, title: $0.title),
                narrative: $0.key == "5.1.c" ? ["Thiếu kinh phí."] : [], isGroup: $0.isGroup ? true : nil)
        }
        report.tableSection = "4"
        let blocks = ReportLayout.blocks(report)
        let headings = blocks.compactMap { block -> String? in
            if case .heading(_, let text) = block { return text } else { return nil }
        }
        #expect(headings.contains("a) Lĩnh vực Công nghệ thông tin, chuyển đổi số"))
        #expect(headings.contains("2.4. Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo"))
        let after24 = blocks.firstIndex(
            of: .heading(level: 2, text: "2.4. Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo"))
        #expect(after24.map { blocks[$0 + 1] } == .remark(QuarterlyReport.Section.nothingThisPeriod))
        let after2 = blocks.firstIndex(
            of: .heading(level: 1, text: "2. Công tác tổ chức thực thi QLNN về thông tin và truyền thông"))
        #expect(
            after2.map { blocks[$0 + 1] } == .heading(level: 2, text: "2.1. Lĩnh vực thông tin - báo chí - xuất bản"))
        // The table comes under section 4, before 5.
        let table = blocks.firstIndex(of: .planTable)
        let five = blocks.firstIndex(of: .heading(level: 1, text: "5. Khó khăn, hạn chế, nguyên nhân"))
        #expect(table != nil && five != nil && table! < five!)
        #expect(blocks.filter { $0 == .planTable }.count == 1)
    }
}

struct MarkdownRendererTests {
    @Test func theSameReportRendersToTheSameBytesAndSaysWhatIsMissing() {
        let report = QuarterlyReport(
            header: .init(
                authority: "UBND TỈNH BẮC KẠN", department: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                number: "Số:      /BC-STTTT",
                placeAndDate: "Bắc Kạn, ngày      tháng     năm 2023",
                title: "Kết quả thực hiện nhiệm vụ quý I và nhiệm vụ công tác trọng tâm quý II năm 2023",
                recipients: ["Thường trực Tỉnh ủy;", "Bộ Thông tin và Truyền thông."]),
            partOneTitle: "I. KẾT QUẢ QUÝ I/2023",
            sections: [
                .init(
                    key: "2.1", title: "2.1. Lĩnh vực thông tin - báo chí - xuất bản",
                    figures: ["Cấp phép 06 giấy phép | test."]),
                .init(
                    key: "2.2", title: "2.2. Lĩnh vực bưu chính - viễn thông",
                    unavailable: "dịch vụ viễn thông (dic-telecom) không trả lời"),
            ],
            kpis: KPITable.rows(
                [.init(order: 1, code: "x", name: "Chỉ tiêu | một", unit: "%", target: 40, measuredResult: 40)],
                external: [:]),
            tasks: [.init(number: 1, title: "Báo cáo quý I", due: "Tháng 4/2023", result: "Đang thực hiện")],
            laterSections: [
                .init(key: "5", title: "5. Khó khăn, hạn chế, nguyên nhân", narrative: ["Thiếu kinh phí."])
            ],
            partTwoTitle: "II. NHIỆM VỤ QUÝ II/2023", nextQuarterNarrative: ["Tập trung hạ tầng."],
            nextQuarter: ["Xây dựng kế hoạch thuê dịch vụ wifi công cộng."],
            unavailable: ["dic-telecom không trả lời (UNAVAILABLE)"],
            provenance: .init(
                snapshotAt: "08:30 ngày 31/03/2023",
                sources: [
                    .init(service: "dic-licensing", version: "0.1.0"), .init(service: "dic-telecom", version: ""),
                ]))
        let first = MarkdownRenderer.render(report)
        let second = MarkdownRenderer.render(report)
        #expect(first == second)
        // A report stored before sections were numbered: its table after the sections, then its later
        // sections; Part II gives people's words, then the tasks.
        let order = [
            "## I. KẾT QUẢ QUÝ I/2023", "| **II** | **Nhiệm vụ**", "### 5. Khó khăn", "Thiếu kinh phí.",
            "## II. NHIỆM VỤ QUÝ II/2023", "Tập trung hạ tầng.", "1. Xây dựng",
        ]
        let positions = order.compactMap { first.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
        #expect(first.contains("Báo cáo chưa đầy đủ"))
        #expect(first.contains("*Không có số liệu: dịch vụ viễn thông (dic-telecom) không trả lời.*"))
        #expect(first.contains("| 1 | Chỉ tiêu \\| một | % | 40 | 40 |"))
        #expect(first.contains("| 1 | Báo cáo quý I |  | Tháng 4/2023 | Đang thực hiện |"))
        #expect(
            first.hasSuffix(
                "*Số liệu tổng hợp tự động từ dic-licensing 0.1.0, dic-telecom lúc 08:30 ngày 31/03/2023.*\n"))
    }
}

struct RenderingTests {
    var report: QuarterlyReport {
        QuarterlyReport(
            header: .init(
                authority: "UBND TỈNH BẮC KẠN", department: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                number: "Số:      /BC-STTTT",
                placeAndDate: "Bắc Kạn, ngày      tháng     năm 2023", title: "Kết quả <quý I> & trọng tâm quý II",
                recipients: ["Bộ Thông tin và Truyền thông."]),
            partOneTitle: "I. KẾT QUẢ",
            sections: [.init(key: "2.1", title: "2.1. Xuất bản", figures: ["Cấp phép 06 giấy phép \"A\"."])],
            kpis: KPITable.rows(
                [
                    .init(order: 1, code: "a", name: "Tỷ lệ A", unit: "%", target: 40, measuredResult: 40),
                    .init(
                        order: 2, code: "b", name: "Tỷ lệ B, có dấu phẩy", unit: "%", target: 70, measuredResult: nil),
                    .init(order: 3, code: "c", name: "Số xã", unit: "Xã", target: 105, measuredResult: 103),
                ], external: [:]),
            tasks: [.init(number: 1, title: "Báo cáo quý I", due: "Tháng 4/2023", result: "Đang thực hiện")],
            partTwoTitle: "II. NHIỆM VỤ", nextQuarter: ["Việc quý II"],
            provenance: .init(
                snapshotAt: "08:30 ngày 31/03/2023", sources: [.init(service: "dic-dx", version: "0.1.0")]))
    }

    @Test func htmlIsOnePageEscapedWithTheTablesAndTheChart() {
        let html = HTMLRenderer.render(report)
        #expect(html == HTMLRenderer.render(report))
        #expect(html.contains("<footer><p class=\"provenance\">Số liệu tổng hợp tự động từ dic-dx 0.1.0 lúc 08:30"))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("@page { size: A4;"))
        #expect(html.contains("Kết quả &lt;quý I&gt; &amp; trọng tâm quý II"))
        #expect(html.contains("Cấp phép 06 giấy phép &quot;A&quot;."))
        // One table, as the department prints it: indicators, then tasks.
        #expect(html.contains("<table id=\"kpi\"") && html.contains("<td>Báo cáo quý I</td>"))
        #expect(!html.contains("<svg") && !html.contains(ReportLayout.analysisTitle))
        // Self-contained: no script, no link or source, and no URL at all.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
        #expect(!html.contains("http"))

        // Asked for, the analysis is an annex with the chart of the two percentage indicators.
        var analysed = report
        analysed.analysis = KPITable.analysis(
            [
                .init(order: 1, code: "a", name: "Tỷ lệ A", unit: "%", target: 40, measuredResult: 40),
                .init(order: 2, code: "b", name: "Tỷ lệ B, có dấu phẩy", unit: "%", target: 70, measuredResult: nil),
                .init(order: 3, code: "c", name: "Số xã", unit: "Xã", target: 105, measuredResult: 103),
            ], rows: report.kpis, lastYear: ["a": 35])
        let annexed = HTMLRenderer.render(analysed)
        #expect(annexed.contains(ReportLayout.analysisTitle) && annexed.contains("<table id=\"analysis\""))
        #expect(
            annexed.contains("<td>Tỷ lệ A</td><td>%</td><td>40</td><td>35</td><td>40</td><td>100%</td><td>Đạt</td>"))
        #expect(annexed.components(separatedBy: "fill=\"#bbbbbb\"").count - 1 == 3)  // two bars and the legend
        #expect(
            annexed.components(separatedBy: "http").count == 2 && annexed.contains("http://www.w3.org/2000/svg"))
    }

    @Test func csvTablesAndJSONReadBack() throws {
        let kpis = TableCSV.kpis(report)
        #expect(kpis.hasPrefix("Stt,Chỉ tiêu,Đơn vị tính,Kế hoạch năm,Kết quả,% kế hoạch,Đánh giá,Ghi chú\r\n"))
        #expect(kpis.contains("2,\"Tỷ lệ B, có dấu phẩy\",%,70,Chưa có số liệu,,Chưa có số liệu,\r\n"))
        #expect(TableCSV.tasks(report).contains("1,Báo cáo quý I,Tháng 4/2023,Đang thực hiện"))
        let json = try JSONRenderer.render(report)
        #expect(try JSONRenderer.render(report) == json)
        #expect(try JSONRenderer.read(json) == report)
        let both = TableCSV.both(report)
        #expect(both == kpis + "\r\n" + TableCSV.tasks(report))
    }
}
