import AdminUnits

/// A task the department must deliver: from a source document, led by a unit, by a deadline.
/// Its status is read from its dates, never entered.
public struct DXTask: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case doneOnTime, doneLate, inProgress, overdue
    }

    public var code: String
    public var title: String
    /// The document that set it, such as "KH 820/KH-UBND".
    public var sourceDocument: String
    public var leadUnit: String
    public var deadline: CalendarDate
    public var completedOn: CalendarDate?

    public init(
        code: String, title: String, sourceDocument: String, leadUnit: String, deadline: CalendarDate,
        completedOn: CalendarDate? = nil
    ) {
        self.code = code
        self.title = title
        self.sourceDocument = sourceDocument
        self.leadUnit = leadUnit
        self.deadline = deadline
        self.completedOn = completedOn
    }

    /// Done by the deadline (the deadline day included) or after it; open within time or past it.
    public func status(on today: CalendarDate) -> Status {
        if let completedOn { return completedOn <= deadline ? .doneOnTime : .doneLate }
        return today <= deadline ? .inProgress : .overdue
    }

    public func validate() throws(DXError) {
        try DXError.required(code, "code")
        try DXError.required(title, "title")
        try DXError.required(leadUnit, "lead_unit")
    }
}
