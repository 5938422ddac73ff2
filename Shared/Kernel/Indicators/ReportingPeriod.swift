import AdminUnits
import CalendarDates
import CommonAPI

/// A month, quarter, half-year or year of one calendar year: what the report covers.
public struct ReportingPeriod: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case month, quarter, halfYear, year
    }

    public let kind: Kind
    public let year: Int
    /// The month (1-12), quarter (1-4) or half (1-2); 0 for a year.
    public let index: Int
    /// First and last days, both included.
    public let start: CalendarDate
    public let end: CalendarDate

    public init?(_ kind: Kind, year: Int, index: Int = 0) {
        let range: ClosedRange<Int> =
            switch kind {
            case .month: 1...12
            case .quarter: 1...4
            case .halfYear: 1...2
            case .year: 0...0
            }
        let months: ClosedRange<Int> =
            switch kind {
            case .month: index...index
            case .quarter: (index * 3 - 2)...(index * 3)
            case .halfYear: (index * 6 - 5)...(index * 6)
            case .year: 1...12
            }
        guard range.contains(index), (1900...9998).contains(year),
            let start = CalendarDate(year: year, month: months.lowerBound, day: 1),
            let end = CalendarDate(year: year, month: months.upperBound, day: 1)?.adding(months: 1)?.adding(days: -1)
        else { return nil }
        self.kind = kind
        self.year = year
        self.index = index
        self.start = start
        self.end = end
    }

    /// As the report writes it: "Quý I/2023", "tháng 3/2023", "6 tháng đầu năm 2023", "năm 2023".
    public var description: String {
        switch kind {
        case .month: "tháng \(index)/\(year)"
        case .quarter: "Quý \(["I", "II", "III", "IV"][index - 1])/\(year)"
        case .halfYear: index == 1 ? "6 tháng đầu năm \(year)" : "6 tháng cuối năm \(year)"
        case .year: "năm \(year)"
        }
    }
}

extension ReportingPeriod {
    /// The period a request names, or an error naming the field.
    public init(wire: Period?, field: String = "period") throws {
        guard let wire else { throw IndicatorError.invalid(field, "required") }
        let kind: Kind
        switch wire.kind {
        case .month: kind = .month
        case .quarter: kind = .quarter
        case .halfYear: kind = .halfYear
        case .year: kind = .year
        case .unspecified, .unrecognized:
            throw IndicatorError.invalid("\(field).kind", "month, quarter, half year or year")
        }
        guard let period = ReportingPeriod(kind, year: Int(wire.year), index: Int(wire.index)) else {
            throw IndicatorError.invalid(
                "\(field).index", "\(wire.index) is not a \(kind) of \(wire.year) (a year has index 0)")
        }
        self = period
    }

    public var wire: Period {
        let kind: PeriodKind =
            switch self.kind {
            case .month: .month
            case .quarter: .quarter
            case .halfYear: .halfYear
            case .year: .year
            }
        return Period(kind: kind, year: Int32(year), index: Int32(index))
    }
}

extension ReportingPeriod {
    /// `2023-Q1`, `2023-03`, `2023-H2` or `2023`, as files and the command line write periods.
    public init?(text: String) {
        let parts = text.uppercased().split(separator: "-").map(String.init)
        guard let year = parts.first.flatMap({ Int($0) }), parts.count <= 2 else { return nil }
        guard parts.count == 2 else {
            self.init(.year, year: year)
            return
        }
        let rest = parts[1]
        if rest.hasPrefix("Q"), let index = Int(rest.dropFirst()) {
            self.init(.quarter, year: year, index: index)
        } else if rest.hasPrefix("H"), let index = Int(rest.dropFirst()) {
            self.init(.halfYear, year: year, index: index)
        } else if let index = Int(rest), rest.count == 2 {
            self.init(.month, year: year, index: index)
        } else {
            return nil
        }
    }

    /// The period as ``init(text:)`` reads it.
    public var text: String {
        switch kind {
        case .month: "\(year)-\(index < 10 ? "0" : "")\(index)"
        case .quarter: "\(year)-Q\(index)"
        case .halfYear: "\(year)-H\(index)"
        case .year: "\(year)"
        }
    }
}
