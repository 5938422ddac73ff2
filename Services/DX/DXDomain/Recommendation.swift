import AdminUnits
import CalendarDates

/// A recommendation a district sent the department, and the answer.
public struct Recommendation: Sendable, Hashable {
    public var receivedOn: CalendarDate
    public var unitCode: String
    public var category: String
    public var content: String
    public var answer: String
    public var answeredOn: CalendarDate?

    public init(
        receivedOn: CalendarDate, unitCode: String, category: String, content: String, answer: String = "",
        answeredOn: CalendarDate? = nil
    ) {
        self.receivedOn = receivedOn
        self.unitCode = unitCode
        self.category = category
        self.content = content
        self.answer = answer
        self.answeredOn = answeredOn
    }

    public func validate() throws(DXError) {
        try DXError.required(unitCode, "unit_code")
        try DXError.required(category, "category")
        // A category is a heading to count by ("truyền thanh cơ sở"), not a text.
        guard category.count <= 200 else { throw .invalid("category", "at most 200 characters") }
        try DXError.required(content, "content")
    }

    public mutating func answer(_ text: String, on date: CalendarDate) throws(DXError) {
        try DXError.required(text, "answer")
        guard date >= receivedOn else {
            throw .invalid("answered_on", "\(date) is before it was received (\(receivedOn))")
        }
        answer = text
        answeredOn = date
    }
}
