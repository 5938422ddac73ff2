import CalendarDates
import DomainRules

/// One document the department issued or advised on, or one activity it carried out, as the
/// office registers it (from the e-office system's export, or by hand): the list-type content of
/// sections 1, 2.x and 3, and the planned activities of Part II.
public struct DocumentEntry: Sendable, Hashable {
    /// Given by the register.
    public var id: String
    /// "99/QĐ-UBND"; empty for an activity that is not a numbered document.
    public var number: String
    /// The date it was signed, or the activity's date (a planned activity's intended date).
    public var issuedOn: CalendarDate
    /// "UBND tỉnh", "Sở TTTT".
    public var issuer: String
    /// "Quyết định", "Kế hoạch", "Công văn"; empty for an activity.
    public var kind: String
    /// What it does, as the report words it: "ban hành Quy chế quản lý …".
    public var summary: String
    /// The report section it belongs to: "1", "2.1" … "3.3", "4" (a decision that set the plan),
    /// "6", or "II" for a planned activity.
    public var section: String

    public init(
        id: String = "", number: String = "", issuedOn: CalendarDate, issuer: String = "", kind: String = "",
        summary: String, section: String
    ) {
        self.id = id
        self.number = number
        self.issuedOn = issuedOn
        self.issuer = issuer
        self.kind = kind
        self.summary = summary
        self.section = section
    }

    /// The sections a register entry may be filed under: the ones that list documents and Part II.
    public static let sections: Set<String> = ["1", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4", "6", "II"]

    public static let maxSummaryLength = 2000
    public static let maxFieldLength = 200

    public func validate() throws(RuleViolation) {
        try RuleViolation.required(summary, "summary")
        guard Self.sections.contains(section) else {
            throw .invalid("section", "'\(section)' is not a section that lists documents (\(Self.sectionList))")
        }
        guard number.isEmpty || !kind.allSatisfy(\.isWhitespace) else {
            throw .invalid("kind", "a numbered document needs its kind (Quyết định, Kế hoạch, …)")
        }
        for (field, value, limit) in [
            ("number", number, Self.maxFieldLength), ("issuer", issuer, Self.maxFieldLength),
            ("kind", kind, Self.maxFieldLength), ("summary", summary, Self.maxSummaryLength),
        ] {
            guard value.count <= limit else { throw .invalid(field, "at most \(limit) characters") }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalid(field, "may not hold control characters or line breaks")
            }
        }
    }

    static let sectionList = sections.sorted().joined(separator: ", ")

    /// As a report cites it: "Quyết định số 99/QĐ-UBND ngày 19/01/2023 của UBND tỉnh ban hành …";
    /// an activity is its summary.
    public var citation: String {
        guard !number.isEmpty else { return summary }
        var text = "\(kind) số \(number) ngày \(Self.slashed(issuedOn))"
        if !issuer.isEmpty { text += " của \(issuer)" }
        return text + " " + summary
    }

    /// "19/01/2023", as Vietnamese documents write dates.
    public static func slashed(_ date: CalendarDate) -> String {
        (date.day < 10 ? "0" : "") + "\(date.day)/" + (date.month < 10 ? "0" : "") + "\(date.month)/\(date.year)"
    }
}
