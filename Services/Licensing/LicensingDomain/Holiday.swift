import AdminUnits
import CalendarDates

/// A weekday off (a public holiday or its compensatory day), or a make-up working day on a
/// weekend, as the government announces them each year.
public struct Holiday: Sendable, Hashable {
    public var date: CalendarDate
    public var name: String
    public var workingDay: Bool

    public init(date: CalendarDate, name: String, workingDay: Bool = false) {
        self.date = date
        self.name = name
        self.workingDay = workingDay
    }

    public func validate() throws(LicensingError) {
        let weekend = date.weekday > 5
        if workingDay {
            guard weekend else { throw .invalid("working_day", "\(date) is a weekday: it is a working day already") }
        } else {
            guard !weekend else {
                throw .invalid("date", "\(date) is a weekend day: enter the compensatory weekday off instead")
            }
        }
    }
}
