import CalendarDates
import CommonAPI

/// An administrative unit for one period of its existence. A unit is in force on day `d` when
/// `validFrom <= d` and, if it has ended, `d < validTo`.
public struct AdminUnitRecord: Hashable, Sendable {
    public var code: String
    public var officialCode: String
    public var name: String
    public var level: AdminLevel
    public var parentCode: String?
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?
    public var placeholder: Bool
    public var source: String
    /// Xã, phường, thị trấn...; from the file, else read from the name, else unknown.
    public var kind: AdminUnitKind?
    /// Where known (a census or a department's own count).
    public var population: Int?

    public init(
        code: String, officialCode: String = "", name: String, level: AdminLevel, parentCode: String?,
        validFrom: CalendarDate, validTo: CalendarDate? = nil, placeholder: Bool = false, source: String,
        kind: AdminUnitKind? = nil, population: Int? = nil
    ) {
        self.kind = kind ?? AdminUnitKind(name: name)
        self.population = population
        self.code = code
        self.officialCode = officialCode
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.placeholder = placeholder
        self.source = source
    }

    public func isInForce(on date: CalendarDate) -> Bool {
        validFrom <= date && (validTo.map { date < $0 } ?? true)
    }

    public var proto: AdminUnit {
        AdminUnit(
            code: code, officialCode: officialCode, name: name, level: level, parentCode: parentCode ?? "",
            validFrom: validFrom.proto, validTo: validTo?.proto, placeholder: placeholder, source: source,
            kind: kind?.rawValue ?? "", population: Int64(population ?? 0))
    }
}

/// An abolished unit and one unit that took over (part of) its territory from `effective`.
public struct LineageRecord: Hashable, Sendable {
    public var oldCode: String
    public var newCode: String
    public var effective: CalendarDate

    public init(oldCode: String, newCode: String, effective: CalendarDate) {
        self.oldCode = oldCode
        self.newCode = newCode
        self.effective = effective
    }
}
