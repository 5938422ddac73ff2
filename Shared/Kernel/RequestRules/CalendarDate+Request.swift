import AdminUnits
import CalendarDates
import CommonAPI

extension CalendarDate {
    /// A required date field of a request, which must be a real date.
    public static func required(_ date: CommonAPI.Date?, field: String) throws(RuleViolation) -> CalendarDate {
        guard let value = try optional(date, field: field) else { throw .invalid(field, "required") }
        return value
    }

    /// An optional date field: nil when unset, else a real date.
    public static func optional(_ date: CommonAPI.Date?, field: String) throws(RuleViolation) -> CalendarDate? {
        guard let date else { return nil }
        guard let value = CalendarDate(date) else {
            throw .invalid(field, "\(date.year)-\(date.month)-\(date.day) is not a real date")
        }
        return value
    }
}
