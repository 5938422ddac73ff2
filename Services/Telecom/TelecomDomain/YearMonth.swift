import AdminUnits
import CalendarDates

/// A calendar month: the unit of Wi-Fi reports and acceptance.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let first: CalendarDate
    public let last: CalendarDate

    public init?(year: Int, month: Int) {
        guard let first = CalendarDate(year: year, month: month, day: 1),
            let last = first.adding(months: 1)?.adding(days: -1)
        else { return nil }
        self.year = year
        self.month = month
        self.first = first
        self.last = last
    }

    public var days: Int { first.days(until: last) + 1 }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.first < rhs.first }
}
