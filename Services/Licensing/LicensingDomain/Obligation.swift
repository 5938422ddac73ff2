import AdminUnits
import CalendarDates

/// Something a licence holder owes the department by a date, derived from the licences in force:
/// a website licence in force at the end of a year owes a report on that year by 15 January.
public struct Obligation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case websiteAnnualReport
    }

    public var licenceID: String
    public var licenceNumber: String
    public var holderID: String
    public var kind: Kind
    public var year: Int
    public var dueOn: CalendarDate
    public var fulfilledOn: CalendarDate?

    public func isOverdue(today: CalendarDate) -> Bool { fulfilledOn == nil && today > dueOn }

    /// The obligations `licence` has for `year`, or none.
    public static func owed(
        by licence: Licence, id: String, year: Int, rules: LicenceRules
    ) -> [Obligation] {
        owed(by: Subject(licence), id: id, year: year, rules: rules)
    }

    /// The obligations of the licence `subject` describes for `year`, or none.
    public static func owed(
        by subject: Subject, id: String, year: Int, rules: LicenceRules
    ) -> [Obligation] {
        guard subject.kind == .website, let first = subject.terms.first,
            let yearEnd = CalendarDate(year: year, month: 12, day: 31),
            let due = CalendarDate(year: year + 1, month: rules.annualReportDueMonth, day: rules.annualReportDueDay)
        else { return [] }
        // In force on the last day of the year: issued by then, not ended by then.
        guard first.effectiveOn <= yearEnd,
            let standing = subject.terms.last(where: { $0.effectiveOn <= yearEnd }), !standing.status.isFinal,
            standing.validUntil.map({ $0 >= yearEnd }) ?? true
        else { return [] }
        return [
            Obligation(
                licenceID: id, licenceNumber: subject.number, holderID: subject.holderID, kind: .websiteAnnualReport,
                year: year, dueOn: due)
        ]
    }
}
