import AdminUnits
import CalendarDates

/// Support to a poor or near-poor household under the universal telecom service programme
/// (Decision 2269/QĐ-TTg, Circular 14/2022).
public struct UniversalServiceSupport: Sendable, Hashable {
    public enum PovertyStatus: String, Sendable, Hashable, CaseIterable {
        case poor, nearPoor
    }

    public enum SupportType: String, Sendable, Hashable, CaseIterable {
        /// A smartphone.
        case handset
        /// A monthly mobile-broadband subscription.
        case subscription
    }

    public var household: String
    public var povertyStatus: PovertyStatus
    /// The year of the poverty list the household is on.
    public var listYear: Int
    public var unitCode: String
    public var supportType: SupportType
    public var provider: String
    public var deliveredOn: CalendarDate?

    public init(
        household: String, povertyStatus: PovertyStatus, listYear: Int, unitCode: String, supportType: SupportType,
        provider: String, deliveredOn: CalendarDate? = nil
    ) {
        self.household = household
        self.povertyStatus = povertyStatus
        self.listYear = listYear
        self.unitCode = unitCode
        self.supportType = supportType
        self.provider = provider
        self.deliveredOn = deliveredOn
    }

    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(household, "household")
        try TelecomError.required(unitCode, "unit_code")
        _ = try operators.check(provider, field: "provider")
        guard (2000...2100).contains(listYear) else { throw .invalid("list_year", "2000 to 2100") }
    }
}
