import CSV
import CalendarDates

/// Who a report is from, to whom, and who signs, from a date on: the names change with the
/// state's organisation (on 1 March 2025 the Department of Information and Communications and its
/// Ministry merged into Science and Technology; on 1 July 2025 Bắc Kạn merged into Thái Nguyên).
/// A report takes the letterhead in force on the last day of its quarter, so a Q1/2023 report
/// keeps the 2023 names whenever it is printed.
public struct Letterhead: Sendable, Hashable {
    /// The first day these names are used.
    public var from: CalendarDate
    /// "UBND TỈNH BẮC KẠN".
    public var authority: String
    /// "SỞ THÔNG TIN VÀ TRUYỀN THÔNG".
    public var department: String
    /// "Bắc Kạn", for "Bắc Kạn, ngày … tháng … năm …".
    public var place: String
    /// "/BC-STTTT", after the number the clerk fills in.
    public var numberSuffix: String
    /// "Kính gửi": each line as printed.
    public var recipients: [String]
    /// "Nơi nhận".
    public var copiesTo: [String]
    /// "GIÁM ĐỐC".
    public var signerTitle: String
    /// Empty: left for the signature.
    public var signerName: String

    public init(
        from: CalendarDate, authority: String, department: String, place: String, numberSuffix: String,
        recipients: [String], copiesTo: [String], signerTitle: String = "GIÁM ĐỐC", signerName: String = ""
    ) {
        self.from = from
        self.authority = authority
        self.department = department
        self.place = place
        self.numberSuffix = numberSuffix
        self.recipients = recipients
        self.copiesTo = copiesTo
        self.signerTitle = signerTitle
        self.signerName = signerName
    }
}

/// The letterheads a department has used, each from its date.
public struct LetterheadHistory: Sendable, Hashable {
    public private(set) var letterheads: [Letterhead]

    /// Sorted by date; two from the same day are refused.
    public init(_ letterheads: [Letterhead]) throws(CSVHeader.Problem) {
        let sorted = letterheads.sorted { $0.from < $1.from }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.from == later.from {
            throw CSVHeader.Problem(line: 0, field: "from", reason: "two letterheads from \(later.from)")
        }
        self.letterheads = sorted
    }

    /// The letterhead in force on `date`: the latest from on or before it, or the earliest one for
    /// a date before them all.
    public func letterhead(on date: CalendarDate) -> Letterhead? {
        letterheads.last { $0.from <= date } ?? letterheads.first
    }

    /// Replaces the authority and place of every letterhead: the operator's explicit settings
    /// (DIC_REPORT_AUTHORITY, DIC_REPORT_PLACE) win over the history.
    public func overriding(authority: String?, place: String?) -> LetterheadHistory {
        var copy = self
        for index in copy.letterheads.indices {
            if let authority { copy.letterheads[index].authority = authority }
            if let place { copy.letterheads[index].place = place }
        }
        return copy
    }

    /// Bắc Kạn's department: its 2023 names, the merger into Science and Technology, then the
    /// province's merger into Thái Nguyên.
    public static let bacKan: LetterheadHistory = {
        let copies = ["Như trên;", "Lãnh đạo Sở;", "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, VP."]
        let province = ["Thường trực Tỉnh ủy;", "Thường trực HĐND tỉnh;", "Thường trực UBND tỉnh;"]
        let list = [
            Letterhead(
                from: CalendarDate(year: 2008, month: 1, day: 1)!, authority: "UBND TỈNH BẮC KẠN",
                department: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", place: "Bắc Kạn", numberSuffix: "/BC-STTTT",
                recipients: province + ["Bộ Thông tin và Truyền thông."], copiesTo: copies),
            Letterhead(
                from: CalendarDate(year: 2025, month: 3, day: 1)!, authority: "UBND TỈNH BẮC KẠN",
                department: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", place: "Bắc Kạn", numberSuffix: "/BC-SKHCN",
                recipients: province + ["Bộ Khoa học và Công nghệ."], copiesTo: copies),
            Letterhead(
                from: CalendarDate(year: 2025, month: 7, day: 1)!, authority: "UBND TỈNH THÁI NGUYÊN",
                department: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", place: "Thái Nguyên", numberSuffix: "/BC-SKHCN",
                recipients: province + ["Bộ Khoa học và Công nghệ."], copiesTo: copies),
        ]
        // Sorted, distinct literal dates.
        return LetterheadHistory(unchecked: list)
    }()

    init(unchecked: [Letterhead]) { letterheads = unchecked }

    static func trimmed(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The columns of a letterhead file; lists ("recipients", "copies_to") separate items with "|".
    public static let columns = [
        "from", "authority", "department", "place", "number_suffix", "recipients", "copies_to", "signer_title",
        "signer_name",
    ]

    /// Reads a letterhead file: a header, then one letterhead per row.
    public init(csv bytes: [UInt8]) throws(CSVHeader.Problem) {
        var reader = CSVReader()
        let records: [CSVReader.Record]
        do {
            records = try reader.feed(bytes) + reader.finish()
        } catch {
            throw CSVHeader.Problem(line: error.line, field: "", reason: error.reason)
        }
        guard let first = records.first else {
            throw CSVHeader.Problem(line: 1, field: "", reason: "the file is empty")
        }
        let header = try CSVHeader(
            first, known: Self.columns, required: ["from", "authority", "department", "place", "recipients"])
        var list: [Letterhead] = []
        for record in records.dropFirst() {
            let row = header.row(record)
            let fromText = try row.required("from")
            guard let from = CalendarDate(iso: fromText) else {
                throw CSVHeader.Problem(
                    line: row.line, field: "from", reason: "'\(fromText)' is not a date (YYYY-MM-DD)")
            }
            func items(_ column: String) -> [String] {
                row.text(column).split(separator: "|").map { Self.trimmed(String($0)) }.filter { !$0.isEmpty }
            }
            let recipients = items("recipients")
            guard !recipients.isEmpty else {
                throw CSVHeader.Problem(line: row.line, field: "recipients", reason: "at least one recipient")
            }
            let suffix = row.text("number_suffix")
            list.append(
                Letterhead(
                    from: from, authority: try row.required("authority"), department: try row.required("department"),
                    place: try row.required("place"), numberSuffix: suffix.isEmpty ? "/BC" : suffix,
                    recipients: recipients, copiesTo: items("copies_to"),
                    signerTitle: row.text("signer_title").isEmpty ? "GIÁM ĐỐC" : row.text("signer_title"),
                    signerName: row.text("signer_name")))
        }
        guard !list.isEmpty else { throw CSVHeader.Problem(line: 2, field: "", reason: "no letterhead in the file") }
        do {
            try self.init(list)
        } catch {
            throw CSVHeader.Problem(line: 0, field: error.field, reason: error.reason)
        }
    }
}
