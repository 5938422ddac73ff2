import Indicators

/// What the report prints for an indicator in one period instead of its figure, when a figure
/// would mislead: "Chưa thực hiện do chờ Bộ TTTT cấp phép tần số" for a coverage nobody may build
/// yet, "Đang thực hiện" for an index the Ministry has not published. Kept with who set it, when
/// and why, because the director signs what it says.
public struct ResultOverride: Sendable, Hashable {
    public var indicatorCode: String
    public var period: ReportingPeriod
    /// The result cell's words; empty keeps the figure and only adds the note.
    public var text: String
    /// The note column's words.
    public var note: String
    /// Why the figure is not printed: required, and shown to whoever edits the report.
    public var reason: String
    public var setBy: String
    public var setAtMs: Int64

    /// A result cell holds a sentence, not a page.
    public static let maxTextLength = 300
    public static let maxReasonLength = 1000

    public init(
        indicatorCode: String, period: ReportingPeriod, text: String, note: String = "", reason: String,
        setBy: String = "", setAtMs: Int64 = 0
    ) {
        self.indicatorCode = indicatorCode
        self.period = period
        self.text = text
        self.note = note
        self.reason = reason
        self.setBy = setBy
        self.setAtMs = setAtMs
    }

    public func validate() throws(DXError) {
        try DXError.required(reason, "reason")
        guard !(text.allSatisfy(\.isWhitespace) && note.allSatisfy(\.isWhitespace)) else {
            throw .invalid("text", "a result text or a note is required (remove the override instead)")
        }
        for (field, value, limit) in [
            ("text", text, Self.maxTextLength), ("note", note, Self.maxTextLength),
            ("reason", reason, Self.maxReasonLength),
        ] where value.count > limit {
            throw .invalid(field, "at most \(limit) characters")
        }
        for (field, value) in [("text", text), ("note", note), ("reason", reason)]
        where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalid(field, "may not hold control characters or line breaks")
        }
    }
}
